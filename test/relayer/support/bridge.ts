/**
 * The bridge on hardhat nodes for the message-executor tests: the messaging core (genesis-set
 * ValidatorSet, Inbox, Outbox) on BTTC and on each root, ChildBridge and RootBridges wired
 * together, one mapped test token per root; users who deposit and withdraw; and a test-side
 * checkpoint submitter (SDK `buildCheckpoint` + four test validator keys) standing in for the
 * relayer's checkpoint duty.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import {
  createWalletClient,
  erc20Abi,
  getAddress,
  http,
  keccak256,
  maxUint256,
  parseAbi,
  toHex,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";

import {
  buildCheckpoint,
  childBridgeAbi,
  executeMessage,
  buildMessageProof,
  getOutboxMessages,
  inboxAbi,
  outboxAbi,
  rootBridgeAbi,
  submitCheckpoint,
} from "../../../sdk/src/bridge/index.ts";
import { buildQuorumProof, signAll, signCheckpoint, sortValidatorSet } from "../../../sdk/src/staking/index.ts";
import { chainOf, DEPLOYER_KEY, publicClientFor, tempDir, type TestConfig } from "./fixture.ts";
import { repoRoot, type HardhatNode } from "./node.ts";

function artifact(path: string): { abi: Abi; bytecode: Hex } {
  return JSON.parse(readFileSync(join(repoRoot, "artifacts", "contracts", ...path.split("/")), "utf8")) as {
    abi: Abi;
    bytecode: Hex;
  };
}

const testTokenAbi = parseAbi(["function mint(address to, uint256 amount)"]);

export function walletFor(node: HardhatNode, key: Hex = DEPLOYER_KEY) {
  return createWalletClient({
    account: privateKeyToAccount(key),
    transport: http(node.url, { retryCount: 0, timeout: 5_000 }),
    chain: chainOf(node),
  });
}

export async function deploy(
  node: HardhatNode,
  path: string,
  args: readonly unknown[],
): Promise<{ address: Address; block: number }> {
  const { abi, bytecode } = artifact(path);
  const hash = await walletFor(node).deployContract({ abi, bytecode, args: [...args] });
  const receipt = await publicClientFor(node).waitForTransactionReceipt({ hash, pollingInterval: 20 });
  if (receipt.contractAddress === null || receipt.contractAddress === undefined)
    throw new Error(`deploying ${path} failed`);
  return { address: receipt.contractAddress, block: Number(receipt.blockNumber) };
}

/** Sends a contract call from `key` and waits for a successful receipt. */
export async function send(
  node: HardhatNode,
  call: { address: Address; abi: Abi; functionName: string; args?: readonly unknown[]; value?: bigint },
  key: Hex = DEPLOYER_KEY,
): Promise<Hex> {
  const hash = await walletFor(node, key).writeContract(call as never);
  const receipt = await publicClientFor(node).waitForTransactionReceipt({ hash, pollingInterval: 20 });
  if (receipt.status !== "success") throw new Error(`${call.functionName} reverted`);
  return hash;
}

/** Four validators of equal power, deterministic keys. */
export const validatorKeys: readonly PrivateKeyAccount[] = [0, 1, 2, 3].map((i) =>
  privateKeyToAccount(keccak256(toHex(`relayer-test validator ${i}`))),
);
export const validatorSet = sortValidatorSet(validatorKeys.map((k) => ({ signer: k.address, power: 100n })));

export interface Core {
  readonly node: HardhatNode;
  readonly client: PublicClient;
  readonly inbox: Address;
  readonly outbox: Address;
  /** Block of the Outbox deployment (first block with its logs). */
  readonly fromBlock: number;
}

async function deployCore(node: HardhatNode): Promise<Core> {
  const verifier = await deploy(node, "staking/ValidatorSet.sol/ValidatorSet.json", [
    "0x0000000000000000000000000000000000000000",
    0n,
    validatorSet.map((m) => m.signer),
    validatorSet.map((m) => m.power),
    86_400n, // maxAge: the set stays usable for a day, longer than any test
  ]);
  const inbox = await deploy(node, "messaging/Inbox.sol/Inbox.json", [verifier.address]);
  const outbox = await deploy(node, "messaging/Outbox.sol/Outbox.json", []);
  return { node, client: publicClientFor(node), inbox: inbox.address, outbox: outbox.address, fromBlock: outbox.block };
}

export interface RootSide extends Core {
  readonly bridge: Address;
  /** The mapped root token (TestToken) and its child token on BTTC. */
  readonly token: Address;
  readonly childToken: Address;
}

export interface BridgeNetwork {
  readonly child: Core & { readonly bridge: Address };
  readonly roots: readonly RootSide[];
  readonly checkpointer: Checkpointer;
}

/**
 * Deploys everything on `child` (BTTC, chain id 199) and `roots`, maps one token per root, and
 * delivers the mapping messages test-side (checkpoint + SDK execute), so the child tokens exist
 * before the relayer starts.
 */
export async function deployBridgeNetwork(child: HardhatNode, roots: readonly HardhatNode[]): Promise<BridgeNetwork> {
  const owner = privateKeyToAccount(DEPLOYER_KEY).address;
  const childCore = await deployCore(child);
  const childBridge = (
    await deploy(child, "bridge/ChildBridge.sol/ChildBridge.json", [childCore.outbox, childCore.inbox, owner, 0n, 0n])
  ).address;
  const sides: (Core & { bridge: Address; token: Address })[] = [];
  for (const node of roots) {
    const core = await deployCore(node);
    const bridge = (
      await deploy(node, "bridge/RootBridge.sol/RootBridge.json", [
        core.outbox,
        core.inbox,
        BigInt(child.chainId),
        childBridge,
        owner,
        0n,
        0n,
      ])
    ).address;
    const token = (await deploy(node, "test/TestToken.sol/TestToken.json", ["USDT"])).address;
    await send(child, {
      address: childBridge,
      abi: childBridgeAbi,
      functionName: "setRootBridge",
      args: [BigInt(node.chainId), bridge],
    });
    await send(node, {
      address: bridge,
      abi: rootBridgeAbi,
      functionName: "mapToken",
      args: [token, false, `Tether USD (${node.chainId})`, "USDT", 18],
    });
    sides.push({ ...core, bridge, token });
  }
  const childSide = { ...childCore, bridge: childBridge };
  const checkpointer = new Checkpointer([
    ...sides.map((root) => ({ from: root, to: childSide as Core })),
    ...sides.map((root) => ({ from: childSide as Core, to: root as Core })),
  ]);
  await checkpointer.tick();
  const out: RootSide[] = [];
  for (const side of sides) {
    const [map] = await getOutboxMessages(side.client, { outbox: side.outbox, destChainId: BigInt(child.chainId) });
    if (map === undefined) throw new Error("mapping message missing");
    const proof = await buildMessageProof(side.client, childCore.client, {
      outbox: side.outbox,
      inbox: childCore.inbox,
      message: map,
    });
    await executeMessage(walletFor(child), { inbox: childCore.inbox, proof });
    const childToken = getAddress(
      await childCore.client.readContract({
        address: childBridge,
        abi: childBridgeAbi,
        functionName: "childTokenOf",
        args: [BigInt(side.node.chainId), side.token],
      }),
    );
    out.push({ ...side, childToken });
  }
  return { child: childSide, roots: out, checkpointer };
}

export interface Route {
  readonly from: Core;
  readonly to: Core;
  /** Blocks the checkpointed range stays behind the source head (its confirmation depth). */
  readonly confirmations?: number;
}

/**
 * Submits the next checkpoint of each route signed by all four test validators whenever the
 * route's confirmed Outbox stream grew. `paused` routes are left alone (a test holds checkpoints
 * back to look at messages before they are covered).
 */
export class Checkpointer {
  readonly routes: Route[];
  readonly paused = new Set<Route>();
  /** Per-route depth overrides. */
  readonly confirmations = new Map<Route, number>();
  private running: Promise<void> | undefined;
  private stopping = false;
  submitted = 0;
  errors: string[] = [];

  constructor(routes: Route[]) {
    this.routes = routes;
  }

  async tick(): Promise<void> {
    for (const route of this.routes) {
      if (this.paused.has(route)) continue;
      try {
        await this.route(route);
      } catch (error) {
        this.errors.push((error as Error).message.split("\n")[0] ?? "");
        if (this.errors.length > 50) this.errors.shift();
      }
    }
  }

  private async route(route: Route): Promise<void> {
    const { from, to } = route;
    const sourceChainId = BigInt(from.node.chainId);
    const state = await to.client.readContract({
      address: to.inbox,
      abi: inboxAbi,
      functionName: "sourceState",
      args: [sourceChainId],
    });
    const head = Number(await from.client.getBlockNumber({ cacheTime: 0 }));
    const endBlock = head - (this.confirmations.get(route) ?? route.confirmations ?? 1) + 1;
    const start = state.checkpoints === 0n ? from.fromBlock : Number(state.nextStartBlock);
    if (endBlock < start) return;
    const count = await from.client.readContract({
      address: from.outbox,
      abi: outboxAbi,
      functionName: "messageCount",
      args: [BigInt(to.node.chainId)],
      blockNumber: BigInt(endBlock),
    });
    if (count === state.messageCount && state.checkpoints !== 0n) return;
    const checkpoint = await buildCheckpoint(from.client, to.client, {
      outbox: from.outbox,
      inbox: to.inbox,
      fromBlock: BigInt(from.fromBlock),
      endBlock: BigInt(endBlock),
    });
    const signatures = await signAll(validatorKeys, checkpoint, signCheckpoint);
    await submitCheckpoint(walletFor(to.node), {
      inbox: to.inbox,
      checkpoint,
      proof: buildQuorumProof({ members: validatorSet, signatures }),
    });
    this.submitted++;
  }

  start(intervalMs = 200): void {
    this.stopping = false;
    const loop = async () => {
      while (!this.stopping) {
        await this.tick();
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    };
    this.running = loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }
}

/** A funded user key on every node of the network. */
export async function fundedUser(
  nodes: readonly HardhatNode[],
  key: Hex = keccak256(toHex(`user ${Math.random()}`)),
): Promise<{ key: Hex; address: Address }> {
  const address = privateKeyToAccount(key).address;
  for (const node of nodes) await node.rpc("hardhat_setBalance", [address, `0x${(10n ** 21n).toString(16)}`]);
  return { key, address };
}

/**
 * `count` deposits of `root.token` from `user` to `recipients[i % n]` with amounts 1000 + i (a
 * duplicate execution would show in balances). Sent back to back; waits for the last receipt.
 */
export async function depositMany(
  root: RootSide,
  user: { key: Hex; address: Address },
  recipients: readonly Address[],
  count: number,
  base = 1_000n,
): Promise<bigint[]> {
  const amounts = Array.from({ length: count }, (_, i) => base + BigInt(i));
  const total = amounts.reduce((a, b) => a + b, 0n);
  await send(root.node, { address: root.token, abi: testTokenAbi, functionName: "mint", args: [user.address, total] });
  await send(
    root.node,
    { address: root.token, abi: erc20Abi, functionName: "approve", args: [root.bridge, maxUint256] },
    user.key,
  );
  const wallet = walletFor(root.node, user.key);
  let nonce = await root.client.getTransactionCount({ address: user.address, blockTag: "pending" });
  let last: Hex | undefined;
  for (const [i, amount] of amounts.entries()) {
    last = await wallet.writeContract({
      address: root.bridge,
      abi: rootBridgeAbi,
      functionName: "deposit",
      args: [root.token, recipients[i % recipients.length]!, amount],
      nonce: nonce++,
      gas: 300_000n,
    });
  }
  if (last !== undefined) await root.client.waitForTransactionReceipt({ hash: last, pollingInterval: 20 });
  return amounts;
}

/** `count` withdrawals of `root.childToken` from `user` on BTTC to `recipients[i % n]` on the root. */
export async function withdrawMany(
  child: BridgeNetwork["child"],
  root: RootSide,
  user: { key: Hex; address: Address },
  recipients: readonly Address[],
  count: number,
  base = 1n,
): Promise<bigint[]> {
  const amounts = Array.from({ length: count }, (_, i) => base + BigInt(i));
  const wallet = walletFor(child.node, user.key);
  let nonce = await child.client.getTransactionCount({ address: user.address, blockTag: "pending" });
  let last: Hex | undefined;
  for (const [i, amount] of amounts.entries()) {
    last = await wallet.writeContract({
      address: child.bridge,
      abi: childBridgeAbi,
      functionName: "withdraw",
      args: [root.childToken, BigInt(root.node.chainId), recipients[i % recipients.length]!, amount],
      nonce: nonce++,
      gas: 300_000n,
    });
  }
  if (last !== undefined) await child.client.waitForTransactionReceipt({ hash: last, pollingInterval: 20 });
  return amounts;
}

/** Inbox events of one source chain on a destination: executed and failed nonces. */
export async function inboxEvents(
  dest: Core,
  sourceChainId: number,
): Promise<{ executed: bigint[]; failed: bigint[] }> {
  const logs = await dest.client.getContractEvents({
    address: dest.inbox,
    abi: inboxAbi,
    fromBlock: 0n,
    args: { sourceChainId: BigInt(sourceChainId) } as never,
  });
  const executed: bigint[] = [];
  const failed: bigint[] = [];
  for (const log of logs as unknown as { eventName: string; args: { nonce: bigint } }[]) {
    if (log.eventName === "MessageExecuted") executed.push(log.args.nonce);
    if (log.eventName === "MessageFailed") failed.push(log.args.nonce);
  }
  return { executed, failed };
}

export const chainNames: Record<number, string> = { 199: "bttc", 1: "ethereum", 56: "bnb" };

export type MessagesTestConfig = TestConfig;

/** A relayer config with the message executor over the network's chains; the key goes through the environment. */
export function writeMessagesConfig(options: {
  net: BridgeNetwork;
  key: Hex;
  withdrawals?: { recipients?: Address[]; withdrawers?: Address[] };
  confirmations?: Partial<Record<string, number>>;
  messages?: Record<string, unknown>;
  chain?: Record<string, unknown>;
  dir?: string;
}): MessagesTestConfig {
  const dir = options.dir ?? tempDir("btt-relayer-msg-");
  const sides: Core[] = [options.net.child, ...options.net.roots];
  const chains: Record<string, unknown> = {};
  const endpoints: Record<string, unknown> = {};
  for (const side of sides) {
    const name = chainNames[side.node.chainId]!;
    chains[name] = {
      rpcUrl: side.node.url,
      confirmations: options.confirmations?.[name] ?? 1,
      pollIntervalMs: 100,
      rpcTimeoutMs: 2_000,
      fees: { stuckAfterMs: 3_000 },
      ...options.chain,
    };
    endpoints[name] = {
      inbox: side.inbox,
      outbox: side.outbox,
      fromBlock: side.fromBlock,
      bridge: (side as Core & { bridge: Address }).bridge,
    };
  }
  const config = {
    sendTransactions: true,
    chains,
    keys: { executor: {} },
    store: { path: "relayer.db" },
    http: { port: 0 },
    log: { level: "warn" },
    duties: {
      messages: {
        chain: "bttc",
        key: "executor",
        intervalMs: 100,
        batchSize: 100,
        endpoints,
        withdrawals: {
          recipients: options.withdrawals?.recipients ?? [],
          withdrawers: options.withdrawals?.withdrawers ?? [],
        },
        retryDelayMs: 500,
        ...options.messages,
      },
    },
  };
  const file = join(dir, "relayer.json");
  writeFileSync(file, JSON.stringify(config, null, 2));
  return { dir, file, requestsFile: join(dir, "unused.json"), env: { BTT_RELAYER_KEY_EXECUTOR: options.key } };
}
