/**
 * Staked-BTT governance on the devnet (DESIGN section 15, docs/DEPLOY.md "Handing over to
 * governance"), in two parts:
 *
 * - `deployGovernanceContracts`, right after the deployment and before anyone stakes: the home's
 *   StakeVotes, BttTimelock, BttGovernor and GovernanceReceiver on TRON (the votes attached to the
 *   StakeManager), BTTC's GovernanceReceiver (obeying the home timelock), and the receivers of
 *   Ethereum and BNB Chain (obeying BTTC's receiver: their legs pass through BTTC), with the
 *   operator's `deployGovernance`.
 * - `runGovernance`, the last chapter: every contract of the four chains' manifests that the
 *   deployer key owns is handed to its chain's receiver, and no contract of any manifest is left
 *   owned by a key (`keyOwnedContracts`); a validator proposes a home
 *   action (the StakeManager's reward per epoch) and a BTTC leg (governance gives the guardian the
 *   ChildBridge) and an Ethereum leg through BTTC (the same for Ethereum's RootBridge, built by the
 *   SDK's `governanceAction`); a delegator and two validators vote with reasons; the proposal is
 *   queued and executed after the timelock delay; the relayers checkpoint the BTTC legs and execute
 *   them, BTTC's receiver sends the Ethereum leg on, and the relayers checkpoint BTTC → Ethereum and
 *   execute it there (their executor recognises governance's messages on the destination, no
 *   allow-list).
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";

import hre from "hardhat";
import { encodeFunctionData, getAddress, parseEventLogs, type Address } from "viem";

import {
  deployGovernance,
  devnetGovernanceSettings as settings,
  governanceKeys,
  handOver,
  keyOwnedContracts,
} from "../../deploy/lib/handover.ts";
import type { CrossChainMessage } from "@btt-network/sdk/bridge";
import { contractAddress, type DeploymentManifest } from "@btt-network/sdk/deployments";
import {
  castVote,
  executeProposal,
  getCrossChainLegs,
  getProposal,
  governanceAction,
  governanceReceiverAbi,
  propose,
  queueProposal,
  type GovernanceAction,
} from "@btt-network/sdk/governance";
import { stakeManagerAbi } from "@btt-network/sdk/staking";
import type { DevnetRelayers } from "../relayers.ts";
import { cast, type Chains } from "./chains.ts";
import type { Deployment } from "./deploy.ts";
import { awaitCheckpoint, awaitExecution } from "./relay.ts";
import { expectEqual, expectTrue, units, type Reporter } from "./report.ts";

/** Each chain's manifest with its governance contracts. */
export interface GovernanceContracts {
  readonly tron: DeploymentManifest;
  readonly bttc: DeploymentManifest;
  readonly ethereum: DeploymentManifest;
  readonly bnb: DeploymentManifest;
}

export interface GovernanceOutcome {
  /** Manifest keys the deployer handed to each chain's receiver, by chain. */
  readonly handedOver: Readonly<Record<"tron" | "bttc" | "ethereum" | "bnb", readonly string[]>>;
  /** Contracts of the four manifests owned by a key after the handover (0). */
  readonly keyOwned: number;
  readonly proposalId: bigint;
  readonly forVotes: bigint;
  readonly rewardPerEpoch: bigint;
  readonly legLatencyMs: number;
  /** Ethereum's RootBridge given to the guardian by the two-hop leg (home → BTTC → Ethereum). */
  readonly ethereumGuarded: boolean;
  /** From the proposal's execution on TRON to the Ethereum hop's execution. */
  readonly ethereumLegLatencyMs: number;
}

/** Governance contracts on TRON (the home) and BTTC, before anything is staked. */
export async function deployGovernanceContracts(
  chains: Chains,
  deployment: Deployment,
  reporter: Reporter,
): Promise<GovernanceContracts> {
  const run = `devnet-${Date.now().toString(36)}-${process.pid}`;
  try {
    return await deploy(chains, deployment, reporter, run);
  } finally {
    // Ignition's journals of this run (JSON-RPC chains only): the manifests are the record.
    for (const chain of ["tron", "bttc", "ethereum", "bnb"])
      await rm(join(hre.config.paths.ignition, "deployments", `${run}-${chain}-governance`), {
        recursive: true,
        force: true,
      });
  }
}

async function deploy(
  chains: Chains,
  deployment: Deployment,
  reporter: Reporter,
  run: string,
): Promise<GovernanceContracts> {
  const guardian = chains.tron.wallet(cast.governance).account.address;
  const logOn = (label: string) => (line: string) => reporter.ok(`${label}: ${line.replace(/^\s*✓\s*/, "")}`);
  const tron = await deployGovernance(chains.tron.connection, deployment.manifests.tron, {
    settings,
    guardian,
    deploymentId: `${run}-tron`,
    log: logOn(chains.tron.label),
  });
  const bttc = await deployGovernance(chains.bttc.connection, deployment.manifests.bttc, {
    homeManifest: tron,
    guardian: chains.bttc.wallet(cast.governance).account.address,
    deploymentId: `${run}-bttc`,
    log: logOn(chains.bttc.label),
  });
  // Ethereum and BNB Chain are reached through BTTC: their receivers obey BTTC's.
  const root = (name: "ethereum" | "bnb") =>
    deployGovernance(chains[name].connection, deployment.manifests[name], {
      homeManifest: tron,
      childManifest: bttc,
      guardian: chains[name].wallet(cast.governance).account.address,
      deploymentId: `${run}-${name}`,
      log: logOn(chains[name].label),
    });
  const ethereum = await root("ethereum");
  const bnb = await root("bnb");
  reporter.ok(
    `votes from stake attached to the StakeManager; voting delay ${settings.votingDelay} block, period ${settings.votingPeriod} blocks, quorum ${settings.quorumPercent}%, timelock ${settings.timelockDelay} s`,
  );
  return { tron, bttc, ethereum, bnb };
}

export async function runGovernance(
  chains: Chains,
  deployment: Deployment,
  contracts: GovernanceContracts,
  relayers: DevnetRelayers,
  reporter: Reporter,
): Promise<GovernanceOutcome> {
  const { tron, bttc } = chains;
  // Handover: every contract the deployer owns in the four manifests to its chain's receiver.
  const handedOver = { tron: [], bttc: [], ethereum: [], bnb: [] } as Record<keyof GovernanceContracts, string[]>;
  let keyOwnedCount = 0;
  for (const name of ["tron", "bttc", "ethereum", "bnb"] as const) {
    const [chain, manifest] = [chains[name], contracts[name]];
    const outcomes = await handOver(chain.publicClient, chain.wallet(cast.governance), manifest);
    const keyOwned = await keyOwnedContracts(chain.publicClient, manifest);
    keyOwnedCount += keyOwned.length;
    expectEqual(
      keyOwned.map((k) => `${k.key} (${k.owner})`).join(", "),
      "",
      `${chain.label}: contracts owned by a key after the handover`,
    );
    const handed = outcomes.filter((o) => o.status === "handed").map((o) => o.key);
    handedOver[name].push(...handed);
    reporter.ok(
      `${chain.label}: ${handed.join(", ")} now owned by the GovernanceReceiver; no contract of the manifest is owned by a key`,
    );
  }

  const governor = contractAddress(contracts.tron, governanceKeys.governor);
  const timelock = contractAddress(contracts.tron, governanceKeys.timelock);
  const homeReceiver = contractAddress(contracts.tron, governanceKeys.receiver);
  const bttcReceiver = contractAddress(contracts.bttc, governanceKeys.receiver);
  const outbox = contractAddress(contracts.tron, "outbox");
  const childBridge = contractAddress(contracts.bttc, "childBridge");
  const stakeManager = deployment.stakeManager;

  const params = await tron.publicClient.readContract({
    address: stakeManager,
    abi: stakeManagerAbi,
    functionName: "params",
  });
  const newReward = params.rewardPerEpoch / 2n;
  const eth = chains.ethereum;
  const ethBridge = contractAddress(contracts.ethereum, "rootBridge");
  const ethReceiver = contractAddress(contracts.ethereum, governanceKeys.receiver);

  const actions: GovernanceAction[] = [
    {
      chain: "home",
      calls: [
        {
          target: stakeManager,
          data: encodeFunctionData({
            abi: stakeManagerAbi,
            functionName: "setParams",
            args: [{ ...params, rewardPerEpoch: newReward }],
          }),
        },
      ],
    },
    {
      chain: "remote",
      destChainId: bttc.chainId,
      receiver: bttcReceiver,
      calls: [
        {
          target: bttcReceiver,
          data: encodeFunctionData({
            abi: governanceReceiverAbi,
            functionName: "setGuarded",
            args: [childBridge, true],
          }),
        },
      ],
    },
    // Ethereum in two hops: BTTC's receiver sends the call on to Ethereum's receiver (guardian may pause its RootBridge).
    governanceAction([contracts.tron, contracts.bttc, contracts.ethereum], {
      chain: "ethereum",
      calls: [
        {
          target: ethReceiver,
          data: encodeFunctionData({
            abi: governanceReceiverAbi,
            functionName: "setGuarded",
            args: [ethBridge, true],
          }),
        },
      ],
    }),
  ];
  const validator = (i: number) => tron.wallet(cast.validators[i]!);
  const delegator = tron.wallet(cast.delegators[0]);
  const description = `Halve the reward per epoch to ${units(newReward)} BTT; let the guardian pause BTTC's ChildBridge; and Ethereum's RootBridge (through BTTC)`;
  const { hash, proposal } = await propose(validator(0), { governor, homeReceiver, outbox, actions, description });
  await tron.mined(hash, "governance propose");
  const { proposalId } = proposal;
  reporter.ok(`validator 1 proposed #${proposalId.toString(16).slice(0, 10)}…: "${description}"`);

  const mine = (blocks: bigint) =>
    tron.connection.provider.request({ method: "hardhat_mine", params: [`0x${blocks.toString(16)}`] });
  await mine(settings.votingDelay + 1n);
  const votes: [Address, string, Parameters<typeof castVote>[0]][] = [
    [delegator.account.address, "delegator 1", delegator],
    [validator(0).account.address, "validator 1", validator(0)],
    [validator(3).account.address, "validator 4", validator(3)],
  ];
  for (const [, who, wallet] of votes) {
    await tron.mined(
      castVote(wallet, { governor, proposalId, support: "for", reason: `${who}: fewer rewards, safer bridge` }),
      "governance castVote",
    );
  }
  let info = await getProposal(tron.publicClient, { governor, proposalId });
  reporter.ok(
    `delegator 1 and validators 1 and 4 voted for with their own stake: ${units(info.votes.for)} BTT (quorum ${units(info.quorum ?? 0n)} BTT)`,
  );
  await mine(settings.votingPeriod);
  info = await getProposal(tron.publicClient, { governor, proposalId });
  expectEqual(info.state, "succeeded", "proposal state after the vote");
  await tron.mined(queueProposal(validator(0), { governor, proposal }), "governance queue");
  await tron.connection.provider.request({ method: "evm_increaseTime", params: [Number(settings.timelockDelay)] });
  await mine(1n);
  const executed = await tron.mined(executeProposal(validator(0), { governor, proposal }), "governance execute");
  const since = performance.now();
  expectEqual(
    (await getProposal(tron.publicClient, { governor, proposalId })).state,
    "executed",
    "proposal state after execution",
  );
  const reward = (
    await tron.publicClient.readContract({ address: stakeManager, abi: stakeManagerAbi, functionName: "params" })
  ).rewardPerEpoch;
  expectEqual(reward, newReward, "TRON StakeManager rewardPerEpoch after the proposal");
  reporter.ok(
    `queued, executed after ${settings.timelockDelay} s on TRON: reward per epoch ${units(params.rewardPerEpoch)} → ${units(reward)} BTT`,
  );

  // The BTTC legs (one for BTTC, one on its way to Ethereum): checkpointed and executed by the daemons like any message.
  const bttcInbox = contractAddress(contracts.bttc, "inbox");
  const bttcOutbox = contractAddress(contracts.bttc, "outbox");
  const ethInbox = contractAddress(contracts.ethereum, "inbox");
  const legsOf = () =>
    getCrossChainLegs(tron.publicClient, {
      hash: executed.transactionHash,
      outbox,
      timelock,
      destinations: {
        [bttc.chainId.toString()]: { client: bttc.publicClient, inbox: bttcInbox, outbox: bttcOutbox },
        [eth.chainId.toString()]: { client: eth.publicClient, inbox: ethInbox },
      },
    });
  const legs = await legsOf();
  expectEqual(legs.length, 2, "cross-chain legs of the proposal (both to BTTC)");
  expectEqual(
    legs.map((l) => l.forwarded.map((f) => `${f.destChainId}:${f.status}`).join()).join("|"),
    `|${eth.chainId}:not-sent`,
    "second hops of the legs before delivery",
  );
  const messages: CrossChainMessage[] = legs.map((leg) => ({
    sourceChainId: tron.chainId,
    destChainId: bttc.chainId,
    nonce: leg.nonce,
    sender: timelock,
    target: leg.receiver,
    payload: leg.payload,
  }));
  const from = { chain: tron, inbox: contractAddress(contracts.tron, "inbox"), outbox };
  const to = { chain: bttc, inbox: bttcInbox, outbox: bttcOutbox };
  await awaitCheckpoint(from, to, relayers, since);
  // The daemons execute them like any message: their executor recognises governance's messages on
  // the destination (relayer/src/duties/messages/governance.ts), no allow-list.
  const delivery = await awaitExecution(to, messages, relayers, since);
  let delivered = 0;
  for (const hash of new Set(delivery.hashes)) {
    const receipt = await bttc.mined(hash, "governance remote execute");
    delivered += parseEventLogs({
      abi: governanceReceiverAbi,
      logs: receipt.logs,
      eventName: "GovernanceExecuted",
    }).length;
  }
  expectEqual(delivered, 2, "GovernanceExecuted events of the BTTC legs");
  const latencyMs = performance.now() - since;
  const guarded = await bttc.publicClient.readContract({
    address: bttcReceiver,
    abi: governanceReceiverAbi,
    functionName: "guarded",
    args: [childBridge],
  });
  expectTrue(guarded, "BTTC's ChildBridge guarded after the governance leg");
  reporter.ok(
    `BTTC legs (nonces ${legs.map((l) => l.nonce).join(", ")}) checkpointed and executed once on BTTC by the daemons after ${(latencyMs / 1000).toFixed(1)} s: the guardian may now pause the ChildBridge (for at most 3 days)`,
  );

  // The second hop: BTTC's receiver sent the Ethereum leg on; the daemons checkpoint BTTC → Ethereum and execute it.
  const hop = (await legsOf())[1]!.forwarded[0]!;
  expectTrue(hop.nonce !== undefined, "the Ethereum hop sent on by BTTC's receiver");
  expectEqual(getAddress(hop.receiver), ethReceiver, "the Ethereum hop's receiver");
  const second: CrossChainMessage = {
    sourceChainId: bttc.chainId,
    destChainId: eth.chainId,
    nonce: hop.nonce!,
    sender: bttcReceiver,
    target: hop.receiver,
    payload: hop.payload,
  };
  const ethEnd = { chain: eth, inbox: ethInbox, outbox: contractAddress(contracts.ethereum, "outbox") };
  await awaitCheckpoint(to, ethEnd, relayers, since);
  await awaitExecution(ethEnd, [second], relayers, since);
  const ethLatencyMs = performance.now() - since;
  const ethGuarded = await eth.publicClient.readContract({
    address: ethReceiver,
    abi: governanceReceiverAbi,
    functionName: "guarded",
    args: [ethBridge],
  });
  expectTrue(ethGuarded, "Ethereum's RootBridge guarded after the two-hop leg");
  expectEqual((await legsOf())[1]!.forwarded[0]!.status, "executed", "status of the Ethereum hop");
  reporter.ok(
    `Ethereum leg through BTTC (BTTC nonce ${second.nonce}) checkpointed BTTC → Ethereum and executed once by the daemons after ${(ethLatencyMs / 1000).toFixed(1)} s: the guardian may now pause Ethereum's RootBridge`,
  );
  return {
    handedOver,
    keyOwned: keyOwnedCount,
    proposalId,
    forVotes: info.votes.for,
    rewardPerEpoch: reward,
    legLatencyMs: latencyMs,
    ethereumGuarded: ethGuarded,
    ethereumLegLatencyMs: ethLatencyMs,
  };
}
