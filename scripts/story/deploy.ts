/**
 * Deploys every contract of the system on the four chains: the staking home (StakeManager and its
 * verifier) on TRON, a genesis-set verifier, Inbox and Outbox on every other chain, a RootBridge on
 * each root and the ChildBridge on BTTC, the StorageMarket and PaymentChannels on BTTC; then
 * governance maps the root tokens (the mapping messages are checkpointed by the genesis set).
 */
import { getAddress, type Address } from "viem";

import { childBridgeAbi, toTronAddress } from "../../sdk/src/bridge/index.ts";
import { type StakingParams } from "../../sdk/src/staking/index.ts";
import { cast, rootNames, type Chain, type Chains, type RootName } from "./chains.ts";
import { BTT } from "./profile.ts";
import { deliverAll, relayCheckpoint, type Validators } from "./relay.ts";
import type { Reporter } from "./report.ts";

export const stakingParams: StakingParams = {
  epochLength: 5n,
  maxValidators: 4,
  unbondingEpochs: 2n,
  jailEpochs: 2n,
  slashBps: 1_000,
  bountyBps: 5_000,
  minSelfStake: 1_000n * BTT,
  rewardPerEpoch: 100n * BTT,
};

/** StorageMarket parameters: epochs of 10 blocks, 10% slash per miss, 20% of it to the reporter, 2 misses end a deal. */
export const market = { epoch: 10n, slashBps: 1_000n, bountyBps: 2_000n, maxMisses: 2n } as const;
/** PaymentChannels withdrawal delay (seconds). */
export const withdrawalDelay = 3_600n;

async function messaging(chain: Chain, verifier: Address) {
  const inbox = await chain.viem.deployContract("Inbox", [verifier]);
  const outbox = await chain.viem.deployContract("Outbox");
  return { verifier, inbox: inbox.address, outbox: outbox.address };
}

async function deployRoot(chain: Chain, validators: Validators, childBridge: Address, home: boolean) {
  const gov = chain.wallet(cast.governance).account.address;
  const btt = await chain.viem.deployContract("BTTToken", [gov]);
  const usdt = await chain.viem.deployContract("TestToken", ["USDT"]);
  let stakeManager: Address | undefined;
  let verifier: Address;
  if (home) {
    stakeManager = (await chain.viem.deployContract("StakeManager", [btt.address, gov, stakingParams])).address;
    verifier = (await chain.viem.deployContract("ValidatorSet", [stakeManager, 0n, [], []])).address;
  } else {
    verifier = await validators.deployGenesisVerifier(chain);
  }
  const core = await messaging(chain, verifier);
  const bridge = await chain.viem.deployContract("RootBridge", [core.outbox, core.inbox, 199n, childBridge, gov, 0n]);
  return { ...core, chain, bridge: bridge.address, btt, usdt, stakeManager };
}

export type RootDeployment = Awaited<ReturnType<typeof deployRoot>>;

async function deployChild(chain: Chain, validators: Validators) {
  const gov = chain.wallet(cast.governance).account.address;
  const core = await messaging(chain, await validators.deployGenesisVerifier(chain));
  // Deployed before the roots: every RootBridge names it.
  const bridge = await chain.viem.deployContract("ChildBridge", [core.outbox, core.inbox, gov, 0n]);
  await chain.mined(bridge.write.fundVault({ value: 1_000n * BTT }));
  const pool = await chain.viem.deployContract("PaymentChannels", [withdrawalDelay]);
  return { ...core, chain, bridge: bridge.address, pool: pool.address };
}

export interface Deployment {
  readonly bttc: Awaited<ReturnType<typeof deployChild>> & {
    /** Child tokens by root chain: USDT_t/_e/_b, and BTT_b (BTT from TRON and Ethereum is native BTT). */
    readonly usdt: Record<RootName, Address>;
    readonly bttB: Address;
    /** StorageMarket paid in USDT_e (Tether bridged from Ethereum). */
    readonly market: Address;
  };
  readonly roots: Record<RootName, RootDeployment>;
  readonly stakeManager: Address;
}

export async function deployAll(chains: Chains, validators: Validators, reporter: Reporter): Promise<Deployment> {
  const child = await deployChild(chains.bttc, validators);
  reporter.ok(`BTTC: ValidatorSet (genesis set), Inbox, Outbox, ChildBridge (vault 1000 BTT), PaymentChannels ${child.pool}`);
  const roots = {} as Record<RootName, RootDeployment>;
  for (const name of rootNames) {
    const root = await deployRoot(chains[name], validators, child.bridge, name === "tron");
    roots[name] = root;
    const extra = root.stakeManager === undefined ? "ValidatorSet (genesis set)" : `StakeManager ${toTronAddress(root.stakeManager)}, ValidatorSet (synced from it)`;
    // TRON shows its addresses in base58, as TronWeb and TRON wallets do.
    const show = (a: Address) => (name === "tron" ? toTronAddress(a) : a);
    reporter.ok(`${chains[name].label}: BTT ${show(root.btt.address)}, USDT ${show(root.usdt.address)}, ${extra}, Inbox, Outbox, RootBridge ${show(root.bridge)}`);
    await chains.bttc.mined(chains.bttc.wallet(cast.governance).writeContract({ address: child.bridge, abi: childBridgeAbi, functionName: "setRootBridge", args: [root.chain.chainId, root.bridge] }));
  }

  // Governance maps USDT on every root (USDT_t, USDT_e, USDT_b) and BTT: native BTT on BTTC from TRON
  // and Ethereum, BTT_b from BNB Chain. Mapping messages travel like any other.
  const suffix: Record<RootName, string> = { tron: "t", ethereum: "e", bnb: "b" };
  for (const name of rootNames) {
    const root = roots[name];
    const bridge = await root.chain.viem.getContractAt("RootBridge", root.bridge);
    await root.chain.mined(bridge.write.mapToken([root.usdt.address, false, `Tether USD (${name})`, `USDT_${suffix[name]}`, 18]), "mapToken");
    await root.chain.mined(bridge.write.mapToken([root.btt.address, name !== "bnb", "BitTorrent (BNB)", "BTT_b", 18]));
    await relayCheckpoint(root, child, validators);
    await deliverAll(root, child, "execute mapping (creates the child token)");
  }
  const childBridge = await chains.bttc.viem.getContractAt("ChildBridge", child.bridge);
  const usdt = {} as Record<RootName, Address>;
  for (const name of rootNames) usdt[name] = getAddress(await childBridge.read.childTokenOf([roots[name].chain.chainId, roots[name].usdt.address]));
  const bttB = getAddress(await childBridge.read.childTokenOf([roots.bnb.chain.chainId, roots.bnb.btt.address]));
  const storage = await chains.bttc.viem.deployContract("StorageMarket", [usdt.ethereum, market.epoch, market.slashBps, market.bountyBps, market.maxMisses]);
  reporter.ok(`tokens mapped through checkpoints signed by the genesis set: BTT → native BTT from TRON and Ethereum; USDT_t ${usdt.tron}, USDT_e ${usdt.ethereum}, USDT_b ${usdt.bnb}, BTT_b ${bttB}`);
  reporter.ok(`BTTC: StorageMarket ${storage.address} (paid in USDT_e)`);
  const stakeManager = roots.tron.stakeManager;
  if (stakeManager === undefined) throw new Error("no StakeManager on the staking home");
  return { bttc: { ...child, usdt, bttB, market: storage.address }, roots, stakeManager };
}
