import { expect } from "chai";
import { erc20Abi } from "viem";

import {
  deployBridgeNetwork,
  depositMany,
  fundedUser,
  inboxEvents,
  withdrawMany,
  writeMessagesConfig,
  type BridgeNetwork,
} from "./support/bridge.ts";
import { describeEngines } from "./support/engines.ts";
import { waitFor } from "./support/fixture.ts";
import { sharedNode, type HardhatNode } from "./support/node.ts";
import { prng, spawnRelayer, stopChild } from "./support/spawn.ts";

describeEngines("Relayer message executor: kill -9 at random moments (relayer as a child process)", function (engine) {
  this.timeout(240_000);
  let nodes: HardhatNode[];
  let net: BridgeNetwork;

  before(async function () {
    nodes = await Promise.all([sharedNode(199), sharedNode(1), sharedNode(56)]);
    net = await deployBridgeNetwork(nodes[0]!, nodes.slice(1));
  });
  after(async function () {
    await net.checkpointer.stop();
  });

  const seed = Number(process.env.RELAYER_CRASH_SEED ?? Date.now() % 1_000_000);

  it(`executes 100 deposits and 100 withdrawals exactly once across kills and restarts (seed ${seed})`, async function () {
    const random = prng(seed);
    const executor = await fundedUser(nodes);
    const user = await fundedUser(nodes);
    const child = net.child;
    const written = writeMessagesConfig({
      net,
      key: executor.key,
      withdrawals: { withdrawers: [user.address] },
      messages: { batchSize: 20, intervalMs: 50 },
    });
    const location = await engine.fresh();
    const config = { ...written, env: { ...written.env, ...engine.env(location) } };
    /** Executed records (0 before the relayer created and migrated the store). */
    const done = async (): Promise<number> => {
      const rows = await engine
        .query(location, "SELECT COUNT(*) AS n FROM duty_records WHERE duty = 'messages' AND state = 'executed'")
        .catch(() => [{ n: 0 }]);
      return Number(rows[0]?.n ?? 0);
    };
    net.checkpointer.start(100);

    const kills: { phase: string; afterMs: number; before: number; after: number }[] = [];
    /** Kills the relayer `rounds` times while `total` executions are under way. */
    async function killRounds(phase: string, rounds: number, total: number): Promise<void> {
      for (let round = 0; round < rounds; round++) {
        const before = await done();
        const { child: relayer } = spawnRelayer(config);
        let afterMs: number;
        if (round % 3 === 0) {
          afterMs = Math.round(random() * 600); // during start-up and reconciliation
          await new Promise((resolve) => setTimeout(resolve, afterMs));
        } else {
          const target = Math.min(total, before + 1 + Math.floor(random() * 8));
          await waitFor("some executions", async () => (await done()) >= target, 60_000, 10);
          afterMs = Math.round(random() * 60);
          await new Promise((resolve) => setTimeout(resolve, afterMs));
        }
        await stopChild(relayer, "SIGKILL");
        kills.push({ phase, afterMs, before, after: await done() });
      }
    }

    // 100 deposits (50 from each root), then the relayer is killed 5 times while executing them.
    await Promise.all(net.roots.map((root) => depositMany(root, user, [user.address], 50)));
    await killRounds("deposits", 5, 100);
    // 100 withdrawals (50 to each root) by the opted-in user, sent while no relayer runs, then 5 more kills.
    const { child: relayer1, output: out1 } = spawnRelayer(config);
    await waitFor("all 100 deposits executed", async () => (await done()) === 100, 120_000, 100).catch((e: Error) => {
      throw new Error(`${e.message}; kills ${JSON.stringify(kills)}\n${out1.slice(-20).join("")}`);
    });
    await stopChild(relayer1, "SIGKILL");
    for (const root of net.roots) await withdrawMany(child, root, user, [user.address], 50);
    await killRounds("withdrawals", 5, 200);

    const { child: last, output } = spawnRelayer(config);
    try {
      await waitFor("all 200 executed after the last restart", async () => (await done()) === 200, 120_000, 100);
    } catch (error) {
      throw new Error(
        `${(error as Error).message}; kills ${JSON.stringify(kills)}; checkpointer ${net.checkpointer.errors.slice(-3)}; last output:\n${output.slice(-20).join("")}`,
      );
    }
    const code = await stopChild(last, "SIGTERM");
    expect(code, "graceful shutdown on SIGTERM").to.equal(0);
    const landed = kills.filter((k) => k.after > k.before && k.after < (k.phase === "deposits" ? 100 : 200));
    expect(landed.length, `kills that landed mid-way: ${JSON.stringify(kills)}`).to.be.at.least(3);

    // On chain: every nonce executed exactly once, nothing failed, balances exact.
    for (const root of net.roots) {
      const deposits = await inboxEvents(child, root.node.chainId);
      expect(deposits.executed.length, "deposit executions (with the mapping)").to.equal(51);
      expect(new Set(deposits.executed.map(String)).size).to.equal(51);
      expect(deposits.failed).to.deep.equal([]);
      const withdrawals = await inboxEvents(root, child.node.chainId);
      expect(withdrawals.executed.length).to.equal(50);
      expect(new Set(withdrawals.executed.map(String)).size).to.equal(50);
      const deposited = 50n * 1_000n + (49n * 50n) / 2n;
      const withdrawn = 50n * 1n + (49n * 50n) / 2n;
      expect(
        await child.client.readContract({
          address: root.childToken,
          abi: erc20Abi,
          functionName: "balanceOf",
          args: [user.address],
        }),
      ).to.equal(deposited - withdrawn);
    }
    // The relayer's own rows: one confirmed, successful transaction per message, and every nonce the
    // executor used on each chain is one of those rows (no duplicates, no strays).
    const store = await engine.open(location);
    try {
      expect(await store.pendingTxs(), "nothing stuck").to.have.length(0);
      const rows = (
        await engine.query(
          location,
          "SELECT chain, status, success, COUNT(*) AS n, COUNT(DISTINCT record_id) AS records FROM txs WHERE duty = 'messages' GROUP BY chain, status, success ORDER BY chain",
        )
      ).map((r) => ({
        chain: String(r.chain),
        status: String(r.status),
        success: Number(r.success),
        n: Number(r.n),
        records: Number(r.records),
      }));
      for (const row of rows) {
        expect(row.status, JSON.stringify(rows)).to.equal("confirmed");
        expect(row.success, JSON.stringify(rows)).to.equal(1);
        expect(row.n, "one transaction per message").to.equal(row.records);
      }
      const byChain = Object.fromEntries(rows.map((r) => [r.chain, r.n]));
      expect(byChain).to.deep.equal({ bttc: 100, ethereum: 50, bnb: 50 });
      for (const side of [child, ...net.roots]) {
        const name = side === child ? "bttc" : side.node.chainId === 1 ? "ethereum" : "bnb";
        expect(await side.client.getTransactionCount({ address: executor.address }), `nonces used on ${name}`).to.equal(
          byChain[name],
        );
      }
    } finally {
      await store.close();
    }
  });
});
