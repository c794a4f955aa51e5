import { join } from "node:path";

import { expect } from "chai";
import { parseEventLogs } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { SqliteStore } from "../../relayer/src/store/SqliteStore.ts";
import { storageMarketAbi } from "../../sdk/src/storage/index.ts";
import { fundedUser } from "./support/bridge.ts";
import { publicClientFor, waitFor } from "./support/fixture.ts";
import { sharedNode, type HardhatNode } from "./support/node.ts";
import { countInState, prng, spawnRelayer, stopChild } from "./support/spawn.ts";
import {
  deployMarket,
  openPeriod,
  proofOf,
  writeProofFile,
  writeStorageConfig,
  type Market,
} from "./support/storage.ts";

describe("Relayer storage-proof submitter: kill -9 during proof batches (relayer as a child process)", function () {
  this.timeout(180_000);
  let node: HardhatNode;

  before(async function () {
    node = await sharedNode(199);
  });

  const seed = Number(process.env.RELAYER_CRASH_SEED ?? Date.now() % 1_000_000);

  it(`proves 2 periods of 24 deals (2 hosts) exactly once across kills and restarts (seed ${seed})`, async function () {
    const random = prng(seed);
    const market: Market = await deployMarket(node, [12, 12]);
    const submitter = await fundedUser([node]);
    const folder = join(market.dir, "proofs");
    const config = writeStorageConfig({
      market,
      key: submitter.key,
      sources: [{ dir: folder }],
      duty: { maxProofsPerBatch: 3, batchSize: 2, intervalMs: 50 },
    });
    const dbFile = join(config.dir, "relayer.db");
    const proven = () => countInState(dbFile, "storageProofs.proof", ["proven"]);
    const kills: { period: number; afterMs: number; before: number; after: number }[] = [];

    for (const period of [0n, 1n]) {
      await openPeriod(market, period);
      for (const deal of market.deals) writeProofFile(folder, await proofOf(market, deal, period));
      const total = 24 * (Number(period) + 1);
      for (let round = 0; round < 4; round++) {
        const before = await proven();
        const { child } = spawnRelayer(config);
        let afterMs: number;
        if (round % 2 === 0) {
          afterMs = Math.round(random() * 700);
          await new Promise((resolve) => setTimeout(resolve, afterMs));
        } else {
          await waitFor(
            "some proofs",
            async () => (await proven()) >= Math.min(total, before + 1 + Math.floor(random() * 6)),
            60_000,
            5,
          );
          afterMs = Math.round(random() * 40);
          await new Promise((resolve) => setTimeout(resolve, afterMs));
        }
        await stopChild(child, "SIGKILL");
        kills.push({ period: Number(period), afterMs, before, after: await proven() });
      }
      const { child, output } = spawnRelayer(config);
      try {
        await waitFor(`period ${period} proven`, async () => (await proven()) === total, 60_000, 50);
      } catch (error) {
        throw new Error(`${(error as Error).message}; kills ${JSON.stringify(kills)}\n${output.slice(-20).join("")}`);
      }
      await stopChild(child, "SIGTERM");
    }
    expect(
      kills.filter((k) => k.after > k.before && k.after < 24 * (k.period + 1)).length,
      `kills mid-way: ${JSON.stringify(kills)}`,
    ).to.be.at.least(2);

    const client = publicClientFor(node);
    const logs = parseEventLogs({
      abi: storageMarketAbi,
      logs: await client.getLogs({ address: market.address, fromBlock: BigInt(market.fromBlock) }),
    });
    const batches = logs.filter((l) => l.eventName === "ProofsSubmitted");
    // Every period proof accepted once; a duplicate would show as a rejection (AlreadySettled).
    expect(batches.reduce((sum, l) => sum + (l.eventName === "ProofsSubmitted" ? l.args.accepted : 0n), 0n)).to.equal(
      48n,
    );
    expect(logs.filter((l) => l.eventName === "ProofRejected")).to.deep.equal([]);
    expect(logs.filter((l) => l.eventName === "PeriodMissed")).to.deep.equal([]);
    for (const deal of market.deals)
      expect(
        (
          await client.readContract({
            address: market.address,
            abi: storageMarketAbi,
            functionName: "getDeal",
            args: [deal.id],
          })
        ).cursor,
      ).to.equal(2);

    const store = new SqliteStore(dbFile, { readonly: true });
    try {
      expect(await store.pendingTxs(), "nothing stuck").to.have.length(0);
      const rows = store.db
        .prepare("SELECT status, success, COUNT(*) AS n FROM txs GROUP BY status, success")
        .all() as {
        status: string;
        success: number;
        n: number;
      }[];
      expect(rows, JSON.stringify(rows)).to.deep.equal([{ status: "confirmed", success: 1, n: batches.length }]);
      expect(await client.getTransactionCount({ address: privateKeyToAccount(submitter.key).address })).to.equal(
        batches.length,
      );
      const proofs = Object.fromEntries(
        (await store.countRecordsByState("storageProofs.proof")).map((r) => [r.state, r.count]),
      );
      expect(proofs).to.deep.equal({ proven: 48 });
    } finally {
      await store.close();
    }
  });
});
