import { expect } from "chai";

import { SqliteStore } from "../../relayer/src/store/SqliteStore.ts";
import { parseEventLogs } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { storageMarketAbi } from "../../sdk/src/storage/index.ts";
import { fundedUser } from "./support/bridge.ts";
import { publicClientFor, waitFor } from "./support/fixture.ts";
import { sharedNode, type HardhatNode } from "./support/node.ts";
import { startInProcess, type StartedRelayer } from "./support/relayer.ts";
import {
  EPOCH,
  deployMarket,
  mineTo,
  openPeriod,
  proofOf,
  serveProofs,
  writeProofFile,
  writeStorageConfig,
  type Market,
} from "./support/storage.ts";
import { join } from "node:path";

describe("Relayer storage-proof submitter", function () {
  this.timeout(120_000);
  let node: HardhatNode;
  let relayer: StartedRelayer | undefined;

  before(async function () {
    node = await sharedNode(199);
  });
  afterEach(async function () {
    await relayer?.stop("test done");
    relayer = undefined;
  });

  const proofStates = async (r: StartedRelayer) =>
    Object.fromEntries((await r.store.countRecordsByState("storageProofs.proof")).map((s) => [s.state, s.count]));

  it("submits two hosts' proofs (a folder and an HTTP endpoint) in one batch, skips a bad one, and reports the missing period", async function () {
    // Host 0: one deal, proofs in a folder. Host 1: two deals, proofs on an endpoint; the second deal's proof never comes.
    const market: Market = await deployMarket(node, [1, 2]);
    const [a, b, missing] = market.deals as [Market["deals"][number], Market["deals"][number], Market["deals"][number]];
    const submitter = await fundedUser([node]);
    await openPeriod(market, 0n);
    const folder = join(market.dir, "host0");
    writeProofFile(folder, await proofOf(market, a, 0n));
    const good = await proofOf(market, b, 0n);
    // A corrupted proof of the missing deal (segment flipped): checked locally and never sent.
    const real = await proofOf(market, missing, 0n);
    const corrupted = { ...real, data: [`0x${"ab".repeat(32)}` as const, ...real.data.slice(1)] };
    const endpoint = await serveProofs(() => [good, corrupted]);
    try {
      relayer = await startInProcess(
        writeStorageConfig({ market, key: submitter.key, sources: [{ dir: folder }, { url: endpoint.url }] }),
        {},
        "warn",
      );
      await waitFor("both proven", async () => (await proofStates(relayer!)).proven === 2, 30_000, 50);
      expect(await proofStates(relayer)).to.deep.equal({ proven: 2, invalid: 1 });
      const client = publicClientFor(node);
      const logs = parseEventLogs({
        abi: storageMarketAbi,
        logs: await client.getLogs({ address: market.address, fromBlock: BigInt(market.fromBlock) }),
      });
      const batches = logs.filter((l) => l.eventName === "ProofsSubmitted");
      expect(batches).to.have.length(1);
      expect(batches[0]!.args).to.deep.include({
        submitter: privateKeyToAccount(submitter.key).address,
        entries: 2n,
        accepted: 2n,
      });
      expect(logs.filter((l) => l.eventName === "ProofRejected")).to.deep.equal([]);
      for (const deal of [a, b])
        expect(
          (
            await client.readContract({
              address: market.address,
              abi: storageMarketAbi,
              functionName: "getDeal",
              args: [deal.id],
            })
          ).cursor,
        ).to.equal(1);

      // Period 0 ends: the deal without a proof is reported missed, by this relayer, once.
      await mineTo(node, market.start + market.periodLength);
      await waitFor(
        "the missed period reported",
        async () => {
          const l = parseEventLogs({
            abi: storageMarketAbi,
            logs: await client.getLogs({ address: market.address, fromBlock: BigInt(market.fromBlock) }),
            eventName: "PeriodMissed",
          });
          return l.length > 0 ? l : undefined;
        },
        30_000,
        100,
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      const missed = parseEventLogs({
        abi: storageMarketAbi,
        logs: await client.getLogs({ address: market.address, fromBlock: BigInt(market.fromBlock) }),
        eventName: "PeriodMissed",
      });
      expect(missed).to.have.length(1);
      expect(missed[0]!.args).to.deep.include({
        id: missing.id,
        period: 0n,
        reporter: privateKeyToAccount(submitter.key).address,
      });
      await waitFor(
        "report settled",
        async () => (await relayer!.store.countRecordsByState("storageProofs")).some((r) => r.state === "reported"),
        10_000,
        50,
      );
      const metrics = await relayer.metrics.registry.metrics();
      expect(metrics).to.match(/relayer_storageProofs_missed_periods_reported_total 1\n/);
      expect(metrics).to.match(/relayer_storageProofs_proofs_settled_total\{outcome="proven"\} 2\n/);
      const txs = (relayer.store as SqliteStore).db
        .prepare("SELECT status, success, COUNT(*) AS n FROM txs GROUP BY status, success")
        .all();
      expect(txs).to.deep.equal([{ status: "confirmed", success: 1, n: 2 }]); // one batch, one report
    } finally {
      endpoint.server.close();
    }
  });

  it("pokes the challenge seed of an open period when nobody has, while blockhash can still read it", async function () {
    // Nobody pokes and no proof comes: without the relayer the seed of period 0's epoch would be lost after 256 blocks.
    const market: Market = await deployMarket(node, [1]);
    const submitter = await fundedUser([node]);
    const client = publicClientFor(node);
    const epoch = market.start / EPOCH;
    const seedOf = () =>
      client.readContract({ address: market.address, abi: storageMarketAbi, functionName: "seedOf", args: [epoch] });
    relayer = await startInProcess(
      writeStorageConfig({
        market,
        key: submitter.key,
        sources: [],
        duty: { pokeSeedAfterBlocks: 3, reportMissed: false },
      }),
      {},
      "warn",
    );
    await mineTo(node, market.start + 4n);
    await waitFor("the seed recorded", async () => (await seedOf()) !== `0x${"00".repeat(32)}`, 30_000, 50);
    await waitFor(
      "the poke settled",
      async () => (await relayer!.store.getRecord("storageProofs", `seed:${epoch}`))?.state === "done",
      10_000,
      50,
    );
    const recorded = parseEventLogs({
      abi: storageMarketAbi,
      logs: await client.getLogs({ address: market.address, fromBlock: BigInt(market.fromBlock) }),
      eventName: "SeedRecorded",
    });
    expect(recorded.map((l) => l.args.epoch)).to.deep.equal([epoch]);
    expect(await relayer.metrics.registry.metrics()).to.match(
      /relayer_storageProofs_seed_pokes_total\{outcome="poked"\} 1\n/,
    );
  });
});
