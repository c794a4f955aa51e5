import { readFile } from "../../utils/nodeBuiltins.ts";

import { isHex, type Hex } from "viem";

import { ManifestError } from "../errors.ts";
import { toFileAccessError } from "../../errors.ts";

export const MANIFEST_VERSION = 1;
export const ERASURE_SCHEME = "reed-solomon-gf256-cauchy";

/** One shard of a prepared file: its content commitment and its file name (relative to the manifest). */
export interface ShardEntry {
  readonly index: number;
  readonly root: Hex;
  readonly size: bigint;
  readonly file: string;
}

/**
 * What `restore` needs besides the key and any k shards. The encrypted stream (chunks of
 * `chunkSize` plaintext bytes, each sealed with its own nonce and tag) is cut into stripes of
 * `dataShards * stripeUnit` bytes (the last one shorter, zero-padded to a multiple of `dataShards`);
 * stripe s puts bytes [j * unit, (j + 1) * unit) in data shard j and Reed-Solomon parity in the others.
 */
export interface StorageManifest {
  readonly version: typeof MANIFEST_VERSION;
  readonly name: string;
  readonly cipher: "aes-256-gcm";
  readonly chunkSize: number;
  readonly plainSize: bigint;
  readonly encryptedSize: bigint;
  readonly erasure: {
    readonly scheme: typeof ERASURE_SCHEME;
    readonly dataShards: number;
    readonly parityShards: number;
    readonly stripeUnit: number;
  };
  readonly shardSize: bigint;
  readonly shards: readonly ShardEntry[];
}

/** The manifest as JSON (bigints as decimal strings). Contains no key. */
export function storageManifestToJson(manifest: StorageManifest): string {
  return `${JSON.stringify(manifest, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value), 2)}\n`;
}

/** Parses and checks a manifest (JSON text or the object read from it). */
export function parseStorageManifest(input: string | Record<string, unknown>): StorageManifest {
  let raw: Record<string, unknown>;
  try {
    raw = typeof input === "string" ? (JSON.parse(input) as Record<string, unknown>) : input;
  } catch (cause) {
    throw new ManifestError("Manifest is not valid JSON", { cause });
  }
  if (typeof raw !== "object" || raw === null) throw new ManifestError("Manifest must be a JSON object");
  if (raw.version !== MANIFEST_VERSION) {
    throw new ManifestError("Unsupported manifest version", { details: { version: String(raw.version) } });
  }
  if (raw.cipher !== "aes-256-gcm")
    throw new ManifestError("Unsupported cipher", { details: { cipher: String(raw.cipher) } });
  const erasure = raw.erasure as Record<string, unknown> | undefined;
  if (typeof erasure !== "object" || erasure === null || erasure.scheme !== ERASURE_SCHEME) {
    throw new ManifestError("Unsupported or missing erasure scheme");
  }
  const dataShards = positiveInt(erasure.dataShards, "erasure.dataShards");
  const parityShards = nonNegativeInt(erasure.parityShards, "erasure.parityShards");
  const shardsRaw = raw.shards;
  if (!Array.isArray(shardsRaw) || shardsRaw.length !== dataShards + parityShards) {
    throw new ManifestError("Manifest must list exactly k + m shards", {
      details: { expected: dataShards + parityShards, got: Array.isArray(shardsRaw) ? shardsRaw.length : "none" },
    });
  }
  const shardSize = bigintField(raw.shardSize, "shardSize");
  const shards = shardsRaw.map((entry: unknown, i): ShardEntry => {
    const e = entry as Record<string, unknown>;
    if (e?.index !== i) throw new ManifestError("Shard entries must be in index order", { details: { position: i } });
    if (typeof e.root !== "string" || !isHex(e.root, { strict: true }) || e.root.length !== 66) {
      throw new ManifestError("Shard root must be 32 bytes of hex", { details: { shard: i } });
    }
    if (typeof e.file !== "string" || e.file.length === 0)
      throw new ManifestError("Shard file name missing", { details: { shard: i } });
    const size = bigintField(e.size, `shards[${i}].size`);
    if (size !== shardSize) throw new ManifestError("Every shard must have shardSize bytes", { details: { shard: i } });
    return { index: i, root: e.root as Hex, size, file: e.file };
  });
  return {
    version: MANIFEST_VERSION,
    name: typeof raw.name === "string" ? raw.name : "",
    cipher: "aes-256-gcm",
    chunkSize: positiveInt(raw.chunkSize, "chunkSize"),
    plainSize: bigintField(raw.plainSize, "plainSize"),
    encryptedSize: bigintField(raw.encryptedSize, "encryptedSize"),
    erasure: {
      scheme: ERASURE_SCHEME,
      dataShards,
      parityShards,
      stripeUnit: positiveInt(erasure.stripeUnit, "erasure.stripeUnit"),
    },
    shardSize,
    shards,
  };
}

/** Reads and parses a manifest file. */
export async function readStorageManifest(path: string): Promise<StorageManifest> {
  const text = await readFile(path, "utf8").catch((error: unknown) => {
    throw toFileAccessError(error, path);
  });
  return parseStorageManifest(text);
}

function positiveInt(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new ManifestError(`Manifest field ${field} must be a positive integer`, {
      details: { value: String(value) },
    });
  }
  return value;
}

function nonNegativeInt(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new ManifestError(`Manifest field ${field} must be a non-negative integer`, {
      details: { value: String(value) },
    });
  }
  return value;
}

function bigintField(value: unknown, field: string): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value !== "string" || !/^\d+$/.test(value)) {
    throw new ManifestError(`Manifest field ${field} must be a decimal string`, { details: { value: String(value) } });
  }
  return BigInt(value);
}
