/**
 * The storage network end to end over real processes: six btt-host daemons on a hardhat node, the
 * btt-storage CLI storing a file with five of them (the hosts pull the shards unpaid), every host
 * proving its shard for two periods, the file retrieved over P2P and paid per verified piece (each
 * host claims exactly price x pieces served; a client without a deposit gets a typed error; a
 * client that stops paying is dropped); then one host deletes its shard, misses, is slashed, and
 * `btt-storage watch`, running meanwhile, rebuilds that shard and places it with the sixth host on
 * its own; the file is retrieved again from shards that include the repaired one.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { spawn } from "node:child_process";

import { expect } from "chai";
import { zeroAddress, type Address, type Hex } from "viem";

import { DEFAULT_PIECE_SIZE, pieceGeometry } from "../../sdk/src/commitment/index.ts";
import {
  BLOCK_SIZE,
  encodeEmpty,
  encodePool,
  encodeRequest,
  FEATURE_PAID,
  FEATURE_PIECE_LAYER,
  MSG,
} from "../../sdk/src/p2p/index.ts";
import { depositToPool, getCover, reserve } from "../../sdk/src/payments/index.ts";
import { hostStatus } from "../../storage/src/host/status.ts";
import { toJson } from "../../storage/src/shared/json.ts";
import { rawClient } from "../sdk/p2p/support/helpers.ts";
import { repoRoot } from "../relayer/support/node.ts";
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

const PIECE_PRICE = 10n ** 15n;

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
    for (let i = 0; i < 6; i++)
      hosts.push(await createHost(net, { serving: { pricePerPiece: PIECE_PRICE, paymentTimeoutMs: 5_000 } }));
    // Five hosts at first; the sixth joins before the repair.
    for (const host of hosts.slice(0, 5)) await host.start();
    dir = tempDir("btt-storage-client-");
    file = join(dir, "movie.bin");
    writeFileSync(file, randomBytes(1_600_000)); // shards of 3 pieces
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
      "10",
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

  it("a client without a deposit in the payment pool is told so (typed error), and nothing is downloaded", async function () {
    const poor = await account(net, 0n);
    const out = join(dir, "unpaid.bin");
    const result = await storageCli(net, poor.key, ["retrieve", manifestPath, "--out", out]);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(/btt-storage: The payment pool deposit is short: host 0x[0-9a-fA-F]{40} needs \d+/);
    expect(result.stderr).to.match(/hint: Pass --budget <amount>/);
    expect(() => statSync(out)).to.throw();
  });

  it("retrieves the file from any three shards over P2P, paying each host price x verified pieces", async function () {
    const out = join(dir, "restored.bin");
    const result = await storageCli(net, client.key, [
      "retrieve",
      manifestPath,
      "--out",
      out,
      "--budget",
      String(BTT),
      "--max-piece-price",
      String(PIECE_PRICE),
    ]);
    expect(result.code, result.stderr).to.equal(0);
    expect(readFileSync(out).equals(readFileSync(file))).to.equal(true);
    const manifest = readClientManifest(manifestPath);
    const pieces = BigInt(pieceGeometry(manifest.file.shardSize, DEFAULT_PIECE_SIZE).count);
    expect(pieces).to.equal(3n);
    const served = [...result.stderr.matchAll(/shard \d: downloaded from (0x[0-9a-fA-F]{40}), paid (\d+)/g)];
    expect(served).to.have.length(3);
    for (const [, , paid] of served) expect(BigInt(paid!)).to.equal(PIECE_PRICE * pieces);
    const servers = new Set(served.map((m) => m[1]));
    // Each host claims its vouchers on its own: exactly price x pieces from those that served, nothing from the others.
    const claimedBy = async (host: HostProcess) => {
      const cover = await getCover(publicClientFor(net.node), {
        pool: net.pool,
        payer: client.address,
        payee: host.address,
        token: zeroAddress,
      });
      return { onChain: cover.claimed, recorded: hostStatus(join(host.dir, "data", "host.db")).servingClaimed };
    };
    const expected = (host: HostProcess) => (servers.has(host.address) ? PIECE_PRICE * pieces : 0n);
    await waitFor("the hosts that served to claim", async () => {
      for (const host of hosts.slice(0, 5)) if ((await claimedBy(host)).recorded !== expected(host)) return undefined;
      return true;
    }).catch(async (error: Error) => {
      const seen = await Promise.all(hosts.slice(0, 5).map(async (h) => `${h.address}: ${toJson(await claimedBy(h))}`));
      throw new Error(`${error.message}\n${seen.join("\n")}\n${result.stderr}`);
    });
    for (const host of hosts.slice(0, 5)) {
      const claimed = await claimedBy(host);
      expect(claimed.onChain, host.address).to.equal(expected(host));
      expect(claimed.recorded, host.address).to.equal(expected(host));
    }
    const someServer = hosts.find((h) => servers.has(h.address))!;
    const metrics = await (await fetch(`${someServer.url}/metrics`)).text();
    expect(metrics).to.include(`btt_host_serving_claimed_total ${PIECE_PRICE * pieces}`);
    expect(metrics).to.include("btt_host_serving_unclaimed 0");
  });

  it("a client that stops paying is served its credit, asked to pay, and dropped", async function () {
    const manifest = readClientManifest(manifestPath);
    const host = shardHost(0);
    const entry = manifest.file.shards[0]!;
    // A payer with a deposit reserved for the host (so it passes the solvency check and gets credit).
    const hostile = await account(net, 0n);
    const wallet = walletFor(net.node, hostile.key);
    const pc = publicClientFor(net.node);
    await pc.waitForTransactionReceipt({ hash: await depositToPool(wallet, { pool: net.pool, amount: BTT }) });
    await pc.waitForTransactionReceipt({
      hash: await reserve(wallet, { pool: net.pool, payee: host.address as Address, amount: BTT }),
    });
    const info = (await (await fetch(`${host.url}/info`)).json()) as { p2p: { port: number } };
    const c = await rawClient(
      info.p2p.port,
      {
        root: entry.root,
        size: entry.size,
        pieceSize: DEFAULT_PIECE_SIZE,
        features: FEATURE_PAID | FEATURE_PIECE_LAYER,
      },
      wallet.account,
    );
    c.conn.send(encodeEmpty(MSG.interested));
    await c.until((m) => m.some((x) => x.type === "unchoke") && m.some((x) => x.type === "terms"), 10_000);
    c.conn.send(encodePool({ chainId: 199n, pool: net.pool, token: zeroAddress, generation: 0n }));
    await c.until((m) => m.some((x) => x.type === "ack"), 10_000);
    // The whole shard four times over: more than the host's credit window (8 pieces, the default).
    const blocks = DEFAULT_PIECE_SIZE / BLOCK_SIZE;
    for (let round = 0; round < 4; round++)
      for (let p = 0; p < 3; p++)
        for (let b = 0; b < blocks; b++) {
          const length = Math.min(BLOCK_SIZE, Number(entry.size) - p * DEFAULT_PIECE_SIZE - b * BLOCK_SIZE);
          if (length > 0) c.conn.send(encodeRequest(MSG.request, { piece: p, offset: b * BLOCK_SIZE, length }));
        }
    // The credit is served, then payment is asked for; it never comes, and the host hangs up.
    await c.until((m) => m.some((x) => x.type === "paymentRequired"), 10_000);
    const servedBytes = c.messages.reduce((sum, x) => sum + (x.type === "piece" ? x.data.length : 0), 0);
    expect(servedBytes)
      .to.be.above(7 * DEFAULT_PIECE_SIZE)
      .and.at.most(8 * DEFAULT_PIECE_SIZE);
    await waitFor("the host to drop the client that does not pay", () => (c.conn.closed ? true : undefined), 30_000);
    const paid = (await (await fetch(`${host.url}/payments/${hostile.address}`)).json()) as {
      cumulativeAmount: string;
    };
    expect(paid.cumulativeAmount).to.equal("0");
  });

  it("a host that deletes its shard misses, is slashed, and watch moves the shard to a new host on its own", async function () {
    const manifest = readClientManifest(manifestPath);
    const ids = manifest.shards.map((s) => s.dealId);
    const owners = manifest.shards.map((s) => shardHost(s.index));
    const lost = owners[0]!;
    rmSync(join(lost.dir, "data", "shards", `${ids[0]}.shard`));
    // The client watches the file from now on: it repairs when a shard needs it, without being asked.
    const watchLog: string[] = [];
    const watch = spawn(
      process.execPath,
      [
        join(repoRoot, "storage", "bin", "btt-storage.js"),
        "watch",
        manifestPath,
        "--interval-ms",
        "500",
        "--lead-blocks",
        "30",
        "--budget",
        String(BTT),
        "--rpc",
        net.node.url,
        "--deployment",
        net.deployment,
      ],
      {
        env: { PATH: process.env.PATH, NODE_OPTIONS: process.env.NODE_OPTIONS, BTT_STORAGE_KEY: client.key },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    watch.stderr.on("data", (chunk: Buffer) => watchLog.push(chunk.toString()));
    const watchExit = new Promise<number | null>((resolve) => watch.once("exit", resolve));
    try {
      // The next period whose window has not opened (the payments above mined blocks): the other four
      // prove it; the host without its shard cannot.
      const deal = await getDeal(publicClientFor(net.node), { market: net.market, id: ids[0]! });
      const period = ((await blockNumber(net)) - deal.start) / deal.periodLength + 1n;
      expect(period < deal.periods, "periods left to miss").to.equal(true);
      await mineTo(net, deal.start + period * deal.periodLength + 1n);
      for (let i = 1; i < 5; i++) {
        await waitFor(`host ${i} to prove period ${period}`, () =>
          owners[i]!.period(ids[i]!, period) === "proven" ? true : undefined,
        );
      }
      await mineTo(net, deal.start + (period + 1n) * deal.periodLength);
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
      expect(missed.map((l) => l.args.period)).to.include(period);
      expect(missed.every((l) => l.args.slashed! > 0n)).to.equal(true);
      const status = JSON.parse((await storageCli(net, client.key, ["status", manifestPath, "--json"])).stdout) as {
        healthy: boolean;
        problem?: string;
      }[];
      expect(status[0]!.healthy).to.equal(false);
      // Missed, or already terminated when the misses took the collateral the deal needs (blocks mined meanwhile).
      expect(status[0]!.problem).to.match(/missed|deal terminated/);

      // No new host yet: watch keeps trying; once the sixth host is up it places the shard there.
      await hosts[5]!.start();
      await waitFor("watch to repair shard 0", () =>
        readClientManifest(manifestPath).shards[0]!.host === hosts[5]!.address ? true : undefined,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}\nwatch: ${watchLog.join("")}`, { cause: error });
    } finally {
      watch.kill("SIGTERM");
      await watchExit;
    }
    expect(await watchExit, watchLog.join("")).to.equal(0);
    expect(watchLog.join("")).to.match(/shard 0 on 0x[0-9a-fA-F]{40}: (\d+ period\(s\) missed|deal terminated)/);
    expect(watchLog.join("")).to.match(/manifest updated: shard\(s\) 0 now with/);
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
    const result = await storageCli(net, client.key, ["retrieve", manifestPath, "--out", out, "--budget", String(BTT)]);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stderr).to.include(`shard 0: downloaded from ${hosts[5]!.address}, paid`);
    expect(readFileSync(out).equals(readFileSync(file))).to.equal(true);
  });

  it("says so when given a manifest that is not its own", async function () {
    const wrong = join(dir, "wrong.json");
    writeFileSync(wrong, JSON.stringify({ version: 1, name: "x" }));
    const result = await storageCli(net, client.key, ["status", wrong]);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(/is not a btt-storage manifest/);
  });
});
