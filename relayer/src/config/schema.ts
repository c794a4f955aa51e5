/**
 * The relayer's configuration: one zod schema per concern (chains, keys, store, HTTP, logging) and
 * one per duty (from the duty registry), composed into the root schema and parsed once at startup.
 * Cross-references (a duty naming a chain or a key) are checked here so that a bad file fails
 * before anything connects.
 */
import { z } from "zod";

import { dutyConfigSchemas } from "../duties/configs.ts";
import { knownChain, knownChains } from "./chains.ts";
import { address, name, positiveInt, rpcUrl, uint } from "./fields.ts";

export const feesSchema = z.strictObject({
  /** `eip1559` (type-2 transactions) or `legacy` (gasPrice). */
  mode: z.enum(["eip1559", "legacy"]).default("eip1559"),
  /** Upper bound of maxFeePerGas (or gasPrice) in wei: no bump ever goes above it. */
  maxFeePerGasCap: uint.default(500_000_000_000n),
  /** Priority fee in wei; by default the node's eth_maxPriorityFeePerGas. */
  priorityFeePerGas: uint.optional(),
  /** Each replacement raises both fee fields by at least this percentage (nodes require >= 10). */
  bumpPercent: z.number().int().min(10).max(500).default(25),
  /** A sent transaction without a receipt after this long is re-sent with bumped fees. */
  stuckAfterMs: positiveInt.default(60_000),
  /** Gas limit = estimate x this percentage / 100. */
  gasMultiplierPercent: z.number().int().min(100).max(400).default(120),
});

export const tronSchema = z.strictObject({
  /**
   * The chain is served by an EVM JSON-RPC node standing in for TRON (the local devnet's
   * `hardhat node` with TRON's chain id): transactions are ordinary EVM transactions sent over
   * rpcUrl, no `fullHost` is needed. Reads and duties still treat the chain as TRON (logs instead
   * of calls at past blocks). Never set it for a real TRON network.
   */
  simulated: z.boolean().default(false),
  /** TRON HTTP API (java-tron FullNode, e.g. https://nile.trongrid.io). Reads still use rpcUrl (/jsonrpc). Required unless `simulated`. */
  fullHost: z.url({ protocol: /^https?$/ }).optional(),
  /** Never pay more than this per transaction (sun). */
  feeLimitCapSun: uint.default(200_000_000n),
  /** Energy estimate x (100 + margin) / 100 gives the fee limit budget. */
  energyMarginPercent: z.number().int().min(0).max(400).default(30),
});

export const chainSchema = z.strictObject({
  rpcUrl,
  /** Required for `local`; for a known chain it must match (or be omitted). */
  chainId: positiveInt.optional(),
  /** A receipt counts once its block has this many blocks on top of it, itself included. */
  confirmations: positiveInt.default(2),
  pollIntervalMs: positiveInt.default(2_000),
  rpcTimeoutMs: positiveInt.default(10_000),
  /** An account out of funds is retried after this long (sending resumes once it is funded). */
  haltRetryMs: positiveInt.default(30_000),
  /**
   * /health fails when the latest block is older than this (the node stopped following the
   * chain). Default 600, except for `local` chains and a simulated TRON (0: never), whose
   * automining nodes only make blocks on demand.
   */
  maxHeadAgeSeconds: z.number().int().nonnegative().optional(),
  fees: feesSchema.default(feesSchema.parse({})),
  tron: tronSchema.optional(),
  /**
   * Deployment manifest of this chain (deployments/<network>.json from the deploy scripts), path
   * relative to the config file: duties take contract addresses and start blocks from it
   * (config/manifests.ts). Its chainId must be this chain's.
   */
  manifest: z.string().min(1).optional(),
});

export const keySchema = z
  .strictObject({
    /** Environment variable holding the hex private key (default BTT_RELAYER_KEY_<NAME>). */
    env: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/)
      .optional(),
    /** Ethereum v3 keystore file (scrypt or pbkdf2), path relative to the config file. */
    keystore: z.string().min(1).optional(),
    /** Environment variable holding the keystore password (default BTT_RELAYER_KEYSTORE_PASSWORD_<NAME>). */
    passwordEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/)
      .optional(),
    /** Expected address: the relayer refuses to start if the key derives another one. */
    address: address.optional(),
    privateKey: z
      .never({
        error: "private keys are never read from the config file: set BTT_RELAYER_KEY_<NAME> or use a keystore",
      })
      .optional(),
    /**
     * The key lives in a remote signer speaking web3signer's ETH1 signing API
     * (`POST <url>/api/v1/eth1/sign/<publicKey>`), not in this process. Validator keys only (the
     * signer duty): transactions are signed with local keys. `https://` URLs are verified against
     * the system CAs plus NODE_EXTRA_CA_CERTS. Needs `address`; excludes env and keystore.
     */
    remote: z
      .strictObject({
        url: z.url({ protocol: /^https?$/ }),
        /** The key's uncompressed secp256k1 public key (0x + 128 hex, or 0x04 + 128 hex): web3signer's identifier. */
        publicKey: z.string().regex(/^0x(04)?[0-9a-fA-F]{128}$/, {
          error: "a public key is 0x followed by 128 hex characters (64 bytes, uncompressed, 04 prefix optional)",
        }),
        /** A signing request not answered in full within this long fails with RemoteSignerError. */
        timeoutMs: z.number().int().min(100).max(60_000).default(5_000),
      })
      .optional(),
  })
  .superRefine((key, ctx) => {
    if (key.remote === undefined) return;
    for (const field of ["env", "keystore", "passwordEnv"] as const)
      if (key[field] !== undefined)
        ctx.addIssue({ code: "custom", path: [field], message: `a key held by a remote signer has no ${field}` });
    if (key.address === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["address"],
        message: "a key held by a remote signer needs its address (the relayer checks every signature against it)",
      });
  });

export const storeSchema = z.strictObject({
  /** SQLite file, relative to the config file (used when `url` is not set). */
  path: z.string().min(1).default("relayer.db"),
  /**
   * Where the store is: a SQLite file path (relative to the config file) or a `postgres://` URL
   * (PostgreSQL). Wins over `path`. Put a password in BTT_RELAYER_STORE__URL, not in the file.
   */
  url: z.string().min(1).optional(),
  /**
   * A statement waits at most this long for a lock another process holds (a backup, a sqlite3
   * shell) before its run fails and is retried: the daemon, HTTP server included, never blocks longer.
   */
  busyTimeoutMs: z.number().int().min(0).max(10_000).default(250),
  /**
   * Several processes on one PostgreSQL database: how long a lease (an account's nonces, a duty's
   * log scanning) or a record claim lasts without renewal (renewed every third of it). A process
   * that dies or stalls longer hands its work to the others after this long.
   */
  leaseMs: z.number().int().min(1_000).max(600_000).default(15_000),
  /** This process's name in leases, claims and `status` (default `<hostname>:<pid>`); a random suffix is added per start. */
  processName: z.string().min(1).max(100).optional(),
});

export const httpSchema = z.strictObject({
  enabled: z.boolean().default(true),
  host: z.string().min(1).default("127.0.0.1"),
  /** 0 picks a free port (tests). */
  port: z.number().int().min(0).max(65_535).default(9464),
  /** Bearer token for authenticated endpoints (validator signatures); set it from the environment. */
  authToken: z.string().min(16).optional(),
  /**
   * Serve HTTPS instead of HTTP (PEM files, paths relative to the config file): peers then use
   * `https://` URLs. Peers whose certificate is signed by a private CA: start the relayer with
   * NODE_EXTRA_CA_CERTS=<ca.pem>.
   */
  tls: z.strictObject({ certFile: z.string().min(1), keyFile: z.string().min(1) }).optional(),
  /** Signature API requests per bearer token (and failed authentications per client address): sustained rate and burst (default 20/s, 60). */
  rateLimit: z
    .strictObject({
      perSecond: z.number().positive().max(10_000).default(20),
      burst: z.number().int().min(1).max(100_000).default(60),
    })
    .optional(),
});

export const logSchema = z.strictObject({
  level: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export const configSchema = z
  .strictObject({
    /** Dry-run unless true: duties decide and simulate, nothing is recorded or sent. */
    sendTransactions: z.boolean().default(false),
    chains: z.record(name, chainSchema),
    keys: z.record(name, keySchema).default({}),
    store: storeSchema.default(storeSchema.parse({})),
    http: httpSchema.default(httpSchema.parse({})),
    log: logSchema.default(logSchema.parse({})),
    duties: dutyConfigSchemas.default({}),
  })
  .superRefine((config, ctx) => {
    for (const [chainName, chain] of Object.entries(config.chains)) {
      const known = knownChain(chainName);
      const path = ["chains", chainName];
      if (known === undefined) {
        ctx.addIssue({
          code: "custom",
          path,
          message: `unknown chain '${chainName}'; known chains: ${knownChains.map((c) => c.name).join(", ")}`,
        });
        continue;
      }
      if (known.chainId === undefined && chain.chainId === undefined)
        ctx.addIssue({
          code: "custom",
          path: [...path, "chainId"],
          message: "chain 'local' needs an explicit chainId",
        });
      if (known.chainId !== undefined && chain.chainId !== undefined && chain.chainId !== known.chainId)
        ctx.addIssue({
          code: "custom",
          path: [...path, "chainId"],
          message: `chain '${chainName}' has id ${known.chainId}, not ${chain.chainId}`,
        });
      if (known.kind === "tron" && chain.tron?.fullHost === undefined && chain.tron?.simulated !== true)
        ctx.addIssue({
          code: "custom",
          path: [...path, "tron"],
          message:
            "a TRON chain needs tron.fullHost (or tron.simulated: true when an EVM node stands in for TRON, as on the local devnet)",
        });
      if (known.kind !== "tron" && chain.tron !== undefined)
        ctx.addIssue({
          code: "custom",
          path: [...path, "tron"],
          message: `chain '${chainName}' is not a TRON chain: remove its tron section`,
        });
    }
    for (const [dutyName, duty] of Object.entries(config.duties)) {
      if (duty?.enabled !== true || duty.chain === undefined || duty.key === undefined) continue;
      if (!(duty.chain in config.chains))
        ctx.addIssue({
          code: "custom",
          path: ["duties", dutyName, "chain"],
          message: `chain '${duty.chain}' is not configured under 'chains'`,
        });
      if (!(duty.key in config.keys))
        ctx.addIssue({
          code: "custom",
          path: ["duties", dutyName, "key"],
          message: `key '${duty.key}' is not configured under 'keys'`,
        });
      else if (dutyName !== "signer" && config.keys[duty.key]?.remote !== undefined)
        ctx.addIssue({
          code: "custom",
          path: ["duties", dutyName, "key"],
          message: `key '${duty.key}' is held by a remote signer, which signs validator messages only: give duty '${dutyName}' a local key to send transactions with`,
        });
    }
  });

export type RelayerConfigInput = z.input<typeof configSchema>;
export type RelayerConfig = z.output<typeof configSchema>;
export type ChainConfig = z.output<typeof chainSchema>;
export type KeyConfig = z.output<typeof keySchema>;
export type FeesConfig = z.output<typeof feesSchema>;
