import { expect } from "chai";
import { createWalletClient, http, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import {
  balanceOf,
  chainOf,
  deployToken,
  fundedAccount,
  payoutRequests,
  publicClientFor,
  waitFor,
  writeConfig,
} from "./support/fixture.ts";
import { sharedNode, type HardhatNode } from "./support/node.ts";
import { healthOf as health, startInProcess, type StartedRelayer } from "./support/relayer.ts";

describe("Relayer executor: faults (hardhat node over HTTP)", function () {
  let node: HardhatNode;
  let token: Address;

  before(async function () {
    node = await sharedNode(31337);
    token = await deployToken(node);
  });

  it("replaces a dropped transaction with the same nonce and bumped fees", async function () {
    const client = publicClientFor(node);
    const [request] = payoutRequests(1, "drop");
    const payer = await fundedAccount(node, token, 1_000_000n);
    const config = writeConfig({
      node,
      token,
      key: payer.key,
      requests: [request!],
      chain: { fees: { stuckAfterMs: 800, bumpPercent: 25 } },
    });
    await node.rpc("evm_setAutomine", [false]);
    let relayer: StartedRelayer | undefined;
    try {
      relayer = await startInProcess(config);
      const store = relayer.store;
      const sent = await waitFor("the transfer to be sent", async () =>
        (await store.txsOfRecord("payout", "drop-0")).find((t) => t.status === "sent"),
      );
      const first = sent.hash as Hex;
      expect(await node.rpc("eth_getTransactionByHash", [first])).to.not.equal(null);
      expect(await node.rpc("hardhat_dropTransaction", [first])).to.equal(true);
      const attempts = await waitFor("a replacement", async () => {
        const all = await store.attemptsOf(sent.id);
        return all.length >= 2 && (await store.getTx(sent.id))?.status === "sent" ? all : undefined;
      });
      const replacement = attempts[attempts.length - 1]!;
      expect(replacement.hash).to.not.equal(first);
      expect(replacement.maxFeePerGas! * 100n >= attempts[0]!.maxFeePerGas! * 125n).to.equal(true);
      await node.rpc("evm_mine");
      await node.rpc("evm_setAutomine", [true]);
      await waitFor("the payout to be paid", async () => (await store.getRecord("payout", "drop-0"))?.state === "paid");
      const row = (await store.getTx(sent.id))!;
      expect(row.hash).to.equal(replacement.hash);
      expect(row.nonce).to.equal(0);
      expect(await client.getTransactionReceipt({ hash: replacement.hash })).to.include({ status: "success" });
      expect(await node.rpc("eth_getTransactionByHash", [first])).to.equal(null);
      expect(relayer.logs.some((l) => l.msg === "replacing with higher fees")).to.equal(true);
    } finally {
      await node.rpc("evm_setAutomine", [true]);
      await relayer?.stop();
    }
    expect(await balanceOf(client, token, request!.to)).to.equal(BigInt(request!.amount));
    expect(await client.getTransactionCount({ address: payer.address })).to.equal(1);
  });

  it("bumps a stuck transaction only up to the fee cap, then keeps it as is", async function () {
    const [request] = payoutRequests(1, "cap");
    const payer = await fundedAccount(node, token, 1_000_000n);
    await node.rpc("evm_setAutomine", [false]);
    // The relayer's own first quote is 2 x base fee + priority fee; the cap leaves room for one bump.
    const block = await node.rpc<{ baseFeePerGas: Hex }>("eth_getBlockByNumber", ["latest", false]);
    const quote = 2n * BigInt(block.baseFeePerGas) + BigInt(await node.rpc<Hex>("eth_maxPriorityFeePerGas"));
    const cap = (quote * 120n) / 100n;
    const config = writeConfig({
      node,
      token,
      key: payer.key,
      requests: [request!],
      chain: { fees: { stuckAfterMs: 300, bumpPercent: 25, maxFeePerGasCap: cap.toString() } },
    });
    let relayer: StartedRelayer | undefined;
    try {
      relayer = await startInProcess(config);
      const store = relayer.store;
      const sent = await waitFor("the transfer to be sent", async () =>
        (await store.txsOfRecord("payout", "cap-0")).find((t) => t.status === "sent"),
      );
      await waitFor(
        "the cap to be reached",
        () => relayer!.logs.some((l) => l.msg === "stuck at the fee cap; re-sending as is"),
        20_000,
      );
      const attempts = await store.attemptsOf(sent.id);
      expect(attempts, `cap ${cap}, first ${attempts[0]?.maxFeePerGas}`).to.have.length(2);
      expect(attempts[1]!.maxFeePerGas).to.equal(cap);
      expect((await store.getTx(sent.id))?.maxFeePerGas).to.equal(cap);
      await node.rpc("evm_mine");
      await waitFor("the payout to be paid", async () => (await store.getRecord("payout", "cap-0"))?.state === "paid");
    } finally {
      await node.rpc("evm_setAutomine", [true]);
      await relayer?.stop();
    }
  });

  it("treats fees below the base fee as underpriced: waits at the cap and sends once the base fee falls", async function () {
    const [request] = payoutRequests(1, "basefee");
    const payer = await fundedAccount(node, token, 1_000_000n);
    const config = writeConfig({
      node,
      token,
      key: payer.key,
      requests: [request!],
      chain: { fees: { maxFeePerGasCap: "10000000000" } },
    });
    await node.rpc("hardhat_setNextBlockBaseFeePerGas", ["0x174876e800"]); // 100 gwei, cap is 10 gwei
    let relayer: StartedRelayer | undefined;
    try {
      relayer = await startInProcess(config);
      await waitFor(
        "the underpriced send",
        () => relayer!.logs.some((l) => l.msg === "underpriced at the fee cap; waiting" && l.cause === "underpriced"),
        20_000,
      ).catch((e) => {
        throw new Error(`${e.message}\n${relayer!.rawLogs.filter((l) => !l.includes('"level":20')).join("")}`);
      });
      expect((await relayer.store.getRecord("payout", "basefee-0"))?.state).to.equal("submitted");
      await node.rpc("hardhat_setNextBlockBaseFeePerGas", ["0x3b9aca00"]); // 1 gwei
      await waitFor(
        "the payout to be paid",
        async () => (await relayer!.store.getRecord("payout", "basefee-0"))?.state === "paid",
        20_000,
      );
    } finally {
      await node.rpc("hardhat_setNextBlockBaseFeePerGas", ["0x3b9aca00"]);
      await relayer?.stop();
    }
    expect(await balanceOf(publicClientFor(node), token, request!.to)).to.equal(BigInt(request!.amount));
  });

  it("re-syncs when its nonce went to a foreign transaction, and the duty pays once with a new nonce", async function () {
    const client = publicClientFor(node);
    const [request] = payoutRequests(1, "foreign");
    const payer = await fundedAccount(node, token, 1_000_000n);
    const config = writeConfig({
      node,
      token,
      key: payer.key,
      requests: [request!],
      chain: { fees: { stuckAfterMs: 600 } },
    });
    await node.rpc("evm_setAutomine", [false]);
    let relayer: StartedRelayer | undefined;
    try {
      relayer = await startInProcess(config);
      const store = relayer.store;
      const sent = await waitFor("the transfer to be sent", async () =>
        (await store.txsOfRecord("payout", "foreign-0")).find((t) => t.status === "sent"),
      );
      expect(await node.rpc("hardhat_dropTransaction", [sent.hash])).to.equal(true);
      // Someone else with the same key uses nonce 0 (a self-transfer), and it is mined.
      const wallet = createWalletClient({
        account: privateKeyToAccount(payer.key),
        transport: http(node.url),
        chain: chainOf(node),
      });
      const foreign = await wallet.sendTransaction({
        to: payer.address,
        value: 0n,
        nonce: 0,
        maxFeePerGas: 10n ** 11n,
        maxPriorityFeePerGas: 10n ** 9n,
      });
      await node.rpc("evm_mine");
      await node.rpc("evm_setAutomine", [true]);
      await waitFor(
        "the payout to be paid",
        async () => (await store.getRecord("payout", "foreign-0"))?.state === "paid",
        30_000,
      );
      const txs = await store.txsOfRecord("payout", "foreign-0");
      expect(txs.map((t) => [t.nonce, t.status])).to.deep.equal([
        [0, "dropped"],
        [1, "confirmed"],
      ]);
      expect(txs[0]!.error).to.equal("nonce 0 was used by a transaction that is not ours");
      expect((await client.getTransactionReceipt({ hash: foreign })).status).to.equal("success");
    } finally {
      await node.rpc("evm_setAutomine", [true]);
      await relayer?.stop();
    }
    expect(await balanceOf(client, token, request!.to)).to.equal(BigInt(request!.amount));
    expect(await client.getTransactionCount({ address: payer.address })).to.equal(2);
  });

  it("re-checks a receipt before acting: a reverted block sends the record back, it is paid once", async function () {
    const client = publicClientFor(node);
    const [request] = payoutRequests(1, "reorg");
    const payer = await fundedAccount(node, token, 1_000_000n);
    const config = writeConfig({ node, token, key: payer.key, requests: [request!], chain: { confirmations: 3 } });
    const snapshot = await node.rpc<Hex>("evm_snapshot");
    const relayer = await startInProcess(config);
    try {
      const store = relayer.store;
      const mined = await waitFor("the transfer to be mined", async () =>
        (await store.txsOfRecord("payout", "reorg-0")).find((t) => t.status === "mined"),
      );
      expect((await store.getRecord("payout", "reorg-0"))?.state).to.equal("submitted");
      // The block holding the transfer goes away: the chain is back to before it was sent.
      expect(await node.rpc("evm_revert", [snapshot])).to.equal(true);
      await node.rpc("hardhat_mine", ["0x2"]);
      await waitFor("the reorg to be noticed", () =>
        relayer.logs.some((l) => l.msg === "receipt went away (reorg); pending again"),
      );
      expect((await store.getRecord("payout", "reorg-0"))?.state).to.equal("submitted");
      // The same signed bytes are mined again on the new branch; then the branch grows deep enough.
      const again = await waitFor("the transfer to be mined again", async () => {
        const row = await store.getTx(mined.id);
        return row?.status === "mined" && row.blockHash !== mined.blockHash ? row : undefined;
      });
      expect(again.hash).to.equal(mined.hash);
      await node.rpc("hardhat_mine", ["0x3"]);
      await waitFor(
        "the payout to be paid",
        async () => (await store.getRecord("payout", "reorg-0"))?.state === "paid",
      );
      expect(await store.txsOfRecord("payout", "reorg-0")).to.have.length(1);
      expect(await relayer.metrics.registry.getSingleMetricAsString("relayer_executor_tx_reorged_total")).to.match(
        /chain="local"} 1/,
      );
    } finally {
      await relayer.stop();
    }
    expect(await balanceOf(client, token, request!.to)).to.equal(BigInt(request!.amount));
    expect(await client.getTransactionCount({ address: payer.address })).to.equal(1);
  });

  it("rides out an RPC node that stops answering and comes back", async function () {
    const client = publicClientFor(node);
    const requests = payoutRequests(30, "outage");
    const payer = await fundedAccount(node, token, 1_000_000n);
    const config = writeConfig({
      node,
      token,
      key: payer.key,
      requests,
      chain: { rpcTimeoutMs: 500 },
      payout: { batchSize: 3 },
    });
    const relayer = await startInProcess(config);
    try {
      const store = relayer.store;
      const paid = async () => (await store.countRecordsByState("payout")).find((r) => r.state === "paid")?.count ?? 0;
      await waitFor("a few payouts", async () => (await paid()) >= 3);
      node.pause();
      try {
        await waitFor(
          "health to report the chain failing",
          async () => {
            const report = await health(relayer);
            return report.status === 503 && typeof report.body.chains.local.error === "string";
          },
          20_000,
          200,
        );
      } finally {
        node.resume();
      }
      await waitFor("all payouts", async () => (await paid()) === 30, 60_000);
      const report = await health(relayer);
      expect(report.status).to.equal(200);
      expect(report.body.chains.local.error).to.equal(null);
    } finally {
      node.resume();
      await relayer.stop();
    }
    for (const request of requests) expect(await balanceOf(client, token, request.to)).to.equal(BigInt(request.amount));
    expect(await client.getTransactionCount({ address: payer.address })).to.equal(30);
  });

  it("halts a duty whose account cannot pay for gas, says so on /health, and resumes once funded", async function () {
    const client = publicClientFor(node);
    const requests = payoutRequests(2, "broke");
    const payer = await fundedAccount(node, token, 1_000_000n, 0n);
    const config = writeConfig({ node, token, key: payer.key, requests, chain: { haltRetryMs: 300 } });
    const relayer = await startInProcess(config);
    try {
      const report = await waitFor("the duty to be halted", async () => {
        const r = await health(relayer);
        return r.body.duties?.payout?.halted ? r : undefined;
      });
      expect(report.status).to.equal(503);
      expect(report.body.duties.payout.halted).to.equal(`account ${payer.address} has insufficient funds on local`);
      expect(
        relayer.logs.filter((l) => l.msg === `account ${payer.address} has insufficient funds on local`),
      ).to.have.length(1);
      await node.rpc("hardhat_setBalance", [payer.address, "0xde0b6b3a7640000"]);
      await waitFor(
        "both payouts",
        async () => (await relayer.store.countRecordsByState("payout")).find((r) => r.state === "paid")?.count === 2,
      );
      expect((await health(relayer)).body.duties.payout.halted).to.equal(null);
    } finally {
      await relayer.stop();
    }
    expect(await client.getTransactionCount({ address: payer.address })).to.equal(2);
  });
});
