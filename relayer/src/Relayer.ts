/**
 * Assembles a running relayer from a parsed config: store, keys, one sender and one executor loop
 * per chain, one loop per duty, the HTTP endpoint, and the shutdown registry that takes it all
 * down in order. Start-up order matters: check every chain and contract, then reconcile what the
 * store recorded before a crash (one executor pass per chain), and only then let duties decide
 * anything new.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

import type { LoadedConfig } from "./config/load.ts";
import { resolveKeys, type ResolvedKey } from "./config/keys.ts";
import { knownChain } from "./config/chains.ts";
import { checkManifestChain, loadManifests, type ChainManifests } from "./config/manifests.ts";
import { redactConfig } from "./config/redact.ts";
import type { ChainConfig } from "./config/schema.ts";
import { createChainClient } from "./chain/client.ts";
import { checkChain, checkContract, checkContractKind } from "./chain/preflight.ts";
import { DutyRunner } from "./duties/DutyRunner.ts";
import { contractsOf, createDuties } from "./duties/registry.ts";
import { dutyStaleAfterMs, HealthState } from "./observability/health.ts";
import { startHttpServer, type AuthenticatedApi, type HttpServerHandle } from "./observability/http.ts";
import { createLogger, type Logger } from "./observability/log.ts";
import { RelayerMetrics } from "./observability/metrics.ts";
import { dutyLease, LeaseKeeper } from "./runtime/leases.ts";
import { Loop } from "./runtime/loop.ts";
import { Shutdown } from "./runtime/shutdown.ts";
import { describeStore, openStore, storeLocation } from "./store/open.ts";
import type { Store } from "./store/Store.ts";
import { EvmSender } from "./tx/EvmSender.ts";
import { ConfigError } from "./errors.ts";
import { shortError } from "./tx/classify.ts";
import { TxManager } from "./tx/TxManager.ts";
import type { ChainSender } from "./tx/types.ts";

export interface StartOptions {
  readonly loaded: LoadedConfig;
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: Logger;
  /** Metrics registry without process metrics (several relayers in one test process). */
  readonly processMetrics?: boolean;
}

export interface RelayerHandle {
  readonly store: Store;
  readonly log: Logger;
  readonly metrics: RelayerMetrics;
  readonly health: HealthState;
  readonly executors: ReadonlyMap<string, TxManager>;
  readonly runners: readonly DutyRunner[];
  readonly leases: LeaseKeeper;
  readonly http: HttpServerHandle | undefined;
  readonly shutdown: Shutdown;
  /** Stops loops, awaits in-flight sends, closes the HTTP server and the database. */
  stop(reason?: string): Promise<void>;
}

export async function createSender(name: string, config: ChainConfig): Promise<ChainSender> {
  const known = knownChain(name);
  const chainId = config.chainId ?? known?.chainId;
  if (known === undefined || chainId === undefined) throw new Error(`chain '${name}' is not known`);
  // A simulated TRON (an EVM node with TRON's chain id, the devnet) takes EVM transactions.
  if (known.kind === "tron" && config.tron?.simulated !== true) {
    const { TronSender } = await import("./tx/tron/TronSender.ts");
    return TronSender.create(name, chainId, config, createChainClient(config));
  }
  return new EvmSender(name, chainId, config, createChainClient(config));
}

export async function startRelayer(options: StartOptions): Promise<RelayerHandle> {
  const { config, dir } = options.loaded;
  const env = options.env ?? process.env;
  const log = options.log ?? createLogger(config.log.level);
  log.info({ config: redactConfig(config), sendTransactions: config.sendTransactions }, "starting");
  if (!config.sendTransactions) log.warn("dry run: sendTransactions is false, nothing will be recorded or sent");

  const keys = resolveKeys(config.keys, dir, env);
  const manifests = loadManifests(config, dir);
  // Every duty's contracts resolve (config, else manifest) before anything connects.
  const contracts = contractsOf(config, manifests);

  // One daemon per store, then the HTTP port: both fail fast, before any chain is asked anything.
  const location = storeLocation(config.store, dir);
  const store = await openStore(location, {
    exclusive: true,
    busyTimeoutMs: config.store.busyTimeoutMs,
    idleInTransactionMs: config.store.leaseMs / 2,
    ...(config.store.processName === undefined ? {} : { processName: config.store.processName }),
  });
  log.info({ engine: location.engine, store: describeStore(location), process: store.holder }, "store open");
  const shutdown = new Shutdown(log);
  shutdown.add("store", () => store.close());
  const metrics = new RelayerMetrics({ defaults: options.processMetrics ?? true });
  metrics.process.set({ process: store.holder, engine: store.engine }, 1);
  const health = new HealthState();
  try {
    let http: StartedHttp | undefined;
    if (config.http.enabled) {
      http = await startHttpServer({
        host: config.http.host,
        port: config.http.port,
        metrics,
        health,
        rateLimit: config.http.rateLimit,
        tls: readTls(config.http.tls, dir),
      });
      log.info({ url: http.url }, "metrics and health endpoint listening");
      const server = http;
      shutdown.add("http", () => server.close());
    }
    const senders = new Map<string, ChainSender>();
    shutdown.add("rpc connections", () => Promise.all([...senders.values()].map((sender) => sender.close?.())));
    for (const [name, chain] of Object.entries(config.chains)) {
      health.phase = `checking chain ${name}`;
      log.info({ chain: name }, "checking chain");
      const sender = await createSender(name, chain);
      senders.set(name, sender);
      await checkChain(sender, chain.rpcUrl);
      const manifest = manifests.get(name);
      if (manifest !== undefined) checkManifestChain(name, manifest, sender.chainId);
    }
    health.phase = "checking contracts";
    const probeClients = new Map(
      Object.entries(config.chains).map(([name, chain]) => [name, createChainClient(chain)]),
    );
    for (const contract of contracts) {
      const sender = senders.get(contract.chain);
      const client = probeClients.get(contract.chain);
      if (sender === undefined || client === undefined) continue;
      const what = `duties.${contract.duty}.${contract.field}`;
      await checkContract(sender, what, contract.address);
      await checkContractKind(client, contract.chain, what, contract.address);
    }
    return await assemble({ config, dir, log, keys, manifests, senders, store, shutdown, env, metrics, health, http });
  } catch (error) {
    await shutdown.shutdown("start-up failed");
    throw error;
  }
}

type StartedHttp = Awaited<ReturnType<typeof startHttpServer>>;

/** The HTTPS certificate and key named by `http.tls` (relative to the config file). */
function readTls(tls: LoadedConfig["config"]["http"]["tls"], dir: string): { cert: Buffer; key: Buffer } | undefined {
  if (tls === undefined) return undefined;
  const read = (field: "certFile" | "keyFile") => {
    const path = resolve(dir, tls[field]);
    try {
      return readFileSync(path);
    } catch (error) {
      throw new ConfigError(`http.tls.${field}: cannot read ${path}`, {
        cause: error,
        hints: ["Give PEM files readable by the relayer, relative to the config file."],
      });
    }
  };
  return { cert: read("certFile"), key: read("keyFile") };
}

interface AssembleContext {
  readonly config: LoadedConfig["config"];
  readonly dir: string;
  readonly log: Logger;
  readonly keys: ReadonlyMap<string, ResolvedKey>;
  readonly manifests: ChainManifests;
  readonly senders: ReadonlyMap<string, ChainSender>;
  readonly store: Store;
  readonly shutdown: Shutdown;
  readonly env: NodeJS.ProcessEnv;
  readonly metrics: RelayerMetrics;
  readonly health: HealthState;
  readonly http: StartedHttp | undefined;
}

/** A head older than this fails /health (0: never): see `chains.<name>.maxHeadAgeSeconds`. */
function maxHeadAge(name: string, chain: ChainConfig): number {
  return chain.maxHeadAgeSeconds ?? (name === "local" || chain.tron?.simulated === true ? 0 : 600);
}

async function assemble({
  config,
  dir,
  log,
  keys,
  manifests,
  senders,
  store,
  shutdown,
  env,
  metrics,
  health,
  http,
}: AssembleContext): Promise<RelayerHandle> {
  const keysByAddress = new Map<string, ResolvedKey>([...keys.values()].map((key) => [key.address.toLowerCase(), key]));
  for (const [name, chain] of Object.entries(config.chains))
    health.chain(name).maxHeadAgeSeconds = maxHeadAge(name, chain);
  health.phase = "reconciling recorded transactions";

  // Leases: which accounts this process sends for and which duties it leads (all of them with
  // SQLite; a fair share of them when several processes share a PostgreSQL database).
  const leases = new LeaseKeeper({
    store,
    ttlMs: config.store.leaseMs,
    log,
    metrics,
    onRound: (error) => (health.store.leaseError = error),
  });
  const executors = new Map<string, TxManager>();
  for (const [name, sender] of senders)
    executors.set(
      name,
      new TxManager({
        store,
        sender,
        keys: keysByAddress,
        log,
        metrics,
        health,
        sendEnabled: config.sendTransactions,
        haltRetryMs: config.chains[name]?.haltRetryMs,
        leases,
      }),
    );

  // Reconcile before anything new is decided: receipts of recorded transactions, nonces.
  const clients = new Map(Object.entries(config.chains).map(([name, chain]) => [name, createChainClient(chain)]));
  const services = { keys, clients, log, metrics, env, mountApi: (mounted: AuthenticatedApi) => http?.mount(mounted) };
  const duties = createDuties({ config, baseDir: dir, store, manifests, services });
  for (const duty of duties) {
    const key = keys.get(duty.key);
    const executor = executors.get(duty.chain);
    if (key !== undefined && executor !== undefined) await executor.syncAccount(key.address);
  }
  for (const duty of duties) leases.want(dutyLease(duty.name));
  await leases.renew();
  for (const executor of executors.values()) await executor.tick();

  const loops: Promise<void>[] = [];
  const dutyLoops: Loop[] = [];
  const runners: DutyRunner[] = [];
  for (const duty of duties) {
    const key = keys.get(duty.key);
    if (key === undefined) throw new Error(`duty ${duty.name}: key '${duty.key}' is not configured`);
    const runner = new DutyRunner({
      store,
      duty,
      key,
      executors,
      log,
      metrics: metrics.duty(duty.name),
      health,
      sendEnabled: config.sendTransactions,
      claimMs: config.store.leaseMs,
      leases,
    });
    runners.push(runner);
    health.duty(duty.name).staleAfterMs = dutyStaleAfterMs(duty.intervalMs);
    dutyLoops.push(
      new Loop({
        name: `duty:${duty.name}`,
        intervalMs: duty.intervalMs,
        log,
        run: (signal) => runner.runOnce(signal),
      }),
    );
  }
  for (const [name, executor] of executors) {
    const loop = new Loop({
      name: `executor:${name}`,
      intervalMs: config.chains[name]?.pollIntervalMs ?? 2_000,
      log,
      run: () => executor.tick(),
    });
    executor.wake = () => loop.wake();
    executor.onSettled(() => {
      for (const dutyLoop of dutyLoops) dutyLoop.wake();
    });
    loops.push(loop.start(shutdown.signal));
  }
  for (const loop of dutyLoops) loops.push(loop.start(shutdown.signal));
  // Runs after the loops stopped (registered before them: the shutdown goes in reverse order).
  shutdown.add("leases (handed to the other processes)", () => leases.releaseAll());
  shutdown.add("loops (in-flight sends finish first)", () => Promise.all(loops));

  // The store's heartbeat: /health says when it cannot be written (read-only file, a lock held elsewhere).
  const heartbeat = new Loop({
    name: "store heartbeat",
    intervalMs: 5_000,
    log,
    run: async () => {
      try {
        await store.heartbeat(Date.now());
        health.store.lastWriteAt = Date.now();
        health.store.lastError = undefined;
      } catch (error) {
        health.store.lastError = shortError(error);
      }
    },
  });
  loops.push(heartbeat.start(shutdown.signal));
  const keeper = new Loop({
    name: "leases",
    intervalMs: Math.floor(config.store.leaseMs / 3),
    maxBackoffMs: Math.floor(config.store.leaseMs / 3),
    log,
    run: () => leases.renew(),
  });
  loops.push(keeper.start(shutdown.signal));

  health.phase = "running";
  log.info({ duties: duties.map((duty) => duty.name), chains: [...senders.keys()] }, "started");

  return {
    store,
    log,
    metrics,
    health,
    executors,
    runners,
    leases,
    http,
    shutdown,
    stop: (reason) => shutdown.shutdown(reason),
  };
}
