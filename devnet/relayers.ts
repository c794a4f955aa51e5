/**
 * The devnet's relayers: three relayer daemons (relayer/, started through its CLI as child
 * processes, as an operator would) holding the story's four validator signer keys between them
 * (relayer A holds two), each paying from its own funded account. Every relayer signs (validator
 * signer, its signature API behind a bearer token, peers pointing at each other); A and B also
 * submit checkpoints of every stream (each root -> BTTC, BTTC -> each root) and carry validator-set
 * rotations; C executes messages (deposits on BTTC, withdrawals on the roots for opted-in users)
 * and submits hosts' storage proofs. Contract addresses come from the deployment manifests.
 *
 * The daemons start as soon as the contracts they relay between exist (messaging and bridges,
 * wired), so deployment's own messages (the token mappings) travel through them. C's storage-proof
 * duty needs the StorageMarket, deployed later (it is paid in a mapped token): `update()` rewrites
 * the manifests and restarts the daemons whose configuration changes (C, which then gains that
 * duty), as an operator restarts a relayer after a deployment; the others never read the new contracts.
 *
 * Files: `<dir>/<name>.json` (config), `<name>.log` (pino JSON lines), `<name>.db` (SQLite store),
 * `deployments/<network>.json` (manifests), `proofs/host-<i>/` (proof files hosts write). Keys,
 * tokens and database URLs only travel through the children's environment.
 *
 * With `postgres` (`npm start -- --postgres`) the stores are databases on one PostgreSQL server
 * instead: one database per role, and the executor role runs as several processes (relayer-c,
 * relayer-c2, ...) with the same keys and config on its one database, sharing its work through
 * leases and record claims (relayer/README.md "Several relayers on one database"). Roles do not
 * share a database: every process on a database counts towards the fair share of leases each
 * may hold, and only a process with an account's key takes that account's lease, so a process
 * holding other keys would leave some of another role's accounts without a sender.
 *
 * Every daemon started here is stopped when this process exits, and shuts itself down if this
 * process is killed (relayerGuard.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";

import { type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { localChains } from "../deploy/chains.ts";
import { cast, type ChainName, type ChainUrls } from "./story/chains.ts";
import { fundedAccounts } from "./accounts.ts";
import { devnetDir, writeManifests, type DevnetManifests } from "./manifests.ts";
import { freePort, HOST, repoRoot } from "./node.ts";
import type { ThrowawayPostgres } from "./postgres.ts";
import { redactPostgresUrl } from "../relayer/src/store/PgStore.ts";

export const relayersDir = join(devnetDir, "relayers");
const relayerBin = join(repoRoot, "relayer", "bin", "btt-relayer.js");
const relayerGuard = join(repoRoot, "devnet", "relayerGuard.ts");

/** Who runs what: validator indices held, and the duties besides the signer. */
export interface RelayerRole {
  readonly name: string;
  /** Hardhat account (index) paying for this relayer's transactions. */
  readonly account: number;
  /** Indices of the story's validator keys this relayer signs with. */
  readonly validators: readonly number[];
  /** Submits checkpoints of every stream and carries rotations. */
  readonly submits: boolean;
  /** Executes messages and submits storage proofs. */
  readonly executes: boolean;
  /** Fronts fast withdrawals of the story's USDT to this root chain (`duties.fastFills`). */
  readonly fills?: ChainName;
  /** Another process of this role (same keys, config and database, PostgreSQL only). */
  readonly copyOf?: string;
}

/** The manifest key of the story's root-chain USDT (story/deploy.ts `storyTokenKeys.testUsdt`), the token fillers front. */
const fillTokenKey = "testUsdt";
/** What a filler may have paid out and not been repaid, in USDT (18 decimals). */
export const fillExposure = 1_000n * 10n ** 18n;

export const relayerRoles: readonly RelayerRole[] = [
  { name: "relayer-a", account: cast.relayers[0], validators: [0, 1], submits: true, executes: false },
  { name: "relayer-b", account: cast.relayers[1], validators: [2], submits: true, executes: false, fills: "tron" },
  { name: "relayer-c", account: cast.relayers[2], validators: [3], submits: false, executes: true },
];

export interface RelayersOptions {
  readonly urls: ChainUrls;
  /** What was deployed (devnet/manifests.ts `contractsOf`): written as the relayers' manifests. */
  readonly contracts: DevnetManifests;
  /** The story's validator signer keys, in order (relay.ts `Validators`). */
  readonly validatorKeys: readonly Hex[];
  /** Withdrawals the executor pays for: made by these BTTC accounts (the story's users, opted in). */
  readonly withdrawers: readonly Address[];
  /** Folder for configs, logs, stores and manifests (default .devnet/relayers; emptied first). */
  readonly dir?: string;
  /** Storage hosts writing proof files (one folder each). */
  readonly hosts?: number;
  readonly logLevel?: "debug" | "info" | "warn";
  /** Stores on this PostgreSQL server (one database per role) instead of SQLite files. */
  readonly postgres?: RelayersPostgres;
}

export interface RelayersPostgres {
  readonly server: Pick<ThrowawayPostgres, "createDatabase">;
  /** Processes of the executor role sharing its database (default `DEFAULT_EXECUTORS`). */
  readonly executors?: number;
}

/** Processes of the executor role on PostgreSQL unless told otherwise. */
export const DEFAULT_EXECUTORS = 2;

/**
 * How long a relayer's lease or record claim lasts unrenewed on PostgreSQL (renewed every third):
 * shorter than the relayer's default (15 s), so that a restarted executor process gets its share
 * of the work back within a few seconds.
 */
const LEASE_MS = 5_000;

/** Processes of the executor role at most (each holds the same keys and pays from the same account). */
export const MAX_EXECUTORS = 8;

export interface DevnetRelayer {
  readonly role: RelayerRole;
  /** Base URL of its HTTP server (signature API under /v1/, /health, /metrics). */
  readonly url: string;
  readonly configFile: string;
  readonly logFile: string;
  /** Where its store is: the SQLite file, or its PostgreSQL database's URL with the password hidden. */
  readonly store: string;
  /** The account paying its transactions. */
  readonly account: Address;
  /** Its duties, as configured ("signer", "checkpoints", "messages", "storageProofs", ...). */
  readonly duties: readonly string[];
  /** The validator signers it holds. */
  readonly validators: readonly Address[];
  readonly child: ChildProcess;
  /** The last `lines` lines of its log. */
  logTail(lines?: number): string;
  /** SIGTERM (graceful: in-flight sends finish), SIGKILL after `graceMs`; resolves once it is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface DevnetRelayers {
  readonly dir: string;
  readonly daemons: readonly DevnetRelayer[];
  /** PostgreSQL stores: each role's database URL (password included), by role name; undefined on SQLite. */
  readonly databases: Readonly<Record<string, string>> | undefined;
  /** Folder where host `i` writes its period proofs (the storage-proof submitter reads them). */
  proofDir(host: number): string;
  /** The relayer holding validator signer `signer`. */
  holderOf(signer: Address): DevnetRelayer | undefined;
  /**
   * Writes `contracts` as the manifests and restarts (SIGTERM, then the same port, token and
   * store) every daemon whose configuration they change; returns the restarted ones.
   */
  update(contracts: DevnetManifests): Promise<DevnetRelayer[]>;
  stop(): Promise<void>;
}

const live = new Map<ChildProcess, DevnetRelayer>();
process.on("exit", () => {
  for (const child of live.keys()) child.kill("SIGKILL");
});

/** Stops every relayer this process started and has not stopped yet. */
export async function stopAllRelayers(): Promise<void> {
  await Promise.all([...live.values()].map((relayer) => relayer.stop()));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every stream the checkpoint submitters carry: each root into BTTC and BTTC out to each root. */
function streams(): { source: ChainName; dest: ChainName }[] {
  const roots = localChains.filter((c) => c.network !== "bttc").map((c) => c.network as ChainName);
  return [
    ...roots.map((source) => ({ source, dest: "bttc" as const })),
    ...roots.map((dest) => ({ source: "bttc" as const, dest })),
  ];
}

interface Planned {
  readonly role: RelayerRole;
  readonly port: number;
  readonly token: string;
  /** Its role's PostgreSQL database (password included), or undefined: its own SQLite file. */
  readonly database: string | undefined;
}

/** The roles with the executor role's copies (`relayer-c2`, ...) after it: `executors` processes of it in all. */
export function rolesWith(executors: number): RelayerRole[] {
  if (!Number.isInteger(executors) || executors < 1 || executors > MAX_EXECUTORS)
    throw new RangeError(`executors ${executors}: a whole number from 1 to ${MAX_EXECUTORS}`);
  return relayerRoles.flatMap((role) =>
    role.executes
      ? [
          role,
          ...Array.from({ length: executors - 1 }, (_, i) => ({
            ...role,
            name: `${role.name}${i + 2}`,
            copyOf: role.name,
          })),
        ]
      : [role],
  );
}

/** A daemon's config file (relayer/src/config/schema.ts), as written. */
type DaemonConfig = { readonly duties: Record<string, unknown> } & Record<string, unknown>;

function configOf(
  planned: Planned,
  all: readonly Planned[],
  options: RelayersOptions,
): { config: DaemonConfig; env: NodeJS.ProcessEnv } {
  const { role } = planned;
  const account = fundedAccounts()[role.account];
  if (account === undefined) throw new Error(`no funded account ${role.account}`);
  const env: NodeJS.ProcessEnv = {
    BTT_RELAYER_KEY_SUBMITTER: account.privateKey,
    BTT_RELAYER_HTTP__AUTH_TOKEN: planned.token,
    ...(planned.database === undefined ? {} : { BTT_RELAYER_STORE__URL: planned.database }),
  };
  const keys: Record<string, unknown> = { submitter: { address: account.address } };
  for (const i of role.validators) {
    const key = options.validatorKeys[i];
    if (key === undefined) throw new Error(`no validator key ${i}`);
    keys[`validator${i}`] = { address: privateKeyToAccount(key).address };
    env[`BTT_RELAYER_KEY_VALIDATOR${i}`] = key;
  }
  // One signature source per other role: its first process (a copy holds the same validator keys).
  const peers = all
    .filter((p) => p.role.copyOf === undefined && p.role.name !== (role.copyOf ?? role.name))
    .map((p) => {
      const tokenEnv = `PEER_TOKEN_${p.role.name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
      env[tokenEnv] = p.token;
      return { url: `http://${HOST}:${p.port}`, tokenEnv };
    });
  const chains = Object.fromEntries(
    localChains.map((c) => [
      c.network,
      {
        rpcUrl: options.urls[c.network as ChainName],
        manifest: `deployments/${c.network}.json`,
        // Automine: every transaction is a block, nothing reorganises; one confirmation suffices.
        confirmations: 1,
        pollIntervalMs: 100,
        rpcTimeoutMs: 5_000,
        haltRetryMs: 2_000,
        // Automining nodes make blocks on demand only: an idle head is not a stalled node.
        maxHeadAgeSeconds: 0,
        fees: { stuckAfterMs: 15_000 },
        ...(c.network === "tron" ? { tron: { simulated: true } } : {}),
      },
    ]),
  );
  const first = role.validators[0];
  const duties: Record<string, unknown> = {
    signer: {
      chain: "tron",
      key: `validator${first}`,
      keys: role.validators.map((i) => `validator${i}`),
      home: "tron",
      intervalMs: 250,
    },
  };
  if (role.submits) {
    duties.checkpoints = {
      chain: "bttc",
      key: "submitter",
      home: "tron",
      streams: streams(),
      intervalMs: 150,
      // On demand (messages waiting) only: an idle devnet is not checkpointed every few seconds.
      maxIntervalMs: 3_600_000,
      // Waiting messages are held a moment, so that a fast-exit filler fronts a withdrawal before the
      // slow path could execute it (on a busy machine too); real networks hold them for minutes.
      batchDelayMs: 1_000,
      peers,
      peerTimeoutMs: 3_000,
      proposalTimeoutMs: 20_000,
      // The submitting relayers take turns per checkpoint instead of racing (automine: a block per transaction).
      submitters: all.filter((p) => p.role.submits).map((p) => fundedAccounts()[p.role.account]!.address),
      turnMs: 1_500,
    };
    duties.rotations = { chain: "tron", key: "submitter", home: "tron", intervalMs: 250, peers, peerTimeoutMs: 3_000 };
  }
  if (role.executes) Object.assign(duties, executorDuties(options));
  if (role.fills !== undefined) Object.assign(duties, fillerDuties(options, role.fills));
  const config: DaemonConfig = {
    sendTransactions: true,
    chains,
    keys,
    store: planned.database === undefined ? { path: `${role.name}.db` } : { processName: role.name, leaseMs: LEASE_MS },
    http: { host: HOST, port: planned.port },
    log: { level: options.logLevel ?? "info" },
    duties,
  };
  return { config, env };
}

/**
 * The message executor and, once BTTC's manifest has the StorageMarket, the storage-proof
 * submitter (relayer C). Endpoints (Inbox, Outbox, bridge of every chain) and the StorageMarket
 * come from the manifests.
 */
function executorDuties(options: RelayersOptions): Record<string, unknown> {
  const messages = {
    messages: {
      chain: "bttc",
      key: "submitter",
      intervalMs: 150,
      withdrawals: { withdrawers: [...options.withdrawers] },
      retryDelayMs: 2_000,
    },
  };
  if (options.contracts.bttc.contracts.storageMarket === undefined) return messages;
  return {
    ...messages,
    storageProofs: {
      chain: "bttc",
      key: "submitter",
      intervalMs: 200,
      sources: Array.from({ length: options.hosts ?? 0 }, (_, i) => ({ dir: join("proofs", `host-${i}`) })),
      // The story proves every period in time; a report would only race its own proofs.
      reportMissed: false,
    },
  };
}

/**
 * The fast-exit filler on `chain` (story step 2b): fronts BTTC's fast withdrawals of the story's
 * USDT from the relayer's own balance, within `fillExposure`, after BTTC's confirmation depth.
 * Absent until the chain's manifest has the token.
 */
function fillerDuties(options: RelayersOptions, chain: ChainName): Record<string, unknown> {
  const token = options.contracts[chain].contracts[fillTokenKey]?.address;
  if (token === undefined) return {};
  return {
    fastFills: {
      chain,
      key: "submitter",
      source: "bttc",
      intervalMs: 100,
      tokens: [{ token, maxExposure: fillExposure.toString(), minMargin: "0", tokenPerNative: "0" }],
    },
  };
}

function tailOf(file: string, lines: number): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

async function launch(
  planned: Planned,
  config: DaemonConfig,
  env: NodeJS.ProcessEnv,
  dir: string,
  validators: readonly Address[],
  account: Address,
): Promise<DevnetRelayer> {
  const { role } = planned;
  const configFile = join(dir, `${role.name}.json`);
  const logFile = join(dir, `${role.name}.log`);
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  const log = openSync(logFile, "a");
  // Nothing of this process's own relayer settings leaks into the daemon: only what its config says.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith("BTT_RELAYER_") && !k.startsWith("PEER_TOKEN_")),
  );
  // Our stdin pipe is the daemon's lifeline (relayerGuard.ts); its output goes straight to the log file.
  const child = spawn(process.execPath, ["--import", relayerGuard, relayerBin, "start", "--config", configFile], {
    cwd: repoRoot,
    stdio: ["pipe", log, log],
    env: { ...inherited, ...env, FORCE_COLOR: "0" },
  });
  closeSync(log);
  const exited = once(child, "exit").then(() => void live.delete(child));
  const url = `http://${HOST}:${planned.port}`;
  const relayer: DevnetRelayer = {
    role,
    url,
    configFile,
    logFile,
    store: planned.database === undefined ? join(dir, `${role.name}.db`) : redactPostgresUrl(planned.database),
    account,
    duties: Object.keys(config.duties),
    validators,
    child,
    logTail: (lines = 20) => tailOf(logFile, lines),
    stop: async (graceMs = 10_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  live.set(child, relayer);
  return relayer;
}

/** Waits until the daemon's HTTP server answers /health (any status: chains may still be syncing). */
async function ready(relayer: DevnetRelayer, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { child } = relayer;
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(
        `${relayer.role.name} exited with ${child.exitCode ?? child.signalCode} during start-up; its log (${relayer.logFile}) ends with:\n${relayer.logTail()}`,
      );
    try {
      await fetch(`${relayer.url}/health`, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(
        `${relayer.role.name} did not serve ${relayer.url}/health within ${timeoutMs} ms; its log ends with:\n${relayer.logTail()}`,
      );
    await sleep(150);
  }
}

/**
 * Writes the manifests and the configs, starts the daemons (three, and the executor role's copies
 * on PostgreSQL) and waits until each serves its health endpoint. If one fails to start, the others are stopped before the error is thrown.
 */
export async function startRelayers(options: RelayersOptions): Promise<DevnetRelayers> {
  const dir = options.dir ?? relayersDir;
  rmSync(dir, { recursive: true, force: true }); // a fresh devnet: no store may remember another chain's history
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < (options.hosts ?? 0); i++) mkdirSync(join(dir, "proofs", `host-${i}`), { recursive: true });
  const release = process.env.npm_package_version ?? "devnet";
  await writeManifests(options.urls, options.contracts, release, join(dir, "deployments"));
  const { postgres } = options;
  const databases: Record<string, string> = {};
  if (postgres !== undefined)
    for (const role of relayerRoles)
      databases[role.name] = await postgres.server.createDatabase(role.name.replace(/-/g, "_"));
  const planned: Planned[] = [];
  for (const role of rolesWith(postgres === undefined ? 1 : (postgres.executors ?? DEFAULT_EXECUTORS)))
    planned.push({
      role,
      port: await freePort(),
      token: randomBytes(24).toString("hex"),
      database: postgres === undefined ? undefined : databases[role.copyOf ?? role.name],
    });
  const start = async (p: Planned, current: RelayersOptions) => {
    const { config, env } = configOf(p, planned, current);
    const validators = p.role.validators.map((i) => privateKeyToAccount(current.validatorKeys[i]!).address);
    const relayer = await launch(p, config, env, dir, validators, fundedAccounts()[p.role.account]!.address);
    return { relayer, config: JSON.stringify(config) };
  };
  const daemons: DevnetRelayer[] = [];
  const configs: string[] = [];
  try {
    for (const p of planned) {
      const { relayer, config } = await start(p, options);
      daemons.push(relayer);
      configs.push(config);
    }
    await Promise.all(daemons.map((d) => ready(d, 60_000)));
  } catch (error) {
    await Promise.all(daemons.map((d) => d.stop()));
    throw error;
  }
  let current = options;
  return {
    dir,
    daemons,
    databases: postgres === undefined ? undefined : databases,
    proofDir: (host) => join(dir, "proofs", `host-${host}`),
    holderOf: (signer) => daemons.find((d) => d.validators.some((v) => v.toLowerCase() === signer.toLowerCase())),
    update: async (contracts) => {
      current = { ...current, contracts };
      await writeManifests(current.urls, contracts, release, join(dir, "deployments"));
      const restarted: DevnetRelayer[] = [];
      for (const [i, p] of planned.entries()) {
        if (JSON.stringify(configOf(p, planned, current).config) === configs[i]) continue;
        await daemons[i]!.stop();
        const { relayer, config } = await start(p, current);
        daemons[i] = relayer;
        configs[i] = config;
        await ready(relayer, 60_000);
        restarted.push(relayer);
      }
      return restarted;
    },
    stop: async () => void (await Promise.all(daemons.map((d) => d.stop()))),
  };
}

/** Lines for `npm start -- --keep`: where each relayer's health, metrics, log and config are. */
export function describeRelayers(relayers: DevnetRelayers): string[] {
  const lines = ["", "Relayer daemons (btt-relayer start --config <file>; Ctrl-C stops them with the nodes):"];
  for (const d of relayers.daemons) {
    lines.push(
      `  ${d.role.name}: validator${d.role.validators.length > 1 ? "s" : ""} ${d.role.validators.map((i) => i + 1).join(", ")}; duties ${d.duties.join(", ")}; pays from ${d.account}`,
    );
    lines.push(`    health ${d.url}/health   metrics ${d.url}/metrics`);
    lines.push(`    log ${d.logFile}   config ${d.configFile}`);
    if (relayers.databases !== undefined) lines.push(`    store ${d.store}`);
  }
  return lines;
}
