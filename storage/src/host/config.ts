/**
 * The host's configuration: a JSON file (never the key) plus the environment. Paths are relative to
 * the config file. The key comes from `BTT_HOST_KEY` or an encrypted keystore; the proof endpoint's token from
 * `BTT_HOST_PROOF_TOKEN` (required when proofs are served).
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

import { zeroAddress, type Address, type Hex } from "viem";
import { z } from "zod";

import { ConfigError } from "../shared/errors.ts";
import { keyFromEnv } from "../shared/chain.ts";
import { toJson } from "../shared/json.ts";
import { decryptKeystore } from "../shared/keystore.ts";

const amount = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform((v) => BigInt(v));
const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/)
  .transform((v) => v as Address);

/** Default price of one verified piece served (256 KiB): 10^12 base units, 10^-6 BTT. */
export const DEFAULT_PRICE_PER_PIECE = 10n ** 12n;

export const hostConfigSchema = z.strictObject({
  rpcUrl: z.url(),
  /** Deployment manifest naming the `storageMarket` (or give `market`). */
  manifest: z.string().optional(),
  market: address.optional(),
  /** Folder of the shards, the SQLite state and the piece-layer caches. */
  dataDir: z.string().min(1),
  /** Bytes offered (announced on chain; offers beyond what is left are refused). */
  capacity: amount,
  pricePerGiBPerPeriod: amount,
  collateralPerGiB: amount,
  /** Announced on chain: the URL clients offer deals to and open pulls on (default: the listen address). */
  endpoint: z.string().max(256).optional(),
  listen: z.strictObject({ host: z.string().default("127.0.0.1"), port: z.number().int().min(0).max(65535) }),
  /** Where the host seeds its shards over the P2P core (told to clients by `GET /info`). */
  p2p: z
    .strictObject({ host: z.string().default("127.0.0.1"), port: z.number().int().min(0).max(65535).default(0) })
    .default({ host: "127.0.0.1", port: 0 }),
  /** Terms the host takes. */
  minPeriods: z.number().int().min(1).default(1),
  maxPeriods: z.number().int().min(1).default(10_000),
  maxChallenges: z.number().int().min(1).max(64).default(16),
  /** Blocks an offer's deadline must be ahead of the head (time to pull and accept). */
  deadlineMarginBlocks: z.number().int().min(0).default(2),
  /** A pull that verifies nothing for this long fails (and the offer is refused). */
  pullStallMs: z.number().int().min(100).default(30_000),
  /** `submit`: the host sends its proofs (batched); `serve`: relayers read them from `GET /proofs`. */
  proofs: z.enum(["submit", "serve"]).default("submit"),
  /** Proofs per submitProofs transaction. */
  proofBatchSize: z.number().int().min(1).max(256).default(16),
  /** Claim credits once they reach this amount. */
  claimThreshold: amount.default(0n),
  /** Chain poll period of the prover. */
  pollMs: z.number().int().min(10).default(1_000),
  /**
   * Paid serving over the P2P core: downloaders pay `pricePerPiece` (token base units per verified
   * piece; 0 serves free) with vouchers on the PaymentChannels pool (`pool`, else the manifest's
   * `paymentChannels`) in `token` (default native BTT). Vouchers are kept in `<dataDir>/vouchers.json`
   * and claimed once what they pay reaches `claimThreshold`.
   */
  serving: z
    .strictObject({
      pricePerPiece: amount.default(DEFAULT_PRICE_PER_PIECE),
      creditPieces: z.number().int().min(1).max(1024).default(8),
      pool: address.optional(),
      token: address.default(zeroAddress),
      claimThreshold: amount.default(0n),
      /** A downloader asked to pay that sends no voucher for this long is dropped. */
      paymentTimeoutMs: z.number().int().min(100).default(30_000),
    })
    .prefault({}),
});
export type HostConfigFile = z.output<typeof hostConfigSchema>;

export interface HostConfig extends HostConfigFile {
  readonly key: Hex;
  readonly proofToken: string | undefined;
  readonly configPath: string;
}

/** The file alone (paths resolved), without the environment's secrets: what `status` needs. */
export function readHostConfigFile(path: string): HostConfigFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (cause) {
    throw new ConfigError(`Cannot read the host config ${path}`, { cause, hints: ["Pass --config <file.json>"] });
  }
  if (typeof raw === "object" && raw !== null && ("key" in raw || "privateKey" in raw)) {
    throw new ConfigError("The config file must not hold the key", {
      hints: ["Remove it from the file and export BTT_HOST_KEY=0x... instead"],
    });
  }
  const parsed = hostConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid host config ${path}: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const base = dirname(resolve(path));
  const file = parsed.data;
  if (file.minPeriods > file.maxPeriods) throw new ConfigError("minPeriods is above maxPeriods");
  return {
    ...file,
    dataDir: resolve(base, file.dataDir),
    ...(file.manifest === undefined ? {} : { manifest: resolve(base, file.manifest) }),
  };
}

/**
 * The host's key: `BTT_HOST_KEY`, or the v3 keystore file `BTT_HOST_KEYSTORE` (relative to the
 * working directory) decrypted with `BTT_HOST_KEYSTORE_PASSWORD`. Both at once is refused.
 */
export function hostKeyFromEnv(env: NodeJS.ProcessEnv = process.env): Hex {
  const keystore = env.BTT_HOST_KEYSTORE;
  if (keystore === undefined) return keyFromEnv("BTT_HOST_KEY");
  if (env.BTT_HOST_KEY !== undefined)
    throw new ConfigError("Both BTT_HOST_KEY and BTT_HOST_KEYSTORE are set", { hints: ["Unset one of them"] });
  const password = env.BTT_HOST_KEYSTORE_PASSWORD;
  if (password === undefined)
    throw new ConfigError("BTT_HOST_KEYSTORE is set but BTT_HOST_KEYSTORE_PASSWORD is not", {
      hints: ["export BTT_HOST_KEYSTORE_PASSWORD=... (the keystore's password)"],
    });
  return decryptKeystore(resolve(keystore), password);
}

/** The file plus the environment: the key (`hostKeyFromEnv`) and the proof token (`BTT_HOST_PROOF_TOKEN`). */
export function loadHostConfig(path: string): HostConfig {
  const file = readHostConfigFile(path);
  const proofToken = process.env.BTT_HOST_PROOF_TOKEN;
  if (file.proofs === "serve" && (proofToken === undefined || proofToken.length < 16)) {
    throw new ConfigError("Serving proofs needs BTT_HOST_PROOF_TOKEN (at least 16 characters)", {
      hints: ["Give the same token to the relayer in the proof source URL (?token=...)"],
    });
  }
  return {
    ...file,
    key: hostKeyFromEnv(),
    proofToken,
    configPath: resolve(path),
  };
}

/** The fields a running host takes from its config file on SIGHUP (its terms); the others need a restart. */
export const RELOADABLE_FIELDS = [
  "capacity",
  "pricePerGiBPerPeriod",
  "collateralPerGiB",
  "endpoint",
  "minPeriods",
  "maxPeriods",
  "maxChallenges",
  "deadlineMarginBlocks",
] as const;

/** `current` with the terms of the re-read `file`; a file that changes anything else is refused (the old config stays). */
export function reloadedConfig(current: HostConfig, file: HostConfigFile): HostConfig {
  const reloadable = new Set<string>(RELOADABLE_FIELDS);
  const changed = (Object.keys(hostConfigSchema.shape) as (keyof HostConfigFile)[]).filter(
    (field) => !reloadable.has(field) && toJson(current[field]) !== toJson(file[field]),
  );
  if (changed.length > 0)
    throw new ConfigError(`Reload refused: ${changed.join(", ")} changed and need a restart`, {
      hints: [`Only ${RELOADABLE_FIELDS.join(", ")} are reloaded on SIGHUP`],
    });
  const next: HostConfig = { ...current };
  for (const field of RELOADABLE_FIELDS) Object.assign(next, { [field]: file[field] });
  return next;
}
