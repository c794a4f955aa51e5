/**
 * `npm start`: starts the devnet (four `hardhat node` processes on 127.0.0.1, scripts/devnet),
 * runs the end-to-end story (scripts/story/run.ts, full profile) against it over JSON-RPC, prints
 * the summary and stops the nodes. Exits non-zero with the mismatch on any failure; the nodes are
 * stopped on failure and on Ctrl-C as well.
 *
 * `npm start -- --keep`: after the story the devnet keeps running for dapp development; prints
 * the RPC URLs, every deployed address (also written as deployment manifests under .devnet/) and
 * the funded test accounts, until Ctrl-C.
 */
import { onShutdownSignal, startDevnet, type Devnet } from "./devnet/devnet.ts";
import { describeDevnet } from "./devnet/info.ts";
import { contractsOf, writeManifests } from "./devnet/manifests.ts";
import { stopAllNodes } from "./devnet/node.ts";
import type { ChainUrls } from "./story/chains.ts";
import { profiles } from "./story/profile.ts";
import { runStory } from "./story/run.ts";
import { printSummary } from "./story/summary.ts";

const keep = process.argv.slice(2).includes("--keep");
const unknown = process.argv.slice(2).filter((a) => a !== "--keep");
if (unknown.length > 0) {
  console.error(`Unknown argument(s) ${unknown.join(" ")}. Usage: npm start [-- --keep]`);
  process.exit(2);
}

// From here on no node outlives this process, whatever happens.
let stopping = false;
onShutdownSignal(async () => {
  stopping = true;
  console.error("\nStopping the devnet...");
  await stopAllNodes();
});

const started = performance.now();
let storyDone = false;
let devnet: Devnet | undefined;
try {
  console.log("» Starting the devnet: four hardhat nodes on 127.0.0.1");
  devnet = await startDevnet({ ports: "default" });
  const bootMs = performance.now() - started;
  for (const c of devnet.chains) {
    console.log(`  ✓ ${c.name} (chain id ${c.chainId}) at ${c.url}`);
    // A node that dies on its own is named at once (its RPC errors alone would not say why).
    // (Checked a moment later: Ctrl-C in a terminal signals the nodes too, maybe before us.)
    c.node.child.once("exit", (code, signal) =>
      setTimeout(() => {
        if (stopping) return;
        console.error(`\n✗ The ${c.name} node (${c.url}) exited (${signal ?? code})${storyDone ? "; stopping the devnet" : ""}`);
        if (storyDone) void stopAllNodes().finally(() => process.exit(1));
      }, 200),
    );
  }
  const urls = devnet.urls as ChainUrls;
  const result = await runStory(profiles.full, { urls });
  printSummary(result, performance.now() - started, console.log, [{ step: "Starting the devnet (4 hardhat node processes)", ms: bootMs }]);
  if (keep) {
    const contracts = contractsOf(result.deployment);
    const files = await writeManifests(urls, contracts, process.env.npm_package_version ?? "0.1.0");
    for (const line of describeDevnet(devnet, contracts, files)) console.log(line);
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
    await stopAllNodes();
  }
}
