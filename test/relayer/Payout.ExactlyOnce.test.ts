import { expect } from "chai";
import { erc20Abi, parseEventLogs, type Address } from "viem";

import {
  balanceOf,
  deployToken,
  fundedAccount,
  payoutRequests,
  publicClientFor,
  waitFor,
  writeConfig,
} from "./support/fixture.ts";
import { describeEngines } from "./support/engines.ts";
import { sharedNode, type HardhatNode } from "./support/node.ts";
import { startInProcess } from "./support/relayer.ts";

describeEngines("Relayer payout duty: exactly once (hardhat node over HTTP)", function (engine) {
  let node: HardhatNode;
  let token: Address;

  /** A config's relayer on a fresh store of this engine. */
  async function start(config: ReturnType<typeof writeConfig>) {
    const location = await engine.fresh();
    return { location, relayer: await startInProcess(config, engine.env(location)) };
  }

  before(async function () {
    node = await sharedNode(31337);
    token = await deployToken(node);
  });

  it("pays 100 queued transfers exactly once, and a restart sends nothing more", async function () {
    const client = publicClientFor(node);
    const requests = payoutRequests(100);
    const total = requests.reduce((sum, r) => sum + BigInt(r.amount), 0n);
    const payer = await fundedAccount(node, token, total);
    const config = writeConfig({ node, token, key: payer.key, requests });

    const { location, relayer } = await start(config);
    try {
      await waitFor(
        "all payouts paid",
        async () => (await relayer.store.countRecordsByState("payout")).find((r) => r.state === "paid")?.count === 100,
        120_000,
      );
      // Observability: Prometheus text and the health report.
      await waitFor("the records gauge to catch up", async () =>
        (await (await fetch(`${relayer.http?.url}/metrics`)).text()).includes(
          'relayer_payout_records{chain="local",state="paid"} 100',
        ),
      );
      const metrics = await (await fetch(`${relayer.http?.url}/metrics`)).text();
      expect(metrics).to.include('relayer_executor_tx_sent_total{chain="local"} 100');
      expect(metrics).to.include('relayer_executor_tx_confirmed_total{chain="local",outcome="success"} 100');
      expect(metrics).to.include('relayer_payout_transitions_total{chain="local",state="paid"} 100');
      expect(metrics).to.match(/relayer_chain_head_block\{chain="local"\} \d+/);
      const health = await fetch(`${relayer.http?.url}/health`);
      expect(health.status).to.equal(200);
      const report = (await health.json()) as {
        ok: boolean;
        chains: Record<string, { head: number; error: null }>;
        duties: Record<string, { lastSuccessAt: string; halted: null }>;
      };
      expect(report.ok).to.equal(true);
      expect(report.chains.local?.head).to.equal(Number(await client.getBlockNumber()));
      expect(Date.parse(report.duties.payout!.lastSuccessAt)).to.be.greaterThan(Date.now() - 10_000);
      // Logs are structured, bound to duty/chain/id, and never contain the key.
      expect(
        relayer.logs.some((l) => l.msg === "transaction confirmed" && l.chain === "local" && typeof l.id === "string"),
      ).to.equal(true);
      expect(relayer.rawLogs.join("")).to.not.include(payer.key.slice(2));
    } finally {
      await relayer.stop();
    }
    for (const request of requests) expect(await balanceOf(client, token, request.to)).to.equal(BigInt(request.amount));
    expect(await balanceOf(client, token, payer.address)).to.equal(0n);
    expect(await client.getTransactionCount({ address: payer.address })).to.equal(100);

    // The store holds exactly one confirmed transaction per request, nonces 0..99.
    const nonces = (
      await engine.query(location, "SELECT nonce FROM txs WHERE status = 'confirmed' ORDER BY nonce")
    ).map((r) => Number(r.nonce));
    expect(nonces).to.deep.equal(Array.from({ length: 100 }, (_, i) => i));

    // A second run over the same database and requests decides nothing and sends nothing.
    const again = await startInProcess(config, engine.env(location));
    await new Promise((resolve) => setTimeout(resolve, 500));
    await again.stop();
    expect(await client.getTransactionCount({ address: payer.address })).to.equal(100);
    const decided = again.logs.filter((line) => line.msg === "decided");
    expect(decided).to.have.length(0);
  });

  it("works the same over WebSocket JSON-RPC", async function () {
    const client = publicClientFor(node);
    const requests = payoutRequests(5, "ws");
    const payer = await fundedAccount(node, token, 10_000n);
    const config = writeConfig({
      node,
      token,
      key: payer.key,
      requests,
      chain: { rpcUrl: node.url.replace("http://", "ws://") },
    });
    const { relayer } = await start(config);
    try {
      await waitFor(
        "all payouts paid",
        async () => (await relayer.store.countRecordsByState("payout")).find((r) => r.state === "paid")?.count === 5,
      );
    } finally {
      await relayer.stop();
    }
    for (const request of requests) expect(await balanceOf(client, token, request.to)).to.equal(BigInt(request.amount));
    expect(await client.getTransactionCount({ address: payer.address })).to.equal(5);
  });

  it("in dry-run mode decides and simulates but records and sends nothing", async function () {
    const client = publicClientFor(node);
    const requests = payoutRequests(3, "dry");
    const payer = await fundedAccount(node, token, 10_000n);
    const config = writeConfig({ node, token, key: payer.key, requests, send: false });
    const { relayer } = await start(config);
    try {
      await waitFor(
        "three dry-run decisions",
        () => relayer.logs.filter((l) => l.msg === "dry run: would send").length >= 3,
        30_000,
      );
      expect(await relayer.store.countRecordsByState("payout")).to.deep.equal([
        { duty: "payout", state: "queued", count: 3 },
      ]);
      expect(await relayer.store.pendingTxs()).to.have.length(0);
    } finally {
      await relayer.stop();
    }
    expect(await client.getTransactionCount({ address: payer.address })).to.equal(0);
  });

  it("records a failure without sending when the transfer reverts in simulation", async function () {
    const client = publicClientFor(node);
    const requests = payoutRequests(2, "poor");
    // Tokens for the first request only: the second transfer reverts (ERC20InsufficientBalance).
    const payer = await fundedAccount(node, token, BigInt(requests[0]!.amount));
    const config = writeConfig({ node, token, key: payer.key, requests, payout: { batchSize: 1 } });
    const { relayer } = await start(config);
    try {
      await waitFor("both records final", async () => {
        const states = await relayer.store.countRecordsByState("payout");
        return states.reduce((n, s) => n + (s.state === "paid" || s.state === "failed" ? s.count : 0), 0) === 2;
      });
      const failed = await relayer.store.getRecord("payout", "poor-1");
      expect(failed?.state).to.equal("failed");
      expect(failed?.error).to.match(/simulation reverted/);
      expect(await relayer.store.txsOfRecord("payout", "poor-1")).to.have.length(0);
      expect((await relayer.store.getRecord("payout", "poor-0"))?.state).to.equal("paid");
    } finally {
      await relayer.stop();
    }
    expect(await client.getTransactionCount({ address: payer.address })).to.equal(1);
    const logs = await client.getLogs({ address: token, fromBlock: 0n });
    const transfers = parseEventLogs({ abi: erc20Abi, logs, eventName: "Transfer" }).filter(
      (l) => l.args.from === payer.address,
    );
    expect(transfers).to.have.length(1);
  });
});
