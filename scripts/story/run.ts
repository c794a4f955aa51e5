/**
 * The end-to-end story of DESIGN section 13 without the relayer daemon: four chains, everything
 * deployed, then staking, bridging, storage deals and paid transfers, each step checked exactly.
 * `runStory` is shared by `npm start` (full profile) and test/story (short profile), both on the
 * devnet's `hardhat node` processes (scripts/devnet); without URLs it runs on in-process chains.
 */
import { runBridge, type BridgeOutcome } from "./bridge.ts";
import { closeChains, opcodeSupport, openChains, type ChainUrls } from "./chains.ts";
import { deployAll, type Deployment } from "./deploy.ts";
import { scratchDir } from "./files.ts";
import { BTT, type Profile } from "./profile.ts";
import { Validators } from "./relay.ts";
import { createReporter, expectTrue, type Reporter } from "./report.ts";
import { runStaking, selfStakes, type StakingOutcome } from "./staking.ts";
import { runStorage, type StorageOutcome } from "./storage.ts";
import { runTransfer, type TransferOutcome } from "./transfer.ts";

export interface StoryResult {
  readonly profile: Profile;
  readonly reporter: Reporter;
  /** Every contract the story deployed (its chain connections are closed when the story returns). */
  readonly deployment: Deployment;
  readonly staking: StakingOutcome;
  readonly bridge: BridgeOutcome;
  readonly storage: StorageOutcome;
  readonly transfer: TransferOutcome;
}

export interface StoryOptions {
  /** Progress output (default console.log). */
  readonly log?: (line: string) => void;
  /** The chains' JSON-RPC URLs (the devnet); in-process simulated chains when absent. */
  readonly urls?: ChainUrls;
}

export async function runStory(profile: Profile, options: StoryOptions = {}): Promise<StoryResult> {
  const reporter = createReporter(options.log);
  reporter.step("Four chains with their real chain ids");
  const chains = await openChains(reporter, options.urls);
  const scratch = await scratchDir();
  try {
    for (const c of Object.values(chains)) reporter.ok(`${c.label}: chain id ${c.chainId}, ${c.transport}, hardfork ${c.hardfork}`);
    const tvm = await opcodeSupport(chains.tron);
    expectTrue(tvm.push0 && !tvm.tload && !tvm.mcopy, `the TRON stand-in must run PUSH0 and refuse TLOAD/MCOPY (got ${JSON.stringify(tvm)})`);
    reporter.ok("TRON stand-in: PUSH0 runs, TLOAD and MCOPY (off on TRON) fail, as on the TVM");
    // The genesis set committed at deployment: the four validators' keys with their planned self-stakes.
    const validators = new Validators(selfStakes.map((s) => s / BTT));

    reporter.step("Deploying every contract on the four chains; governance maps the bridged tokens");
    const deployment = await deployAll(chains, validators, reporter);

    reporter.step("1. Staking on TRON: stake, delegate, epochs, rewards; the set committed on every chain");
    const staking = await runStaking(chains, deployment, validators, reporter);

    reporter.step("2. Bridge: a deposit from each root chain into BTTC, withdrawals out to another root chain");
    const bridge = await runBridge(chains, deployment, validators, reporter);

    reporter.step("3. Storage: a file prepared into shards, stored under deals with proofs for two periods, restored");
    const storage = await runStorage(chains, deployment, profile, scratch.dir, reporter);

    reporter.step("4. Payments + P2P: the file downloaded from two seeders over TCP, paid per piece, claimed on chain");
    const transfer = await runTransfer(chains, deployment, profile, storage.restoredPath, scratch.dir, reporter);

    reporter.finish();
    return { profile, reporter, deployment, staking, bridge, storage, transfer };
  } finally {
    await scratch.remove();
    await closeChains(chains);
  }
}
