/**
 * The storage network end to end over real processes: six btt-host daemons on a hardhat node, the
 * btt-storage CLI storing a file with five of them, every host proving its shard for two periods,
 * the file retrieved over P2P; then one host deletes its shard, misses, is slashed, and
 * `btt-storage repair` rebuilds that shard and places it with the sixth host; the file is retrieved
 * again from shards that include the repaired one.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";
import type { Hex } from "viem";

import { getDeal, reportMissed, storageMarketAbi } from "../../sdk/src/storage/index.ts";
import { readClientManifest } from "../../storage/src/client/manifest.ts";
import { publicClientFor } from "../relayer/support/fixture.ts";
import { walletFor } from "../relayer/support/bridge.ts";
import {
  account,
  blockNumber,
  createHost,
  deployNetwork,
  mineTo,
  storageCli,
  tempDir,
  waitFor,
  BTT,
  type HostProcess,
  type Network,
} from "./support/network.ts";

describe("btt-host and btt-storage: store, prove, retrieve, repair", function () {
  let net: Network;
  let hosts: HostProcess[];
  let client: { key: Hex; address: `0x${string}` };
  let dir: string;
  let file: string;
  let manifestPath: string;

  before(async function () {
    net = await deployNetwork();
    client = await account(net, 1_000n * BTT);
    hosts = [];
    for (let i = 0; i < 6; i++) hosts.push(await createHost(net));
    // Five hosts at first; the sixth joins before the repair.
    for (const host of hosts.slice(0, 5)) await host.start();
    dir = tempDir("btt-storage-client-");
    file = join(dir, "movie.bin");
    writeFileSync(file, randomBytes(700_000));
    manifestPath = join(dir, "movie.btt.json");
  });

  after(async function () {
    for (const host of hosts ?? []) await host.kill();
  });

  function shardHost(index: number): HostProcess {
    const manifest = readClientManifest(manifestPath);
    return hosts.find((h) => h.address === manifest.shards[index]!.host)!;
  }

  async function provePeriod(ids: readonly Hex[], owners: readonly HostProcess[], period: bigint): Promise<void> {
    const deal = await getDeal(publicClientFor(net.node), { market: net.market, id: ids[0]! });
    await mineTo(net, deal.start + period * deal.periodLength + 1n);
    for (const [i, id] of ids.entries()) {
      await waitFor(`host ${i} to prove period ${period}`, () =>
        owners[i]!.period(id, period) === "proven" ? true : undefined,
      );
    }
  }

  it("stores a file with five hosts that pull their shards, and writes a private manifest", async function () {
    const result = await storageCli(net, client.key, [
      "store",
      file,
      "--manifest-out",
      manifestPath,
      "--periods",
      "6",
      "--lead-blocks",
      "30",
    ]);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stderr).to.match(/WARNING: This manifest holds the key/);
    expect(result.stderr).to.match(/\[##########\] 100%/);
    expect(statSync(manifestPath).mode & 0o777).to.equal(0o600);
    const manifest = readClientManifest(manifestPath);
    expect(new Set(manifest.shards.map((s) => s.host)).size).to.equal(5);
    for (const shard of manifest.shards) {
      const deal = await getDeal(publicClientFor(net.node), { market: net.market, id: shard.dealId });
      expect(deal.status).to.equal(1); // Active
      expect(deal.root).to.equal(manifest.file.shards[shard.index]!.root);
      expect(shardHost(shard.index).dealState(shard.dealId)).to.equal("accepted");
    }
  });

  it("every host proves its shard for two periods (seed poked, proof submitted)", async function () {
    const manifest = readClientManifest(manifestPath);
    const ids = manifest.shards.map((s) => s.dealId);
    const owners = manifest.shards.map((s) => shardHost(s.index));
    await provePeriod(ids, owners, 0n);
    await provePeriod(ids, owners, 1n);
    const status = await storageCli(net, client.key, ["status", manifestPath, "--json"]);
    expect(status.code, status.stderr).to.equal(0);
    const shards = JSON.parse(status.stdout) as { proven: string; missed: string; healthy: boolean }[];
    for (const s of shards) {
      expect(s.healthy).to.equal(true);
      expect(BigInt(s.missed)).to.equal(0n);
    }
  });

  it("retrieves the file from any three shards over P2P", async function () {
    const out = join(dir, "restored.bin");
    const result = await storageCli(net, client.key, ["retrieve", manifestPath, "--out", out]);
    expect(result.code, result.stderr).to.equal(0);
    expect(readFileSync(out).equals(readFileSync(file))).to.equal(true);
  });

  it("a host that deletes its shard misses, is slashed, and repair moves the shard to a new host", async function () {
    const manifest = readClientManifest(manifestPath);
    const ids = manifest.shards.map((s) => s.dealId);
    const owners = manifest.shards.map((s) => shardHost(s.index));
    const lost = owners[0]!;
    rmSync(join(lost.dir, "data", "shards", `${ids[0]}.shard`));
    // Period 2: the other four prove; the host without its shard cannot.
    const deal = await getDeal(publicClientFor(net.node), { market: net.market, id: ids[0]! });
    await mineTo(net, deal.start + 2n * deal.periodLength + 1n);
    for (let i = 1; i < 5; i++) {
      await waitFor(`host ${i} to prove period 2`, () =>
        owners[i]!.period(ids[i]!, 2n) === "proven" ? true : undefined,
      );
    }
    await mineTo(net, deal.start + 3n * deal.periodLength);
    // Anyone reports the miss (if a proof of a later period settled it first, it is already on chain).
    const reporter = await account(net, 0n);
    await reportMissed(walletFor(net.node, reporter.key), { market: net.market, id: ids[0]! })
      .then((hash) => publicClientFor(net.node).waitForTransactionReceipt({ hash }))
      .catch((error: Error) => expect(error.message).to.match(/NothingToReport/));
    const missed = await publicClientFor(net.node).getContractEvents({
      address: net.market,
      abi: storageMarketAbi,
      eventName: "PeriodMissed",
      args: { id: ids[0]! },
      fromBlock: 0n,
    });
    expect(missed.map((l) => l.args.period)).to.include(2n);
    expect(missed.every((l) => l.args.slashed! > 0n)).to.equal(true);
    const status = JSON.parse((await storageCli(net, client.key, ["status", manifestPath, "--json"])).stdout) as {
      healthy: boolean;
      problem?: string;
    }[];
    expect(status[0]!.healthy).to.equal(false);
    expect(status[0]!.problem).to.match(/missed/);

    await hosts[5]!.start();
    const repaired = await storageCli(net, client.key, ["repair", manifestPath, "--lead-blocks", "30"]);
    expect(repaired.code, repaired.stderr).to.equal(0);
    const after = readClientManifest(manifestPath);
    expect(after.shards[0]!.host).to.equal(hosts[5]!.address);
    expect(after.replaced.map((r) => r.host)).to.deep.equal([lost.address]);
    expect(statSync(manifestPath).mode & 0o777).to.equal(0o600);
    const newDeal = await getDeal(publicClientFor(net.node), { market: net.market, id: after.shards[0]!.dealId });
    expect(newDeal.status).to.equal(1);
    expect(newDeal.root).to.equal(after.file.shards[0]!.root);
    // The new host proves its first period.
    await mineTo(net, newDeal.start + 1n);
    await waitFor("the new host to prove", () =>
      hosts[5]!.period(after.shards[0]!.dealId, 0n) === "proven" ? true : undefined,
    );

    // Retrieve from shards 0 (repaired), 1 and 2.
    const out = join(dir, "restored-after-repair.bin");
    const result = await storageCli(net, client.key, ["retrieve", manifestPath, "--out", out]);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stderr).to.include(`shard 0: downloaded from ${hosts[5]!.address}`);
    expect(readFileSync(out).equals(readFileSync(file))).to.equal(true);
    void blockNumber;
  });

  it("says so when given a manifest that is not its own", async function () {
    const wrong = join(dir, "wrong.json");
    writeFileSync(wrong, JSON.stringify({ version: 1, name: "x" }));
    const result = await storageCli(net, client.key, ["status", wrong]);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(/is not a btt-storage manifest/);
  });
});
