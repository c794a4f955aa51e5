/**
 * Relayer throughput: ERC-20 payouts (the stand-in for bridge messages until the message duties
 * land) relayed per second by the full executor path (decide, simulate, record in SQLite with
 * synchronous=FULL, sign, send, confirm, record again) against a local `hardhat node` over HTTP,
 * compared with a bare viem loop on the same node in the same run (local nonces, fixed gas, no
 * simulation, no persistence): the ratio is what durability and exactly-once cost.
 * `proofs_per_s` and `deposit_to_execution_ms` come with the storage-proof and message duties.
 */
import { writeFileSync } from "node:fs";

import { createWalletClient, encodeFunctionData, erc20Abi, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { chainOf, deployToken, fundedAccount, payoutRequests, publicClientFor, writeConfig } from "../test/relayer/support/fixture.ts";
import { startHardhatNode } from "../test/relayer/support/node.ts";
import { startInProcess } from "../test/relayer/support/relayer.ts";
import { report } from "./lib/report.ts";

const N = 200;
const ROUNDS = 2;

const node = await startHardhatNode(31337);
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
      reference: "messages_per_s / viem_send_tx_per_s (proofs_per_s and deposit_to_execution_ms come with the duties)",
      better: "higher",
    },
  ]);
} finally {
  await node.stop();
}
