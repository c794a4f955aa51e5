/**
 * The client's manifest: everything needed to retrieve, check and repair a stored file, the key
 * included. Written with user-only permissions (0600), atomically (temporary file, fsync, rename),
 * so a repair that dies half-way leaves the previous manifest intact.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";

import { getAddress, type Address, type Hex } from "viem";
import { z } from "zod";

import { parseStorageManifest, storageManifestToJson, type StorageManifest } from "@btt-network/sdk/storage";
import { ClientManifestError } from "../shared/errors.ts";
import { toJson } from "../shared/json.ts";

export const KEY_WARNING =
  "This manifest holds the key that decrypts the file: anyone who reads it can read the file. Keep it private (it is written with mode 0600).";

export interface PlacedShard {
  readonly index: number;
  readonly host: Address;
  readonly endpoint: string;
  readonly dealId: Hex;
  readonly start: bigint;
  readonly periods: bigint;
}

export interface ClientManifest {
  readonly version: 1;
  readonly warning: string;
  readonly chainId: number;
  readonly market: Address;
  readonly client: Address;
  /** AES-256-GCM key of the file (hex). */
  readonly key: Hex;
  /** The SDK's file manifest: erasure parameters and each shard's (root, size). */
  readonly file: StorageManifest;
  /** The file is kept until block `until` (repairs place new deals up to it). */
  readonly until: bigint;
  readonly periodLength: bigint;
  readonly pricePerPeriod: readonly bigint[];
  readonly shards: readonly PlacedShard[];
  /** Earlier placements replaced by repairs. */
  readonly replaced: readonly (PlacedShard & { readonly reason: string })[];
}

const uint = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform((v) => BigInt(v));
const hex = z
  .string()
  .regex(/^0x[0-9a-fA-F]*$/)
  .transform((v) => v as Hex);
const addr = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/)
  .transform((v) => getAddress(v));
const placed = z.strictObject({
  index: z.number().int().nonnegative(),
  host: addr,
  endpoint: z.string(),
  dealId: hex,
  start: uint,
  periods: uint,
});
const schema = z.strictObject({
  version: z.literal(1),
  warning: z.string(),
  chainId: z.number().int().positive(),
  market: addr,
  client: addr,
  key: z
    .string()
    .regex(/^0x[0-9a-fA-F]{64}$/)
    .transform((v) => v as Hex),
  file: z.record(z.string(), z.unknown()),
  until: uint,
  periodLength: uint,
  pricePerPeriod: z.array(uint),
  shards: z.array(placed),
  replaced: z.array(placed.extend({ reason: z.string() })),
});

export function readClientManifest(path: string): ClientManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (cause) {
    throw new ClientManifestError(`Cannot read the manifest ${path}`, {
      cause,
      hints: ["Pass the manifest `btt-storage store` wrote (JSON)"],
    });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ClientManifestError(
      `${path} is not a btt-storage manifest: ${issue?.path.join(".")}: ${issue?.message}`,
      {
        hints: ["Pass the manifest `btt-storage store` wrote, not the SDK's shard manifest or another file"],
      },
    );
  }
  let file: StorageManifest;
  try {
    file = parseStorageManifest(parsed.data.file);
  } catch (cause) {
    throw new ClientManifestError(`${path}: its file section is invalid`, { cause });
  }
  if (parsed.data.shards.length !== file.shards.length) {
    throw new ClientManifestError(
      `${path}: ${parsed.data.shards.length} placed shards for ${file.shards.length} shards`,
    );
  }
  return { ...parsed.data, file };
}

export function writeClientManifest(path: string, manifest: ClientManifest): void {
  const body = toJson({ ...manifest, file: JSON.parse(storageManifestToJson(manifest.file)) as unknown }, 2);
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, "w", 0o600);
  try {
    writeSync(fd, `${body}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
