/**
 * Deploys the system on the four chains the way an operator does (docs/DEPLOY.md): the Ignition
 * modules through `deployNetwork()` per chain with the local parameter files
 * (deploy/parameters/{tron,bttc,ethereum,bnb}.json), in the operator's order, then the wiring step
 * (deploy/lib/wire.ts). Each chain's manifest is the one `deployNetwork()` returned.
 *
 *  1. TRON, the staking home: token, staking, messaging (its ValidatorSet syncs from the StakeManager).
 *  2. BTTC, the child: messaging, bridge, payments. The verifiers off the home start from a genesis
 *     set given as parameters (`withGenesis`): the four story validators' keys with their planned
 *     self-stakes at epoch 0. (An operator reads it from the home with deploy/genesis.ts once the
 *     validators have staked; in the story they stake in step 1, after the deployment.)
 *  3. TRON's RootBridge, naming BTTC's ChildBridge from its manifest (the same Ignition deployment:
 *     over JSON-RPC its journal resumes, so step 1's contracts are reused, not redeployed).
 *  4. Ethereum and BNB Chain: token, messaging, bridge, with the child manifest.
 *  5. Wiring: the ChildBridge learns every root's RootBridge.
 *  6. Story extras: a test USDT on every root and the ChildBridge's vault of native BTT.
 *  7. The relayer daemons start (`startRelayers`, given by the story): every contract they relay
 *     between exists and is wired.
 *  8. The token mappings, relayed by the daemons like any message: checkpointed by their
 *     validators (the genesis set) and executed on BTTC by the executor; the story waits on chain.
 *  9. The storage module on BTTC, once its payment token (USDT_e, from the mapping) exists.
 *
 * The gas of the deployments on TRON and BTTC (every kind of contract) goes to the summary.
 * Every run uses fresh Ignition deployment ids (the devnet's nodes are fresh each run); the
 * journals are removed once the manifests are built.
 */
import { rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import hre from "hardhat";
import { getAddress, type Address } from "viem";
import type { ContractReturnType } from "@nomicfoundation/hardhat-viem/types";

import { creationBlock, deployNetwork } from "../../deploy/lib/deployNetwork.ts";
import type { DeployParameters } from "../../deploy/lib/futures.ts";
import { withGenesis, type GenesisSet } from "../../deploy/lib/genesis.ts";
import { loadParameters } from "../../deploy/lib/parameters.ts";
import { planWiring, wireChild } from "../../deploy/lib/wire.ts";
import { getOutboxMessages, toTronAddress } from "@btt-network/sdk/bridge";
import { contractAddress, type DeployedContract, type DeploymentManifest } from "@btt-network/sdk/deployments";
import type { StakingParams } from "@btt-network/sdk/staking";
import { cast, rootNames, type Chain, type ChainName, type Chains, type RootName } from "./chains.ts";
import { BTT } from "./profile.ts";
import type { DevnetManifests } from "../manifests.ts";
import type { DevnetRelayers } from "../relayers.ts";
import { awaitCheckpoint, awaitExecution, describeQuorum, type Validators } from "./relay.ts";
import { plural, type Reporter } from "./report.ts";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The local parameter files: the one source of the devnet's parameters. */
const parameters: Record<ChainName, DeployParameters> = {
  bttc: await loadParameters(repoRoot, "bttc"),
  tron: await loadParameters(repoRoot, "tron"),
  ethereum: await loadParameters(repoRoot, "ethereum"),
  bnb: await loadParameters(repoRoot, "bnb"),
};

function param(network: ChainName, moduleId: string, name: string): unknown {
  const value = parameters[network][moduleId]?.[name];
  if (value === undefined) throw new Error(`deploy/parameters/${network}.json has no ${moduleId}.${name}`);
  return value;
}
const int = (value: unknown): bigint => BigInt(value as string | number);

/** The StakeManager's parameters on the staking home (deploy/parameters/tron.json, `Staking.params`). */
export const stakingParams: StakingParams = (() => {
  const p = param("tron", "Staking", "params") as Record<string, unknown>;
  return {
    epochLength: int(p.epochLength),
    maxValidators: Number(p.maxValidators),
    unbondingEpochs: int(p.unbondingEpochs),
    jailEpochs: int(p.jailEpochs),
    slashBps: Number(p.slashBps),
    bountyBps: Number(p.bountyBps),
    minSelfStake: int(p.minSelfStake),
    rewardPerEpoch: int(p.rewardPerEpoch),
    setMaxAge: int(p.setMaxAge),
  };
})();

/** StorageMarket parameters (deploy/parameters/bttc.json): epochs of 10 blocks, 10% slash per miss, 20% of it to the reporter, 2 misses end a deal. */
export const market = {
  epoch: int(param("bttc", "StorageMarket", "epochLength")),
  slashBps: int(param("bttc", "StorageMarket", "slashBps")),
  bountyBps: int(param("bttc", "StorageMarket", "bountyBps")),
  maxMisses: int(param("bttc", "StorageMarket", "maxMisses")),
} as const;
/** PaymentChannels withdrawal delay (seconds; deploy/parameters/bttc.json). */
export const withdrawalDelay = int(param("bttc", "PaymentChannels", "withdrawalDelay"));

/** Native BTT governance puts in the ChildBridge's vault (it pays out native BTT deposited on the roots). */
export const vaultFunding = 1_000n * BTT;

/**
 * Manifest keys of the story's extra tokens (not part of the operator deployment; deploy/modules.ts
 * owns every other key): the test USDT on each root, and the child tokens the mappings created on BTTC.
 */
export const storyTokenKeys = {
  testUsdt: "testUsdt",
  childUsdt: { tron: "childUsdtT", ethereum: "childUsdtE", bnb: "childUsdtB" },
  childBttB: "childBttB",
} as const satisfies { testUsdt: string; childUsdt: Record<RootName, string>; childBttB: string };

/** One end of the messaging layer on a chain (relay.ts's `Endpoint`) with its verifier. */
interface Messaging {
  readonly chain: Chain;
  readonly verifier: Address;
  readonly inbox: Address;
  readonly outbox: Address;
}

export interface RootDeployment extends Messaging {
  /** The RootBridge. */
  readonly bridge: Address;
  readonly btt: ContractReturnType<"BTTToken">;
  /** The story's test USDT (TestToken, anyone may mint; on TRON a TronUsdtToken, whose `transfer` returns false like TRON's USDT). */
  readonly usdt: ContractReturnType<"TestToken">;
  /** The staking home's StakeManager (TRON only). */
  readonly stakeManager: Address | undefined;
}

export interface ChildDeployment extends Messaging {
  /** The ChildBridge. */
  readonly bridge: Address;
  /** PaymentChannels. */
  readonly pool: Address;
}

export interface Deployment {
  readonly bttc: ChildDeployment & {
    /** Child tokens by root chain: USDT_t/_e/_b, and BTT_b (BTT from TRON and Ethereum is native BTT). */
    readonly usdt: Record<RootName, Address>;
    readonly bttB: Address;
    /** StorageMarket paid in USDT_e (Tether bridged from Ethereum). */
    readonly market: Address;
  };
  readonly roots: Record<RootName, RootDeployment>;
  readonly stakeManager: Address;
  /**
   * Each chain's deployment manifest: what `deployNetwork()` returned (BTTC's with the storage
   * module's entry merged in), plus the story's extra tokens under `storyTokenKeys`.
   */
  readonly manifests: Record<ChainName, DeploymentManifest>;
}

/** Fresh Ignition deployment ids for this run (its nodes are fresh), one per chain. */
function deploymentIds(): Record<ChainName, string> {
  const run = `devnet-${Date.now().toString(36)}-${process.pid}`;
  return { bttc: `${run}-bttc`, tron: `${run}-tron`, ethereum: `${run}-ethereum`, bnb: `${run}-bnb` };
}

const messagingOf = (chain: Chain, m: DeploymentManifest): Messaging => ({
  chain,
  verifier: contractAddress(m, "validatorSet"),
  inbox: contractAddress(m, "inbox"),
  outbox: contractAddress(m, "outbox"),
});

/** A story extra as a manifest entry (creation block from the chain). */
async function extraEntry(
  chain: Chain,
  address: Address,
  contractName: string,
  constructorArgs?: readonly string[],
): Promise<DeployedContract> {
  return {
    address: getAddress(address),
    blockNumber: await creationBlock(chain.connection, address),
    contractName,
    ...(constructorArgs === undefined ? {} : { constructorArgs }),
  };
}

/**
 * Records the gas of every contract deployment in a manifest (its creation transaction found in
 * its creation block) for the summary.
 */
async function recordDeploymentGas(chain: Chain, manifest: DeploymentManifest, reporter: Reporter): Promise<void> {
  for (const entry of Object.values(manifest.contracts)) {
    const block = await chain.publicClient.getBlock({ blockNumber: entry.blockNumber, includeTransactions: true });
    for (const tx of block.transactions) {
      if (tx.to !== null) continue;
      const receipt = await chain.publicClient.getTransactionReceipt({ hash: tx.hash });
      if (receipt.contractAddress != null && getAddress(receipt.contractAddress) === entry.address)
        reporter.gas(chain.label, `deploy ${entry.contractName}`, receipt);
    }
  }
}

const withContracts = (m: DeploymentManifest, extra: Record<string, DeployedContract>): DeploymentManifest => ({
  ...m,
  contracts: { ...m.contracts, ...extra },
});

/**
 * Starts the relayer daemons on the manifests of what is deployed so far (messaging and bridges on
 * every chain, wired); deployment then waits on them for its token mappings.
 */
export type StartRelayers = (contracts: DevnetManifests) => Promise<DevnetRelayers>;

export async function deployAll(
  chains: Chains,
  validators: Validators,
  reporter: Reporter,
  startRelayers: StartRelayers,
): Promise<Deployment> {
  const ids = deploymentIds();
  try {
    return await deploy(chains, validators, reporter, startRelayers, ids);
  } finally {
    // Ignition's journals of this run (JSON-RPC chains only): the manifests are the record.
    for (const id of Object.values(ids))
      await rm(join(hre.config.paths.ignition, "deployments", id), { recursive: true, force: true });
  }
}

async function deploy(
  chains: Chains,
  validators: Validators,
  reporter: Reporter,
  startRelayers: StartRelayers,
  ids: Record<ChainName, string>,
): Promise<Deployment> {
  const members = validators.genesis;
  const genesis: GenesisSet = { epoch: 0n, signers: members.map((m) => m.signer), powers: members.map((m) => m.power) };
  const run = (
    name: ChainName,
    modules: readonly string[] | undefined,
    extra: { parameters?: DeployParameters; childManifest?: DeploymentManifest } = {},
  ) =>
    deployNetwork(chains[name].connection, {
      networkName: name,
      deploymentId: ids[name],
      parameters: extra.parameters ?? (name === "tron" ? parameters.tron : withGenesis(parameters[name], genesis)),
      ...(modules === undefined ? {} : { modules }),
      ...(extra.childManifest === undefined ? {} : { childManifest: extra.childManifest }),
      blockPollingInterval: 50,
    });
  // TRON shows its addresses in base58, as TronWeb and TRON wallets do.
  const show = (name: ChainName, a: Address) => (name === "tron" ? toTronAddress(a) : a);
  const list = (name: ChainName, m: DeploymentManifest, keys: readonly string[]) =>
    keys.map((k) => `${m.contracts[k]!.contractName} ${show(name, m.contracts[k]!.address)}`).join(", ");

  // 1. The staking home.
  const home = await run("tron", ["token", "staking", "messaging"]);
  reporter.ok(
    `TRON (staking home): ${list("tron", home, ["token", "stakeManager"])}, ValidatorSet (synced from it), Inbox, Outbox`,
  );

  // 2. The child, its verifier on the genesis set.
  let child = await run("bttc", ["messaging", "bridge", "payments"]);
  reporter.ok(
    `BTTC: ValidatorSet (genesis set), Inbox, Outbox, ${list("bttc", child, ["childBridge", "paymentChannels"])}`,
  );
  // Deployment gas in the summary: the staking home and the child hold every kind of contract.
  await recordDeploymentGas(chains.bttc, child, reporter);

  // 3-4. The roots' bridges name the child's.
  const roots = {} as Record<RootName, DeploymentManifest>;
  roots.tron = await run("tron", ["bridge"], { childManifest: child });
  for (const key of Object.keys(home.contracts)) {
    // Over JSON-RPC the journal resumed; in-process chains keep none, and deploy the home anew with the bridge.
    if (
      chains.tron.connection.networkConfig.type === "http" &&
      roots.tron.contracts[key]?.address !== home.contracts[key]!.address
    ) {
      throw new Error(`TRON's ${key} moved between the two deployment steps: the Ignition journal did not resume`);
    }
  }
  reporter.ok(`TRON: ${list("tron", roots.tron, ["rootBridge"])}`);
  await recordDeploymentGas(chains.tron, roots.tron, reporter);
  for (const name of ["ethereum", "bnb"] as const) {
    roots[name] = await run(name, undefined, { childManifest: child });
    reporter.ok(
      `${chains[name].label}: ${list(name, roots[name], ["token"])}, ValidatorSet (genesis set), Inbox, Outbox, ${list(name, roots[name], ["rootBridge"])}`,
    );
  }

  // 5. Wiring (governance deployed the ChildBridge and owns it: the calls are sent).
  const gov = chains.bttc.wallet(cast.governance);
  const wired = await wireChild(
    chains.bttc.publicClient,
    gov,
    planWiring(
      child,
      rootNames.map((n) => roots[n]),
    ),
  );
  const unsent = wired.filter((o) => o.status !== "sent");
  if (unsent.length > 0) throw new Error(`wiring left ${unsent.map((o) => `${o.call.root} (${o.status})`).join(", ")}`);
  reporter.ok(`BTTC's ChildBridge wired to the RootBridges of ${rootNames.map((n) => chains[n].label).join(", ")}`);

  // 6. Story extras: test USDT on every root and the vault.
  const childBridge = await chains.bttc.viem.getContractAt("ChildBridge", contractAddress(child, "childBridge"));
  await chains.bttc.mined(childBridge.write.fundVault({ value: vaultFunding }));
  const rootDeployments = {} as Record<RootName, RootDeployment>;
  for (const name of rootNames) {
    const chain = chains[name];
    const m = roots[name];
    // TRON's test USDT behaves like TRON's real USDT: `transfer` returns false although it moved
    // the funds (bridge releases must still work). Same mint/ERC-20 surface as TestToken.
    const usdt =
      name === "tron"
        ? await chain.viem.getContractAt("TestToken", (await chain.viem.deployContract("TronUsdtToken", [])).address)
        : await chain.viem.deployContract("TestToken", ["USDT"]);
    rootDeployments[name] = {
      ...messagingOf(chain, m),
      bridge: contractAddress(m, "rootBridge"),
      btt: await chain.viem.getContractAt("BTTToken", contractAddress(m, "token")),
      usdt,
      stakeManager: m.contracts.stakeManager?.address,
    };
    const usdtEntry =
      name === "tron"
        ? await extraEntry(chain, usdt.address, "TronUsdtToken", [])
        : await extraEntry(chain, usdt.address, "TestToken", ["USDT"]);
    roots[name] = withContracts(m, { [storyTokenKeys.testUsdt]: usdtEntry });
  }
  const bttcCore: ChildDeployment = {
    ...messagingOf(chains.bttc, child),
    bridge: childBridge.address,
    pool: contractAddress(child, "paymentChannels"),
  };

  // 7. The relayer daemons: everything they relay between exists and is wired.
  const relayers = await startRelayers({ bttc: child, ...roots });

  // 8. Governance maps USDT on every root (USDT_t, USDT_e, USDT_b) and BTT: native BTT on BTTC from
  // TRON and Ethereum, BTT_b from BNB Chain. Mapping messages travel like any other: the daemons
  // checkpoint them (the genesis set signs) and execute them on BTTC.
  reporter.step("Governance maps the bridged tokens, relayed by the daemons; the StorageMarket on BTTC");
  const suffix: Record<RootName, string> = { tron: "t", ethereum: "e", bnb: "b" };
  const mapped = performance.now();
  for (const name of rootNames) {
    const root = rootDeployments[name];
    const bridge = await root.chain.viem.getContractAt("RootBridge", root.bridge);
    await root.chain.mined(
      bridge.write.mapToken([root.usdt.address, false, `Tether USD (${name})`, `USDT_${suffix[name]}`, 18]),
      "mapToken",
    );
    await root.chain.mined(bridge.write.mapToken([root.btt.address, name !== "bnb", "BitTorrent (BNB)", "BTT_b", 18]));
  }
  for (const name of rootNames) {
    const root = rootDeployments[name];
    const messages = await getOutboxMessages(root.chain.publicClient, {
      outbox: root.outbox,
      destChainId: chains.bttc.chainId,
    });
    const relayed = await awaitCheckpoint(root, bttcCore, relayers, mapped);
    const executed = await awaitExecution(bttcCore, messages, relayers, mapped);
    for (const hash of executed.hashes)
      await chains.bttc.mined(hash, "execute mapping (daemon, creates the child token)");
    reporter.ok(
      `${root.chain.label} → BTTC: ${plural(messages.length, "mapping")} checkpointed (epoch ${relayed.checkpoint.epoch}) signed by ${describeQuorum(relayed)}, executed by the daemon after ${(executed.latencyMs / 1_000).toFixed(1)} s`,
    );
  }
  const usdt = {} as Record<RootName, Address>;
  for (const name of rootNames)
    usdt[name] = getAddress(
      await childBridge.read.childTokenOf([chains[name].chainId, rootDeployments[name].usdt.address]),
    );
  const bttB = getAddress(await childBridge.read.childTokenOf([chains.bnb.chainId, rootDeployments.bnb.btt.address]));
  reporter.ok(
    `tokens mapped: BTT → native BTT from TRON and Ethereum; USDT_t ${usdt.tron}, USDT_e ${usdt.ethereum}, USDT_b ${usdt.bnb}, BTT_b ${bttB}`,
  );

  // 9. Storage, paid in USDT_e: the same BTTC deployment, one more module.
  const storage = await run("bttc", ["storage"], {
    parameters: { ...parameters.bttc, StorageMarket: { ...parameters.bttc.StorageMarket, token: usdt.ethereum } },
  });
  await recordDeploymentGas(chains.bttc, storage, reporter);
  const extras: Record<string, DeployedContract> = { ...storage.contracts };
  for (const name of rootNames)
    extras[storyTokenKeys.childUsdt[name]] = await extraEntry(chains.bttc, usdt[name], "ChildToken");
  extras[storyTokenKeys.childBttB] = await extraEntry(chains.bttc, bttB, "ChildToken");
  child = withContracts(child, extras);
  const marketAddress = contractAddress(child, "storageMarket");
  reporter.ok(`BTTC: StorageMarket ${marketAddress} (paid in USDT_e)`);
  // The storage-proof duty reads the market from BTTC's manifest at start-up: the daemons get the
  // final manifests, and the executor restarts (same store, port and keys) to add that duty.
  for (const d of await relayers.update({ bttc: child, ...roots }))
    reporter.ok(`${d.role.name} restarted on the updated manifests: ${d.duties.join(", ")} (pid ${d.child.pid})`);

  const stakeManager = rootDeployments.tron.stakeManager;
  if (stakeManager === undefined) throw new Error("no StakeManager on the staking home");
  return {
    bttc: { ...bttcCore, usdt, bttB, market: marketAddress },
    roots: rootDeployments,
    stakeManager,
    manifests: { bttc: child, ...roots },
  };
}
