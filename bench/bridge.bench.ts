/**
 * Bridge and messaging costs on simulated chains (EDR, shanghai): gas of a deposit, of executing it
 * on BTTC, of checkpoint submission with 4 and 100 validators (quorum signing), and of an exit proven
 * against a checkpoint holding 10,000 messages; and the time to build that exit proof from Outbox
 * logs, reported against the time to fetch those logs (the RPC part) measured in the same run.
 */
import { network } from "hardhat";
import { parseAbi, type Address, type Hex } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";

import {
  buildMessageProof,
  executeMessage,
  getOutboxMessages,
  MessageTree,
  messageLeaf,
  signCheckpointQuorum,
  submitCheckpoint,
  withdraw,
  deposit,
  fillWithdrawal,
} from "@btt-network/sdk/bridge";
import type { Checkpoint } from "@btt-network/sdk/messages";
import {
  deployBridge,
  deployTestContract,
  deliver,
  mapTokens,
  relayCheckpoint,
} from "../test/sdk/bridge/support/fixture.ts";
import { EXIT_BLOCK_MS, EXIT_CONFIRMATIONS, exitLatency } from "./lib/exitLatency.ts";
import { bestOf, report } from "./lib/report.ts";

const MESSAGES = 10_000;
const E18 = 10n ** 18n;

const median = (values: bigint[]) =>
  [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))[Math.floor(values.length / 2)]!;

const d = await deployBridge();
await mapTokens(d);
const { tron } = d.roots;
const bttc = d.bttc;
const gasOf = async (
  client: { getTransactionReceipt: (p: { hash: Hex }) => Promise<{ gasUsed: bigint }> },
  hash: Hex,
) => (await client.getTransactionReceipt({ hash })).gasUsed;

// ---------------------------------------------------------------- deposits and their execution on BTTC
await tron.usdt.write.mint([tron.alice.account.address, 1_000_000n * E18]);
await tron.usdt.write.approve([tron.bridge.address, 2n ** 255n], { account: tron.alice.account });
const deposits = [];
for (let i = 0; i < 9; i++) {
  deposits.push(
    await deposit(tron.alice, { rootBridge: tron.bridge.address, token: tron.usdt.address, amount: 100n * E18 }),
  );
}
const depositGas = median(await Promise.all(deposits.map((dep) => gasOf(tron.publicClient, dep.hash))));
await relayCheckpoint(tron, bttc);
const executeGas: bigint[] = [];
for (const dep of deposits)
  executeGas.push(await gasOf(bttc.publicClient, (await deliver(tron, bttc, dep.message)).hash));
const childExecuteGas = median(executeGas);

// ---------------------------------------------------------------- checkpoint submission, 4 and 100 validators
async function checkpointGas(size: number): Promise<bigint> {
  const { viem } = await network.create({ network: "tron" });
  const keys: PrivateKeyAccount[] = Array.from({ length: size }, (_, i) =>
    privateKeyToAccount(`0x${(0x5eed0000n + BigInt(i) + 1n).toString(16).padStart(64, "0")}` as Hex),
  ).sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
  const set = { signers: keys.map((k) => k.address), powers: keys.map(() => 100n) };
  const verifier = await viem.deployContract("ValidatorSet", [
    "0x0000000000000000000000000000000000000000",
    1n,
    set.signers,
    set.powers,
    86_400n,
  ]);
  const inbox = await viem.deployContract("Inbox", [verifier.address]);
  const [submitter] = await viem.getWalletClients();
  const publicClient = await viem.getPublicClient();
  const quorum = keys.slice(0, Math.floor((2 * size) / 3) + 1); // smallest set with > 2/3 of equal powers
  let gas = 0n;
  for (let i = 0n; i < 2n; i++) {
    // The second checkpoint of a stream is the steady state (the first also creates the source's slots).
    const checkpoint: Checkpoint = {
      sourceChainId: 199n,
      destChainId: 728126428n,
      destContract: inbox.address,
      epoch: 1n,
      startBlock: 1_000n * i + 1n,
      endBlock: 1_000n * (i + 1n),
      blockRoot: `0x${"b1".repeat(32)}`,
      messageRoot: `0x${(i + 1n).toString(16).padStart(64, "0")}`,
      messageCount: 100n * (i + 1n),
    };
    const proof = await signCheckpointQuorum(checkpoint, set, quorum);
    gas = await gasOf(publicClient, await submitCheckpoint(submitter!, { inbox: inbox.address, checkpoint, proof }));
  }
  return gas;
}
const checkpoint4 = await checkpointGas(4);
const checkpoint100 = await checkpointGas(100);

// ---------------------------------------------------------------- a 10,000-message checkpoint and exits from it
const spammer = await deployTestContract(
  bttc,
  "Spammer",
  [],
  parseAbi(["function spam(address outbox, uint256 destChainId, address target, uint256 n)"]),
);
const usdtT: Address = await bttc.bridge.read.childTokenOf([tron.chainId, tron.usdt.address]);
const already = Number(await bttc.outbox.read.messageCount([tron.chainId]));
const withdrawals = 10;
const fastWithdrawals = 9;
let toSpam = MESSAGES - already - withdrawals - fastWithdrawals;
while (toSpam > 0) {
  const n = Math.min(toSpam, 400);
  await spammer.write.spam([bttc.outbox.address, tron.chainId, bttc.deployer.account.address, BigInt(n)]);
  toSpam -= n;
}
const exitsSent = [];
for (let i = 0; i < withdrawals; i++) {
  exitsSent.push(
    (
      await withdraw(bttc.alice, {
        childBridge: bttc.bridge.address,
        token: usdtT,
        rootChainId: tron.chainId,
        amount: 10n * E18,
        recipient: tron.bob.account.address,
      })
    ).message,
  );
}
// Fast withdrawals (1% fast fee, 0.1% delivery fee), each filled on TRON before the checkpoint.
const fastSent = [];
for (let i = 0; i < fastWithdrawals; i++) {
  fastSent.push(
    (
      await withdraw(bttc.alice, {
        childBridge: bttc.bridge.address,
        token: usdtT,
        rootChainId: tron.chainId,
        amount: 10n * E18,
        recipient: tron.bob.account.address,
        fast: { maxFee: E18 / 10n },
        deliveryFee: E18 / 100n,
      })
    ).message,
  );
}
await tron.usdt.write.mint([tron.deployer.account.address, 1000n * E18]);
await tron.usdt.write.approve([tron.bridge.address, 2n ** 255n], { account: tron.deployer.account });
const fillGas: bigint[] = [];
for (const message of fastSent) {
  fillGas.push(
    await gasOf(
      tron.publicClient,
      (await fillWithdrawal(tron.deployer, { rootBridge: tron.bridge.address, message })).hash,
    ),
  );
}
if (Number(await bttc.outbox.read.messageCount([tron.chainId])) !== MESSAGES) throw new Error("stream size");
await relayCheckpoint(bttc, tron);

const params = { outbox: bttc.outbox.address, inbox: tron.inbox.address };
const target = exitsSent[exitsSent.length - 1]!;
// Warm up, then time: building the proof (Inbox read + eth_getLogs + tree), fetching the logs alone,
// and building the tree alone from fetched messages.
const proof = await buildMessageProof(bttc.publicClient, tron.publicClient, { ...params, message: target });
const messages = await getOutboxMessages(bttc.publicClient, { outbox: bttc.outbox.address, destChainId: tron.chainId });
let buildMs = Infinity;
let fetchMs = Infinity;
let treeMs = Infinity;
let leavesMs = Infinity;
for (let i = 0; i < 5; i++) {
  buildMs = Math.min(
    buildMs,
    await bestOf(1, () => buildMessageProof(bttc.publicClient, tron.publicClient, { ...params, message: target })),
  );
  fetchMs = Math.min(
    fetchMs,
    await bestOf(1, () =>
      getOutboxMessages(bttc.publicClient, { outbox: bttc.outbox.address, destChainId: tron.chainId }),
    ),
  );
  treeMs = Math.min(
    treeMs,
    await bestOf(1, () => MessageTree.fromLeaves(messages.map((m) => m.leaf)).proof(MESSAGES - 1)),
  );
  leavesMs = Math.min(leavesMs, await bestOf(1, () => messages.map(messageLeaf)));
}

const exitGas: bigint[] = [];
for (const message of exitsSent) {
  const p = await buildMessageProof(bttc.publicClient, tron.publicClient, { ...params, message });
  exitGas.push(
    await gasOf(tron.publicClient, (await executeMessage(tron.bob, { inbox: tron.inbox.address, proof: p })).hash),
  );
}

const repayGas: bigint[] = [];
for (const message of fastSent) {
  const p = await buildMessageProof(bttc.publicClient, tron.publicClient, { ...params, message });
  repayGas.push(
    await gasOf(tron.publicClient, (await executeMessage(tron.bob, { inbox: tron.inbox.address, proof: p })).hash),
  );
}

// ---------------------------------------------------------------- fast vs slow exit latency (relayer cadence)
const EXIT_SAMPLES = 5;
const exits = await exitLatency(EXIT_SAMPLES);
const medianMs = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fastExitMs = medianMs(exits.fastMs);
const slowExitMs = medianMs(exits.slowMs);
const cadence = `hardhat nodes without automine, a block every ${EXIT_BLOCK_MS} ms on BTTC and the root, ${EXIT_CONFIRMATIONS} confirmations (the relayer bench's cadence)`;
const spread = (values: number[]) => `min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)}`;

const polygonExit = "Polygon PoS exit: RLP receipt + Merkle-Patricia receipt proof + block-in-checkpoint proof";
await report("bridge", [
  {
    metric: "deposit_gas",
    value: Number(depositGas),
    unit: "gas",
    reference: "RootBridge.deposit, ERC-20 lock + Outbox append, median of 9 (allowance set)",
  },
  {
    metric: "child_execute_gas",
    value: Number(childExecuteGas),
    unit: "gas",
    reference: "Inbox.execute on BTTC: 3-sibling proof + ChildToken mint, median of 9",
  },
  {
    metric: "checkpoint_submit_gas_4",
    value: Number(checkpoint4),
    unit: "gas",
    reference: "Inbox.submitCheckpoint, 3 of 4 equal validators sign, steady state",
  },
  {
    metric: "checkpoint_submit_gas_100",
    value: Number(checkpoint100),
    unit: "gas",
    reference: "67 of 100 validators sign; Polygon mainnet ~2.2M per checkpoint with ~105 validators",
  },
  {
    metric: "exit_gas",
    value: Number(median(exitGas)),
    unit: "gas",
    reference: `Inbox.execute on TRON, ${proof.proof.length}-sibling proof (10,000-message checkpoint) + transfer; ${polygonExit}`,
  },
  {
    metric: "fill_gas",
    value: Number(median(fillGas)),
    unit: "gas",
    reference:
      "RootBridge.fill on TRON (USDT pulled from the filler to the recipient), median of 9; the filler's cost of a fast exit",
  },
  {
    metric: "repay_gas",
    value: Number(median(repayGas)),
    unit: "gas",
    reference: `Inbox.execute on TRON of a filled withdrawal with a delivery fee (filler repaid, executor paid), ${proof.proof.length}-sibling proof; compare exit_gas`,
  },
  {
    metric: "fast_exit_ms",
    value: fastExitMs,
    unit: "ms",
    reference: `median of ${EXIT_SAMPLES} (${spread(exits.fastMs)}): fast withdrawal's receipt on BTTC -> recipient paid on the root by the in-process relayer's fastFills duty (${EXIT_CONFIRMATIONS} blocks deep on BTTC, then RootBridge.fill); ${cadence}`,
    target: 5_000,
  },
  {
    metric: "exit_ms",
    value: slowExitMs,
    unit: "ms",
    reference: `median of ${EXIT_SAMPLES} (${spread(exits.slowMs)}), same run, alternating with the fast ones: withdrawal receipt on BTTC -> recipient paid by the slow path (checkpoint of the four test validators submitted as soon as the withdrawal is ${EXIT_CONFIRMATIONS} blocks deep, then the relayer's messages duty executes it); ${cadence}`,
  },
  {
    metric: "exit_ratio_slow_vs_fast",
    value: slowExitMs / fastExitMs,
    unit: "ratio",
    reference: "exit_ms / fast_exit_ms (same run, same cadence)",
    target: 3,
    better: "higher",
  },
  {
    metric: "proof_build_ms_10k",
    value: buildMs,
    unit: "ms",
    reference:
      "Inbox read + eth_getLogs of 10,000 MessageSent logs + keccak tree; Polygon fetches every receipt of the burn block and O(log n) eth_getRootHash calls",
  },
  {
    metric: "proof_fetch_logs_ms_10k",
    value: fetchMs,
    unit: "ms",
    reference: "eth_getLogs of the same 10,000 logs alone (same run)",
  },
  {
    metric: "proof_tree_ms_10k",
    value: treeMs,
    unit: "ms",
    reference: "keccak tree over the 10,000 logged leaves + proof, no RPC (same run)",
  },
  {
    metric: "leaf_hash_ms_10k",
    value: leavesMs,
    unit: "ms",
    reference: "recomputing the 10,000 leaves from their fields (what a signer does; same run)",
  },
  {
    metric: "proof_build_ratio_vs_fetch",
    value: buildMs / fetchMs,
    unit: "ratio",
    reference: "proof_build_ms_10k / proof_fetch_logs_ms_10k (1.0 = as fast as just fetching the logs)",
    better: "lower",
  },
]);
