import { spawnSync } from "node:child_process";
import { join } from "node:path";

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
  type TestConfig,
} from "./support/fixture.ts";
import { repoRoot, sharedNode, type HardhatNode } from "./support/node.ts";
import { describeEngines } from "./support/engines.ts";
import { prng, spawnRelayer, stopChild } from "./support/spawn.ts";

describeEngines("Relayer payout duty: kill -9 at random moments (relayer as a child process)", function (engine) {
  let node: HardhatNode;
  let token: Address;

  before(async function () {
    node = await sharedNode(31337);
    token = await deployToken(node);
  });

  const seed = Number(process.env.RELAYER_CRASH_SEED ?? Date.now() % 1_000_000);

  it(`pays 100 transfers exactly once across 6 kills and restarts (seed ${seed})`, async function () {
    const random = prng(seed);
    const client = publicClientFor(node);
    const requests = payoutRequests(100, "crash");
    const total = requests.reduce((sum, r) => sum + BigInt(r.amount), 0n);
    // Exactly enough tokens: a second payment of any request would revert the last one.
    const payer = await fundedAccount(node, token, total);
    const written = writeConfig({ node, token, key: payer.key, requests, payout: { batchSize: 10, intervalMs: 50 } });
    const location = await engine.fresh();
    const config = { ...written, env: { ...written.env, ...engine.env(location) } };
    /** Paid records (0 before the relayer created and migrated the store). */
    const paidCount = async (): Promise<number> => {
      const rows = await engine
        .query(location, "SELECT COUNT(*) AS n FROM duty_records WHERE duty = 'payout' AND state = 'paid'")
        .catch(() => [{ n: 0 }]);
      return Number(rows[0]?.n ?? 0);
    };

    const kills: { afterMs: number; paidBefore: number; paidAfter: number }[] = [];
    for (let round = 0; round < 6; round++) {
      const paidBefore = await paidCount();
      const { child, output } = spawnRelayer(config);
      // Kill while starting up (reconciling) in some rounds; in the others once a random number of
      // payouts went through, plus a random instant, so the kill lands anywhere in the pipeline
      // (deciding, recording, signing, sending, confirming).
      // Both kinds of kill are kept short enough that payouts are still left for the later rounds
      // (about 85 payouts/s here): otherwise a fast machine pays everything early and the later
      // kills prove nothing.
      let afterMs: number;
      if (round % 3 === 0) {
        afterMs = Math.round(random() * 300);
        await new Promise((resolve) => setTimeout(resolve, afterMs));
      } else {
        const target = Math.min(100, paidBefore + 1 + Math.floor(random() * 10));
        await waitFor("some payouts", async () => (await paidCount()) >= target, 60_000, 10);
        afterMs = Math.round(random() * 50);
        await new Promise((resolve) => setTimeout(resolve, afterMs));
      }
      await stopChild(child, "SIGKILL");
      kills.push({ afterMs, paidBefore, paidAfter: await paidCount() });
    }

    if (process.env.RELAYER_TEST_VERBOSE) console.log(kills);
    const { child, output } = spawnRelayer(config);
    try {
      await waitFor(
        "the last relayer to start",
        () => output.some((line) => line.includes('"msg":"started"')),
        60_000,
        20,
      );
      await waitFor("all 100 paid after the last restart", async () => (await paidCount()) === 100, 90_000, 200);
    } catch (error) {
      throw new Error(
        `${(error as Error).message}; kills ${JSON.stringify(kills)}; last output:\n${output.slice(-20).join("")}`,
      );
    }
    const code = await stopChild(child, "SIGTERM");
    expect(code, "graceful shutdown on SIGTERM").to.equal(0);
    // Kills must have landed while payouts were in progress, or the test proved little.
    expect(
      kills.filter((k) => k.paidAfter > k.paidBefore && k.paidAfter < 100).length,
      `kills ${JSON.stringify(kills)}`,
    ).to.be.at.least(3);

    for (const request of requests)
      expect(await balanceOf(client, token, request.to), request.id).to.equal(BigInt(request.amount));
    expect(await balanceOf(client, token, payer.address)).to.equal(0n);
    const logs = await client.getLogs({ address: token, fromBlock: 0n });
    const transfers = parseEventLogs({ abi: erc20Abi, logs, eventName: "Transfer" }).filter(
      (l) => l.args.from === payer.address,
    );
    expect(transfers).to.have.length(100);

    const store = await engine.open(location);
    try {
      expect(await store.pendingTxs(), "nothing stuck").to.have.length(0);
      const confirmed = Number(
        (await engine.query(location, "SELECT COUNT(*) AS n FROM txs WHERE status = 'confirmed'"))[0]?.n,
      );
      // Every nonce the payer used is one recorded, confirmed transaction: no duplicates, no strays.
      expect(await client.getTransactionCount({ address: payer.address })).to.equal(confirmed);
      expect(confirmed).to.equal(100);
    } finally {
      await store.close();
    }
    // `status` reads the same database.
    const status = spawnSync(
      process.execPath,
      [join(repoRoot, "relayer", "bin", "btt-relayer.js"), "status", "--config", config.file],
      {
        encoding: "utf8",
        env: { PATH: process.env.PATH, ...engine.env(location) },
      },
    );
    expect(status.status).to.equal(0);
    expect(status.stdout).to.match(/payout\s+paid\s+100\n/);
    expect(status.stdout).to.include("transactions not final yet: 0");
  });
});
