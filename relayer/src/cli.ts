/**
 * `btt-relayer <command> --config <file>`:
 *   start   run the relayer until SIGINT/SIGTERM
 *   status  print duty records by state and the transactions not final yet (reads the database)
 *   keys    print the address of every configured key (EVM and TRON base58 forms)
 * Exit codes: 0 ok, 1 runtime failure, 2 bad usage or configuration.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { BttError, ConfigError } from "./errors.ts";
import { resolveKeys } from "./config/keys.ts";
import { loadConfig } from "./config/load.ts";
import { startRelayer } from "./Relayer.ts";
import { terminalStates } from "./duties/registry.ts";
import type { LeaseRow } from "./store/types.ts";
import { describeStore, openStore, storeLocation } from "./store/open.ts";

const usage = `Usage: btt-relayer <start|status|keys> --config <file>

  start   run the duties until SIGINT/SIGTERM (dry run unless sendTransactions is true)
  status  duty records by state and transactions not final yet
  keys    addresses of the configured keys (EVM hex and TRON base58)

Environment: BTT_RELAYER_KEY_<NAME> (hex private key), BTT_RELAYER_KEYSTORE_PASSWORD_<NAME>,
and BTT_RELAYER_<PATH> overrides of config fields (path segments joined by "__").`;

export async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        config: { type: "string", short: "c" },
        help: { type: "boolean", short: "h" },
        json: { type: "boolean" },
      },
    });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${usage}\n`);
    return 2;
  }
  const command = parsed.positionals[0];
  if (parsed.values.help === true || command === undefined || command === "help") {
    process.stdout.write(`${usage}\n`);
    return command === undefined && parsed.values.help !== true ? 2 : 0;
  }
  if (parsed.values.config === undefined) {
    process.stderr.write(`missing --config <file>\n\n${usage}\n`);
    return 2;
  }
  const configFile = parsed.values.config;
  try {
    switch (command) {
      case "start":
        return await start(configFile);
      case "status":
        return await status(configFile, parsed.values.json === true);
      case "keys":
        return keys(configFile);
      default:
        process.stderr.write(`unknown command '${command}'\n\n${usage}\n`);
        return 2;
    }
  } catch (error) {
    if (error instanceof BttError) {
      process.stderr.write(`btt-relayer: ${error.message}\n`);
      // Start-up refusals an operator fixes (config, chains, a second daemon, a taken port, an unopenable store) exit 2.
      return error instanceof ConfigError ||
        ["ChainCheckError", "StoreLockedError", "HttpBindError", "StoreError"].includes(error.name)
        ? 2
        : 1;
    }
    process.stderr.write(`btt-relayer: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

async function start(configFile: string): Promise<number> {
  const loaded = loadConfig(configFile);
  const relayer = await startRelayer({ loaded });
  // A stray rejection (a transport's background task, say) is logged; it never stops the daemon.
  process.on("unhandledRejection", (reason) =>
    relayer.log.error({ err: reason instanceof Error ? reason.message : String(reason) }, "unhandled rejection"),
  );
  return new Promise<number>((resolveExit) => relayer.shutdown.installSignalHandlers(resolveExit));
}

async function status(configFile: string, json: boolean): Promise<number> {
  const { config, dir } = loadConfig(configFile);
  const location = storeLocation(config.store, dir);
  const path = describeStore(location);
  if (location.engine === "sqlite" && !existsSync(location.path)) {
    process.stdout.write(`no database yet at ${path}\n`);
    return 0;
  }
  const store = await openStore(location, { readonly: true });
  try {
    const records = await store.countRecordsByState();
    const pending = await store.pendingTxs();
    const queues = queueDepths(records);
    // A database from before the leases (migration 3) has none: nothing to show.
    const leases = await store.leases().catch(() => []);
    const claims = await store.claimsByHolder().catch(() => []);
    const processes = processesOf(leases, claims);
    if (json) {
      process.stdout.write(
        `${JSON.stringify({ records, queues, processes, leases, txs: await store.countTxsByStatus(), pending }, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`,
      );
      return 0;
    }
    process.stdout.write(`database ${path}\n\nduty records by state:\n`);
    if (records.length === 0) process.stdout.write("  (none)\n");
    for (const row of records) process.stdout.write(`  ${row.duty.padEnd(16)} ${row.state.padEnd(12)} ${row.count}\n`);
    process.stdout.write("\nqueue depth (records not in a terminal state) per duty:\n");
    if (queues.length === 0) process.stdout.write("  (none)\n");
    for (const queue of queues) process.stdout.write(`  ${queue.duty.padEnd(16)} ${queue.depth}\n`);
    process.stdout.write("\nprocesses (live leases, claimed records):\n");
    if (processes.length === 0) process.stdout.write("  (none)\n");
    for (const p of processes)
      process.stdout.write(
        `  ${p.holder}\n    leases: ${p.leases.map((l) => `${l.name} (generation ${l.generation})`).join(", ") || "-"}\n    claims: ${p.claims.map((c) => `${c.duty} ${c.count}`).join(", ") || "-"}\n`,
      );
    process.stdout.write(`\ntransactions not final yet: ${pending.length}\n`);
    for (const tx of pending)
      process.stdout.write(
        `  #${tx.id} ${tx.chain} ${tx.duty}/${tx.recordId} nonce ${tx.nonce ?? "-"} ${tx.status} ${tx.hash ?? ""}${tx.error ? ` (${tx.error})` : ""}\n`,
      );
    return 0;
  } finally {
    await store.close();
  }
}

/** Records not in a terminal state, per duty (a duty this relayer does not know counts every record). */
function queueDepths(
  records: readonly { duty: string; state: string; count: number }[],
): { duty: string; depth: number }[] {
  const depth = new Map<string, number>();
  for (const { duty, state, count } of records) {
    // Sub-records (`storageProofs.proof`) belong to their duty's queue.
    const terminal = terminalStates[duty] ?? terminalStates[duty.split(".")[0] ?? ""] ?? [];
    depth.set(duty, (depth.get(duty) ?? 0) + (terminal.includes(state) ? 0 : count));
  }
  return [...depth].map(([duty, n]) => ({ duty, depth: n }));
}

/** Per live process: the leases it holds (by the database's clock) and the records it has claimed. */
function processesOf(
  leases: readonly LeaseRow[],
  claims: readonly { holder: string; duty: string; count: number }[],
): { holder: string; leases: LeaseRow[]; claims: { duty: string; count: number }[] }[] {
  const now = Math.max(0, ...leases.map((l) => l.renewedAt));
  const live = leases.filter((l) => l.expiresAt > now);
  const holders = new Set([...live.map((l) => l.holder), ...claims.map((c) => c.holder)]);
  return [...holders].sort().map((holder) => ({
    holder,
    leases: live.filter((l) => l.holder === holder && !l.name.startsWith("process:")),
    claims: claims.filter((c) => c.holder === holder).map(({ duty, count }) => ({ duty, count })),
  }));
}

function keys(configFile: string): number {
  const { config, dir } = loadConfig(configFile);
  const resolved = resolveKeys(config.keys, dir);
  if (resolved.size === 0) process.stdout.write("no keys configured\n");
  for (const key of resolved.values())
    process.stdout.write(`${key.name}\n  evm:  ${key.address}\n  tron: ${key.tronAddress}\n  from: ${key.source}\n`);
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(await main(process.argv.slice(2)));
}
