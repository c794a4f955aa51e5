/**
 * Relayer throughput: ERC-20 payouts (the stand-in for bridge messages until the message duties
 * land) relayed per second by the full executor path (decide, simulate, record in SQLite with
 * synchronous=FULL, sign, send, confirm, record again) against a local `hardhat node` over HTTP,
 * compared with a bare viem loop on the same node in the same run (local nonces, fixed gas, no
 * simulation, no persistence): the ratio is what durability and exactly-once cost.
 *
 * `proofs_per_s`: storage period proofs (16 KiB shards, 3 challenges) submitted by the storage-proof
 * duty with batches of 16, against the same duty sending one proof per transaction in the same run.
 * `deposit_to_execution_ms`: from a deposit's receipt on a root chain to its execution on BTTC by the
 * message duty (a checkpoint is submitted test-side right after the deposit, as a validator relayer
 * would on demand), against the same path done in-process with the SDK (checkpoint, proof, execute)
 * with no polling: the difference is what the daemon's polling and bookkeeping add.
 */
import { writeFileSync } from "node:fs";

import { createWalletClient, encodeFunctionData, erc20Abi, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { buildMessageProof, executeMessage, inboxAbi, outboxAbi } from "../sdk/src/bridge/index.ts";
import { deployBridgeNetwork, depositMany, fundedUser, walletFor, writeMessagesConfig } from "../test/relayer/support/bridge.ts";
import { chainOf, deployToken, fundedAccount, payoutRequests, publicClientFor, tempDir, writeConfig } from "../test/relayer/support/fixture.ts";
import { startHardhatNode, type HardhatNode } from "../test/relayer/support/node.ts";
import { deployMarket, EPOCH, openPeriod, proofOf, writeProofFile, writeStorageConfig } from "../test/relayer/support/storage.ts";
import { startInProcess } from "../test/relayer/support/relayer.ts";
import { report } from "./lib/report.ts";

const N = 200;
const ROUNDS = 2;
const DEALS = 48;
const LATENCY_SAMPLES = 10;

interface Run {
  readonly rate: number;
  readonly gasPerProof: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Proofs per second through the storage-proof duty for one period of `DEALS` deals. */
async function proofRates(node: HardhatNode): Promise<{ batched: Run; single: Run; batches: number }> {
  const market = await deployMarket(node, [DEALS / 2, DEALS / 2], 20n * EPOCH);
  async function run(period: bigint, maxProofsPerBatch: number): Promise<Run> {
    await openPeriod(market, period);
    const folder = `${tempDir("btt-bench-proofs-")}/proofs`;
    const proofs = await Promise.all(market.deals.map((deal) => proofOf(market, deal, period)));
    const submitter = await fundedUser([node]);
    const config = writeStorageConfig({ market, key: submitter.key, sources: [{ dir: folder }], duty: { maxProofsPerBatch, intervalMs: 50 } });
    const relayer = await startInProcess(config, {}, "warn");
    try {
      const t0 = performance.now();
      for (const proof of proofs) writeProofFile(folder, proof);
      for (;;) {
        const proven = relayer.store.countRecordsByState("storageProofs.proof").find((r) => r.state === "proven")?.count ?? 0;
        if (proven === DEALS) break;
        await sleep(5);
      }
      const rate = DEALS / ((performance.now() - t0) / 1000);
      const hashes = relayer.store.db.prepare("SELECT hash FROM txs WHERE status = 'confirmed'").all() as { hash: `0x${string}` }[];
      let gas = 0n;
      for (const { hash } of hashes) gas += (await publicClientFor(node).getTransactionReceipt({ hash })).gasUsed;
      return { rate, gasPerProof: Number(gas) / DEALS };
    } finally {
      await relayer.stop();
    }
  }
  const batched = await run(0n, 16);
  const single = await run(1n, 1);
  return { batched, single, batches: Math.ceil(DEALS / 16) };
}

/** Median latency from deposit receipt to execution on BTTC: by the relayer, and in-process with the SDK. */
async function depositLatency(bttc: HardhatNode, root: HardhatNode): Promise<{ relayer: number; sdk: number }> {
  const net = await deployBridgeNetwork(bttc, [root]);
  const side = net.roots[0]!;
  const user = await fundedUser([bttc, root]);
  const executor = await fundedUser([bttc, root]);
  const isExecuted = (nonce: bigint) =>
    net.child.client.readContract({ address: net.child.inbox, abi: inboxAbi, functionName: "isExecuted", args: [BigInt(root.chainId), nonce] });
  let nonce = 1n; // nonce 0 is the token mapping
  const sdk: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    await depositMany(side, user, [user.address], 1);
    const t0 = performance.now();
    await net.checkpointer.tick();
    const message = (await side.client.getContractEvents({ address: side.outbox, abi: outboxAbi, eventName: "MessageSent", fromBlock: 0n })).at(-1)!;
    const args = message.args as { destChainId: bigint; nonce: bigint; sender: `0x${string}`; target: `0x${string}`; payload: `0x${string}` };
    const proof = await buildMessageProof(side.client, net.child.client, {
      outbox: side.outbox,
      inbox: net.child.inbox,
      message: { sourceChainId: BigInt(root.chainId), destChainId: args.destChainId, nonce: args.nonce, sender: args.sender, target: args.target, payload: args.payload },
    });
    await executeMessage(walletFor(bttc, executor.key), { inbox: net.child.inbox, proof });
    sdk.push(performance.now() - t0);
    nonce++;
  }
  const relayer = await startInProcess(writeMessagesConfig({ net, key: executor.key, messages: { intervalMs: 50 }, chain: { pollIntervalMs: 50 } }), {}, "warn");
  const relayed: number[] = [];
  try {
    await sleep(500); // start-up and first discovery
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      await depositMany(side, user, [user.address], 1);
      const t0 = performance.now();
      await net.checkpointer.tick();
      while (!(await isExecuted(nonce))) await sleep(2);
      relayed.push(performance.now() - t0);
      nonce++;
    }
  } finally {
    await relayer.stop();
  }
  return { relayer: median(relayed), sdk: median(sdk) };
}

const [node, bttcNode, rootNode] = await Promise.all([startHardhatNode(31337), startHardhatNode(199), startHardhatNode(1)]);
try {
  const token = await deployToken(node);
  const client = publicClientFor(node);

  async function viemRate(): Promise<number> {
    const requests = payoutRequests(N, "ref");
    const payer = await fundedAccount(node, token, 10n ** 12n);
    const wallet = createWalletClient({ account: privateKeyToAccount(payer.key), transport: http(node.url), chain: chainOf(node) });
    const fees = await client.estimateFeesPerGas();
    const t0 = performance.now();
    let last: `0x${string}` = "0x";
    for (const [nonce, request] of requests.entries()) {
      last = await wallet.sendTransaction({
        to: token,
        data: encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [request.to, BigInt(request.amount)] }),
        nonce,
        gas: 80_000n,
        ...fees,
      });
    }
    await client.waitForTransactionReceipt({ hash: last, pollingInterval: 10 });
    return N / ((performance.now() - t0) / 1000);
  }

  async function relayerRate(): Promise<number> {
    const requests = payoutRequests(N, "bench");
    const payer = await fundedAccount(node, token, 10n ** 12n);
    const config = writeConfig({
      node,
      token,
      key: payer.key,
      chain: { pollIntervalMs: 50 },
      payout: { intervalMs: 50, batchSize: 100 },
    });
    const relayer = await startInProcess(config, {}, "warn");
    try {
      const t0 = performance.now();
      writeFileSync(config.requestsFile, JSON.stringify(requests));
      for (;;) {
        const paid = relayer.store.countRecordsByState("payout").find((r) => r.state === "paid")?.count ?? 0;
        if (paid === N) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return N / ((performance.now() - t0) / 1000);
    } finally {
      await relayer.stop();
    }
  }

  let viem = 0;
  let relayed = 0;
  for (let round = 0; round < ROUNDS; round++) {
    viem = Math.max(viem, await viemRate());
    relayed = Math.max(relayed, await relayerRate());
  }

  const proofs = await proofRates(bttcNode);
  const latency = await depositLatency(bttcNode, rootNode);

  await report("relayer", [
    {
      metric: "messages_per_s",
      value: relayed,
      unit: "msg/s",
      reference: `${N} ERC-20 payouts through the executor (simulate, SQLite FULL, sign, send, confirm), hardhat node over HTTP, best of ${ROUNDS}`,
      better: "higher",
    },
    {
      metric: "viem_send_tx_per_s",
      value: viem,
      unit: "tx/s",
      reference: `bare viem sendTransaction loop, same node and transfers, local nonces, no simulation or persistence`,
      better: "higher",
    },
    {
      metric: "messages_ratio_vs_viem",
      value: relayed / viem,
      unit: "ratio",
      reference: "messages_per_s / viem_send_tx_per_s",
      better: "higher",
    },
    {
      metric: "proofs_per_s",
      value: proofs.batched.rate,
      unit: "proofs/s",
      reference: `${DEALS} period proofs (2 hosts, 16 KiB shards, 3 challenges) gathered from a folder, checked, batched by 16 (${proofs.batches} txs), confirmed`,
      better: "higher",
    },
    {
      metric: "proofs_per_s_unbatched",
      value: proofs.single.rate,
      unit: "proofs/s",
      reference: "same duty and proofs, one proof per submitProofs transaction",
      better: "higher",
    },
    {
      metric: "proofs_batching_speedup",
      value: proofs.batched.rate / proofs.single.rate,
      unit: "ratio",
      reference: "proofs_per_s / proofs_per_s_unbatched (automine: a transaction costs little time here; on a real chain each one waits for a block)",
      better: "higher",
    },
    {
      metric: "proof_gas_per_period_batch16",
      value: proofs.batched.gasPerProof,
      unit: "gas",
      reference: "receipts' gasUsed / proofs, batches of 16 (3 challenges of a 16 KiB shard per proof)",
    },
    {
      metric: "proof_gas_per_period_batch1",
      value: proofs.single.gasPerProof,
      unit: "gas",
      reference: "same, one proof per transaction (21k base cost each)",
    },
    {
      metric: "deposit_to_execution_ms",
      value: latency.relayer,
      unit: "ms",
      reference: `median of ${LATENCY_SAMPLES}: deposit receipt on a root -> checkpoint (test-side, on demand) -> executed on BTTC by the message duty (interval 50 ms); hardhat nodes with automine`,
      better: "lower",
    },
    {
      metric: "deposit_to_execution_sdk_ms",
      value: latency.sdk,
      unit: "ms",
      reference: "same path in-process with the SDK (checkpoint, buildMessageProof, executeMessage), no polling, no persistence",
      better: "lower",
    },
    {
      metric: "deposit_to_execution_ratio_vs_sdk",
      value: latency.relayer / latency.sdk,
      unit: "ratio",
      reference: "deposit_to_execution_ms / deposit_to_execution_sdk_ms",
      better: "lower",
    },
  ]);
} finally {
  await Promise.all([node.stop(), bttcNode.stop(), rootNode.stop()]);
}
