/**
 * Four simulated chains (TRON stand-in 728126428, Ethereum 1, BNB 56, BTTC 199; hardfork shanghai)
 * with the validator-set verifier, Inbox, Outbox and bridges deployed on each, and a test relayer
 * that checkpoints and executes exactly as the SDK lets anyone do.
 */
import { network } from "hardhat";
import { erc20Abi, getContract, parseAbi, type Address, type Hex } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";

import {
  buildCheckpoint,
  buildMessageProof,
  executeMessage,
  getOutboxMessages,
  signCheckpointQuorum,
  submitCheckpoint,
  type CrossChainMessage,
  type ExecuteMessageReturnType,
  type QuorumProof,
} from "../../../../sdk/src/bridge/index.ts";
import type { Checkpoint } from "../../../../sdk/src/messages/index.ts";

export type RootName = "tron" | "ethereum" | "bnb";
export type ChainName = RootName | "bttc";

/** Four validators sorted by address; the last one holds 70% of the power. */
export const validators: PrivateKeyAccount[] = [1, 2, 3, 4]
  .map((i) => privateKeyToAccount(`0x${(0xb77c0de0n + BigInt(i)).toString(16).padStart(64, "0")}` as Hex))
  .sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
export const validatorSet = { signers: validators.map((v) => v.address), powers: [10n, 10n, 10n, 70n] };

/** Minimal ABIs of the test-only tokens in contracts/test/, as the bridge tests use them. */
const testTokenAbi = [...erc20Abi, ...parseAbi(["function mint(address to, uint256 amount)"])] as const;
export const reentrantTokenAbi = [
  ...testTokenAbi,
  ...parseAbi(["function arm(address target, bytes data)", "function reentered() view returns (bool)"]),
] as const;

/** Deploys a test-only contract and types it with `abi`. */
export async function deployTestContract<const TAbi extends readonly unknown[]>(
  chain: ChainBase,
  name: string,
  args: readonly unknown[],
  abi: TAbi,
) {
  const deployed = (await chain.viem.deployContract(name as never, args as never)) as { address: Address };
  return getContract({
    address: deployed.address,
    abi,
    client: { public: chain.publicClient, wallet: chain.deployer },
  });
}

async function connect(name: ChainName) {
  const connection = await network.create({ network: name });
  const { viem } = connection;
  const publicClient = await viem.getPublicClient();
  const [deployer, alice, bob] = await viem.getWalletClients();
  if (deployer === undefined || alice === undefined || bob === undefined) throw new Error("accounts");
  const verifier = await viem.deployContract("ValidatorSet", [
    "0x0000000000000000000000000000000000000000",
    1n,
    validatorSet.signers,
    validatorSet.powers,
    86_400n,
  ]);
  const inbox = await viem.deployContract("Inbox", [verifier.address]);
  const outbox = await viem.deployContract("Outbox");
  return {
    name,
    connection,
    viem,
    publicClient,
    chainId: BigInt(await publicClient.getChainId()),
    deployer,
    alice,
    bob,
    verifier,
    inbox,
    outbox,
  };
}

export type ChainBase = Awaited<ReturnType<typeof connect>>;

async function deployRoot(name: RootName, childBridge: Address) {
  const base = await connect(name);
  const bridge = await base.viem.deployContract("RootBridge", [
    base.outbox.address,
    base.inbox.address,
    199n,
    childBridge,
    base.deployer.account.address,
    0n,
    10n ** 18n,
  ]);
  // TRON's USDT returns false from `transfer` although it moved the funds: the TRON stand-in's does too.
  const usdt =
    name === "tron"
      ? await deployTestContract(base, "TronUsdtToken", [], testTokenAbi)
      : await deployTestContract(base, "TestToken", ["USDT"], testTokenAbi);
  const btt = await base.viem.deployContract("BTTToken", [base.deployer.account.address]);
  return { ...base, bridge, usdt, btt };
}

export type RootChain = Awaited<ReturnType<typeof deployRoot>>;

async function deployChild() {
  const base = await connect("bttc");
  const bridge = await base.viem.deployContract("ChildBridge", [
    base.outbox.address,
    base.inbox.address,
    base.deployer.account.address,
    0n,
    10n ** 18n,
  ]);
  await bridge.write.fundVault({ value: 1_000n * 10n ** 18n });
  return { ...base, bridge };
}

export type ChildChain = Awaited<ReturnType<typeof deployChild>>;
export type AnyChain = RootChain | ChildChain;

export interface Deployment {
  bttc: ChildChain;
  roots: Record<RootName, RootChain>;
}

/** Deploys everything and registers each RootBridge on BTTC. */
export async function deployBridge(): Promise<Deployment> {
  const bttc = await deployChild();
  const roots = {
    tron: await deployRoot("tron", bttc.bridge.address),
    ethereum: await deployRoot("ethereum", bttc.bridge.address),
    bnb: await deployRoot("bnb", bttc.bridge.address),
  };
  for (const root of Object.values(roots)) await bttc.bridge.write.setRootBridge([root.chainId, root.bridge.address]);
  return { bttc, roots };
}

/** Signs (with `signers`, default all four validators) and submits the next checkpoint of from -> to. */
export async function relayCheckpoint(
  from: AnyChain,
  to: AnyChain,
  signers: readonly PrivateKeyAccount[] = validators,
): Promise<{ checkpoint: Checkpoint; proof: QuorumProof; hash: Hex }> {
  const checkpoint = await buildCheckpoint(from.publicClient, to.publicClient, {
    outbox: from.outbox.address,
    inbox: to.inbox.address,
  });
  const proof = await signCheckpointQuorum(checkpoint, validatorSet, signers);
  const hash = await submitCheckpoint(to.deployer, { inbox: to.inbox.address, checkpoint, proof });
  return { checkpoint, proof, hash };
}

/** Builds the proof from the source Outbox logs and executes the message on its destination. */
export async function deliver(
  from: AnyChain,
  to: AnyChain,
  message: CrossChainMessage,
): Promise<ExecuteMessageReturnType> {
  const proof = await buildMessageProof(from.publicClient, to.publicClient, {
    outbox: from.outbox.address,
    inbox: to.inbox.address,
    message,
  });
  return executeMessage(to.deployer, { inbox: to.inbox.address, proof });
}

/** Maps USDT on every root (USDT_t, USDT_e, USDT_b), BTT as native BTT from TRON and Ethereum and as
 * BTT_b from BNB, and relays the mappings to BTTC. */
export async function mapTokens(d: Deployment): Promise<void> {
  const suffix: Record<RootName, string> = { tron: "t", ethereum: "e", bnb: "b" };
  for (const [name, root] of Object.entries(d.roots) as [RootName, RootChain][]) {
    await root.bridge.write.mapToken([root.usdt.address, false, `Tether USD (${name})`, `USDT_${suffix[name]}`, 18]);
    await root.bridge.write.mapToken([root.btt.address, name !== "bnb", "BitTorrent (BNB)", "BTT_b", 18]);
    await relayCheckpoint(root, d.bttc);
    const messages = await getOutboxMessages(root.publicClient, { outbox: root.outbox.address, destChainId: 199n });
    for (const message of messages) await deliver(root, d.bttc, message);
  }
}
