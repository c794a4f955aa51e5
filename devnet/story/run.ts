/**
 * The end-to-end story of DESIGN section 13: four chains, everything deployed (three relayer
 * daemons, devnet/relayers.ts, started once messaging and bridges are wired: they relay
 * deployment's token mappings too), then staking, bridging, storage deals and paid
 * transfers, each step checked exactly while the daemons relay. `runStory` is shared by `npm start`
 * (full profile) and test/story (short profile), both on the devnet's `hardhat node` processes.
 */
import { DEFAULT_EXECUTORS, startRelayers, type DevnetRelayers, type RelayersPostgres } from "../relayers.ts";
import { runBridge, type BridgeOutcome } from "./bridge.ts";
import { cast, closeChains, opcodeSupport, openChains, type ChainUrls } from "./chains.ts";
import { deployAll, type Deployment } from "./deploy.ts";
import { runFastExit, type FastExitOutcome } from "./fastExit.ts";
import { scratchDir } from "./files.ts";
import { deployGovernanceContracts, runGovernance, type GovernanceOutcome } from "./governance.ts";
import { BTT, type Profile } from "./profile.ts";
import { Validators } from "./relay.ts";
import { createReporter, expectTrue, type Reporter } from "./report.ts";
import { runStaking, selfStakes, type StakingOutcome } from "./staking.ts";
import { runHosts, type HostsOutcome } from "./hosts.ts";
import { runStorage, type StorageOutcome } from "./storage.ts";
import { runTransfer, type TransferOutcome } from "./transfer.ts";
import { describeStores } from "../relayerWork.ts";

export interface StoryResult {
  readonly profile: Profile;
  readonly reporter: Reporter;
  /** Every contract the story deployed (its chain connections are closed when the story returns). */
  readonly deployment: Deployment;
  readonly staking: StakingOutcome;
  readonly bridge: BridgeOutcome;
  readonly fastExit: FastExitOutcome;
  readonly storage: StorageOutcome;
  /** The storage network as programs: btt-host daemons, btt-storage store / repair / retrieve. */
  readonly hosts: HostsOutcome;
  readonly transfer: TransferOutcome;
  readonly governance: GovernanceOutcome;
  /** The relayer daemons (stopped when the story returns, unless `keepRelayers`). */
  readonly relayers: DevnetRelayers;
}

export interface StoryOptions {
  /** Progress output (default console.log). */
  readonly log?: (line: string) => void;
  /** The chains' JSON-RPC URLs (the devnet's nodes: the relayer daemons need them too). */
  readonly urls: ChainUrls;
  /** Folder for the daemons' configs, logs, stores and manifests (default .devnet/relayers). */
  readonly relayersDir?: string;
  /** Leave the daemons running after a successful story (`npm start -- --keep`). */
  readonly keepRelayers?: boolean;
  /** The daemons' stores on PostgreSQL, the executor role in several processes (`npm start -- --postgres`). */
  readonly postgres?: RelayersPostgres;
}

/** How the story names the relayer daemons it starts. */
function daemonsTitle(postgres: RelayersPostgres | undefined): string {
  if (postgres === undefined) return "three relayer daemons";
  const executors = postgres.executors ?? DEFAULT_EXECUTORS;
  return `${2 + executors} relayer daemons (the executor role in ${executors} process${executors === 1 ? "" : "es"}) on PostgreSQL`;
}

export async function runStory(profile: Profile, options: StoryOptions): Promise<StoryResult> {
  const reporter = createReporter(options.log);
  reporter.step("Four chains with their real chain ids");
  const chains = await openChains(reporter, options.urls);
  const scratch = await scratchDir();
  let relayers: DevnetRelayers | undefined;
  let keep = false;
  try {
    for (const c of Object.values(chains))
      reporter.ok(`${c.label}: chain id ${c.chainId}, ${c.transport}, hardfork ${c.hardfork}`);
    const tvm = await opcodeSupport(chains.tron);
    expectTrue(
      tvm.push0 && !tvm.tload && !tvm.mcopy,
      `the TRON stand-in must run PUSH0 and refuse TLOAD/MCOPY (got ${JSON.stringify(tvm)})`,
    );
    reporter.ok("TRON stand-in: PUSH0 runs, TLOAD and MCOPY (off on TRON) fail, as on the TVM");
    // The genesis set committed at deployment: the four validators' keys with their planned self-stakes.
    const validators = new Validators(selfStakes.map((s) => s / BTT));

    reporter.step("Deploying every contract on the four chains");
    const deployment = await deployAll(chains, validators, reporter, async (contracts) => {
      reporter.step(
        `Starting ${daemonsTitle(options.postgres)} (messaging and bridges are wired): four validator keys, checkpoints, rotations, messages`,
      );
      relayers = await startRelayers({
        urls: options.urls,
        contracts,
        validatorKeys: validators.privateKeys,
        withdrawers: [chains.bttc.wallet(cast.alice).account.address],
        hosts: profile.dataShards + profile.parityShards,
        ...(options.relayersDir === undefined ? {} : { dir: options.relayersDir }),
        ...(options.postgres === undefined ? {} : { postgres: options.postgres }),
      });
      for (const d of relayers.daemons)
        reporter.ok(
          `${d.role.name}: validator${d.role.validators.length > 1 ? "s" : ""} ${d.role.validators.map((i) => i + 1).join(" and ")}; ${d.duties.join(", ")} (pid ${d.child.pid}, ${d.url})`,
        );
      for (const line of describeStores(relayers)) reporter.ok(line);
      return relayers;
    });
    if (relayers === undefined) throw new Error("deployment returned without starting the relayer daemons");
    reporter.step(
      "Governance contracts: votes from stake, Governor and timelock on TRON, receivers on the four chains (Ethereum and BNB Chain obey BTTC's)",
    );
    const governanceContracts = await deployGovernanceContracts(chains, deployment, reporter);

    reporter.step("1. Staking on TRON: stake, delegate, epochs, rewards; the set committed on every chain");
    const staking = await runStaking(chains, deployment, validators, relayers, reporter);

    reporter.step("2. Bridge: a deposit from each root chain into BTTC, withdrawals out to another root chain");
    const bridge = await runBridge(chains, deployment, relayers, reporter);

    reporter.step("2b. Fast exit: a withdrawal fronted by a relayer before the checkpoint, next to a slow one");
    const fastExit = await runFastExit(chains, deployment, relayers, reporter);

    reporter.step("3. Storage: a file prepared into shards, stored under deals with proofs for two periods, restored");
    const storage = await runStorage(chains, deployment, profile, scratch.dir, relayers, reporter);

    reporter.step(
      "3b. Storage as programs: btt-host daemons take the file from btt-storage, prove, one is lost, the shard is repaired",
    );
    const hosts = await runHosts(
      chains,
      deployment,
      profile,
      storage.filePath,
      scratch.dir,
      options.urls.bttc,
      relayers,
      reporter,
    );

    reporter.step("4. Payments + P2P: the file downloaded from two seeders over TCP, paid per piece, claimed on chain");
    const transfer = await runTransfer(chains, deployment, profile, storage.restoredPath, scratch.dir, reporter);

    reporter.step(
      "5. Governance: contracts handed over; a proposal voted by stake, executed on TRON and carried to BTTC",
    );
    const governance = await runGovernance(chains, deployment, governanceContracts, relayers, reporter);

    reporter.finish();
    keep = options.keepRelayers === true;
    return { profile, reporter, deployment, staking, bridge, fastExit, storage, hosts, transfer, governance, relayers };
  } finally {
    if (!keep) await relayers?.stop();
    await scratch.remove();
    await closeChains(chains);
  }
}
