/**
 * `npm start`: starts the devnet (four `hardhat node` processes on 127.0.0.1, devnet),
 * deploys (three relayer daemons, devnet/relayers.ts with logs under .devnet/relayers/, start
 * once messaging and bridges are wired and relay deployment's token mappings) and runs the
 * end-to-end story (devnet/story/run.ts, full profile) against it over JSON-RPC while the daemons
 * relay; prints the summary and stops the daemons and the nodes. Exits non-zero with the
 * mismatch on any failure; daemons and nodes are stopped on failure and on Ctrl-C as well.
 *
 * `npm start -- --keep`: after the story the devnet and its relayers keep running for dapp
 * development; prints the RPC URLs, every deployed address (also written as deployment manifests
 * under .devnet/), the funded test accounts and each relayer's health and metrics URLs, until Ctrl-C.
 *
 * `npm start -- --postgres [--executors N]`: the relayers' stores are databases on one throwaway
 * PostgreSQL server (devnet/postgres.ts) instead of SQLite files: one database per role, and the
 * executor role runs as N processes (default 2, relayer-c, relayer-c2, ...) sharing its database
 * and its work. Prints where the databases are and, after the story, how many messages each
 * process executed; the server is stopped and its data deleted with the devnet (also on Ctrl-C,
 * and by a watcher process if this one is killed).
 */
import { onShutdownSignal, startDevnet, type Devnet } from "./devnet.ts";
import { describeDevnet } from "./info.ts";
import { contractsOf, writeManifests } from "./manifests.ts";
import { stopAllNodes } from "./node.ts";
import { describeRelayers, stopAllRelayers, type RelayersPostgres } from "./relayers.ts";
import { parseStartArgs, type StartArgs } from "./startArgs.ts";
import { describeWork, workByProcess } from "./relayerWork.ts";
import type { ChainUrls } from "./story/chains.ts";
import { profiles } from "./story/profile.ts";
import { runStory } from "./story/run.ts";
import { printSummary } from "./story/summary.ts";

let parsed: StartArgs;
try {
  parsed = parseStartArgs(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
const { keep, postgres, executors } = parsed;

/** The throwaway PostgreSQL server of `--postgres` (loaded only then: it hooks process events). */
type Server = import("./postgres.ts").ThrowawayPostgres;
let server: Server | undefined;
const stopServer = async (): Promise<void> => {
  await server?.stop();
  if (server !== undefined) console.log(`  ✓ PostgreSQL stopped, its data deleted (${server.dataDir})`);
  server = undefined;
};

// From here on no node outlives this process, whatever happens.
let stopping = false;
onShutdownSignal(async () => {
  stopping = true;
  console.error("\nStopping the relayers and the devnet...");
  await stopAllRelayers();
  await stopAllNodes();
  await stopServer();
});

const started = performance.now();
let storyDone = false;
let devnet: Devnet | undefined;
try {
  console.log(
    `» Starting the devnet: four hardhat nodes on 127.0.0.1${postgres ? ", and PostgreSQL for the relayers' stores" : ""}`,
  );
  const database = postgres ? import("./postgres.ts") : undefined;
  [devnet, server] = await Promise.all([
    startDevnet({ ports: "default" }),
    database?.then(async (module) => {
      module.leaveSignalsToCaller(); // the shutdown above stops the relayers first, then the server
      return module.startPostgres({ guard: true });
    }),
  ]);
  const bootMs = performance.now() - started;
  if (server !== undefined)
    console.log(
      `  ✓ PostgreSQL 18 at 127.0.0.1:${server.port} (data ${server.dataDir}, deleted when the devnet stops)`,
    );
  for (const c of devnet.chains) {
    console.log(`  ✓ ${c.name} (chain id ${c.chainId}) at ${c.url}`);
    // A node that dies on its own is named at once (its RPC errors alone would not say why).
    // (Checked a moment later: Ctrl-C in a terminal signals the nodes too, maybe before us.)
    c.node.child.once("exit", (code, signal) =>
      setTimeout(() => {
        if (stopping) return;
        console.error(
          `\n✗ The ${c.name} node (${c.url}) exited (${signal ?? code})${storyDone ? "; stopping the devnet" : ""}`,
        );
        if (storyDone)
          void stopAllRelayers()
            .then(stopAllNodes)
            .then(stopServer)
            .finally(() => process.exit(1));
      }, 200),
    );
  }
  const urls = devnet.urls as ChainUrls;
  const pgOptions: RelayersPostgres | undefined =
    server === undefined ? undefined : { server, ...(executors === undefined ? {} : { executors }) };
  const result = await runStory(profiles.full, {
    urls,
    keepRelayers: keep,
    ...(pgOptions === undefined ? {} : { postgres: pgOptions }),
  });
  printSummary(result, performance.now() - started, console.log, [
    { step: `Starting the devnet (4 hardhat node processes${server === undefined ? "" : ", PostgreSQL"})`, ms: bootMs },
  ]);
  if (result.relayers.databases !== undefined) {
    console.log("\nRelayer processes on PostgreSQL: transactions each decided and recorded (txs.created_by)");
    for (const line of describeWork(await workByProcess(result.relayers.databases))) console.log(`  ${line}`);
  }
  if (keep) {
    const contracts = contractsOf(result.deployment);
    const files = await writeManifests(urls, contracts, process.env.npm_package_version ?? "0.1.0");
    for (const line of describeDevnet(devnet, contracts, files)) console.log(line);
    for (const line of describeRelayers(result.relayers)) console.log(line);
    // A relayer that dies while the devnet is kept running is named at once.
    for (const d of result.relayers.daemons)
      d.child.once("exit", (code, signal) => {
        if (!stopping) console.error(`\n✗ ${d.role.name} exited (${signal ?? code}); its log: ${d.logFile}`);
      });
    setInterval(() => {}, 1 << 30); // serve until a signal
  }
} catch (error) {
  console.error(`\n✗ The story failed: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof Error && error.name !== "StoryMismatch") console.error(error.stack);
  process.exitCode = 1;
} finally {
  storyDone = true;
  if (!keep || process.exitCode === 1) {
    stopping = true;
    await stopAllRelayers();
    await stopAllNodes();
    await stopServer();
  }
}
