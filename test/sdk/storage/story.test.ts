import { randomBytes } from "node:crypto";
import { mkdtemp, open, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import { ContentTree } from "../../../sdk/src/commitment/index.ts";
import {
  acceptDeal,
  buildPeriodProof,
  claim,
  getCredit,
  getDealStatus,
  pokeSeed,
  prepare,
  proofOutcome,
  reportMissed,
  restore,
  setHost,
  ShardCorruptedError,
  signDeal,
  submitProofs,
  type PeriodProof,
  type PrepareReturnType,
} from "../../../sdk/src/storage/index.ts";
import { BTT, deployStorage, EPOCH } from "./support/fixture.ts";

/**
 * The story: a 64 MiB file prepared into 3 + 2 shards, stored with 5 hosts for 3 periods of
 * 20 blocks, host 3 missing period 1. Payouts, refunds, slashing and bounty are checked to the wei,
 * then the file is restored from several choices of 3 shards, and a corrupted shard is caught.
 */
describe("storage story: 64 MiB, 3 + 2 shards, 5 hosts, 3 periods, one missed period", function () {
  let dir: string;
  let original: Buffer;
  let prepared: PrepareReturnType;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "btt-story-"));
    original = randomBytes(64 << 20);
    await writeFile(join(dir, "movie.bin"), original);
    prepared = await prepare({ input: join(dir, "movie.bin"), outDir: join(dir, "shards") });
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("pays hosts per proven period, refunds and slashes the miss, pays the reporter, exact to the wei", async () => {
    const env = await deployStorage();
    const { wallets, publicClient, market, wait } = env;
    const client = wallets[0]!;
    const hosts = wallets.slice(1, 6);
    const reporter = wallets[6]!;
    const relayer = wallets[7]!;
    const prices = hosts.map((_, i) => BTT + BigInt(i) * 1_000_003n); // distinct, odd amounts
    const collateral = 10n * BTT;
    await env.fund(client, 100n * BTT);
    for (const host of hosts) {
      await env.fund(host, 100n * BTT);
      await wait(
        await setHost(host, {
          market: market.address,
          capacity: 1n << 30n,
          pricePerGiBPerPeriod: BTT,
          collateralPerGiB: BTT,
          endpoint: "tcp://127.0.0.1:6881",
        }),
      );
    }
    const clientStart = await env.balanceOf(client.account.address);
    const hostStart = await Promise.all(hosts.map((h) => env.balanceOf(h.account.address)));

    // One deal per shard: signed by the client, accepted by its host (escrow + collateral pulled).
    const ids: `0x${string}`[] = [];
    const first = await env.offer(
      {
        client: client.account.address,
        host: hosts[0]!.account.address,
        root: prepared.manifest.shards[0]!.root,
        size: prepared.manifest.shardSize,
      },
      40n,
    );
    for (const [i, host] of hosts.entries()) {
      const shard = prepared.manifest.shards[i]!;
      const terms = {
        ...first,
        host: host.account.address,
        root: shard.root,
        size: shard.size,
        pricePerPeriod: prices[i]!,
        collateral,
        nonce: BigInt(i),
      };
      const signed = await signDeal({ signer: client, terms });
      const { hash, id } = await acceptDeal(host, { market: market.address, terms, signature: signed.signature });
      await wait(hash);
      expect(id).to.equal(signed.id);
      ids.push(id);
    }
    const escrow = prices.reduce((a, p) => a + 3n * p, 0n);
    expect(await env.balanceOf(market.address)).to.equal(escrow + 5n * collateral);
    expect(await env.balanceOf(client.account.address)).to.equal(clientStart - escrow);

    // Hosts keep their shard's tree (32 bytes per 256 KiB piece) and prove from the file each period.
    const trees = await Promise.all(prepared.shardPaths.map((p) => ContentTree.fromSource(p)));
    const MISSING_HOST = 3;
    for (let period = 0n; period < 3n; period++) {
      const start = first.start + period * first.periodLength;
      // Calls are simulated on the latest block, so poke once the seed block has a successor.
      await env.mineTo(start + 1n);
      await wait(await pokeSeed(relayer, { market: market.address, epoch: start / EPOCH }));
      const proofs: PeriodProof[] = [];
      for (const [i, id] of ids.entries()) {
        if (period === 1n && i === MISSING_HOST) continue;
        proofs.push(
          await buildPeriodProof(publicClient, {
            market: market.address,
            id,
            period,
            shardPath: prepared.shardPaths[i]!,
            tree: trees[i],
          }),
        );
      }
      const [hash] = await submitProofs(relayer, { market: market.address, proofs });
      const receipt = await wait(hash!);
      const outcome = proofOutcome(receipt, proofs);
      expect(outcome.rejected).to.deep.equal([]);
      expect(outcome.proven.length).to.equal(proofs.length);
      if (period === 1n) {
        const status = await getDealStatus(publicClient, { market: market.address, id: ids[MISSING_HOST]! });
        expect(status.current?.period).to.equal(1n);
        expect(status.settled).to.equal(1n);
      }
      if (period === 1n) {
        // Period 1's window closes at the first block of period 2: a reporter settles host 3's miss.
        await env.mineTo(start + first.periodLength);
        await wait(await reportMissed(reporter, { market: market.address, id: ids[MISSING_HOST]! }));
      }
    }

    const slashed = collateral / 10n; // 10% of the collateral
    const bounty = slashed / 5n; // 20% of the slash
    for (const [i, host] of hosts.entries()) {
      const expected = i === MISSING_HOST ? 2n * prices[i]! + collateral - slashed : 3n * prices[i]! + collateral;
      expect(await getCredit(publicClient, { market: market.address, account: host.account.address })).to.equal(
        expected,
      );
    }
    expect(await getCredit(publicClient, { market: market.address, account: client.account.address })).to.equal(
      prices[MISSING_HOST]! + slashed - bounty,
    );
    expect(await getCredit(publicClient, { market: market.address, account: reporter.account.address })).to.equal(
      bounty,
    );
    for (const id of ids)
      expect((await getDealStatus(publicClient, { market: market.address, id })).status).to.equal("Completed");

    for (const w of [client, reporter, ...hosts]) await wait(await claim(w, { market: market.address }));
    expect(await env.balanceOf(market.address)).to.equal(0n);
    expect(await env.balanceOf(reporter.account.address)).to.equal(bounty);
    expect(await env.balanceOf(client.account.address)).to.equal(
      clientStart - escrow + prices[MISSING_HOST]! + slashed - bounty,
    );
    for (const [i, host] of hosts.entries()) {
      const earned = i === MISSING_HOST ? 2n * prices[i]! - slashed : 3n * prices[i]!;
      expect(await env.balanceOf(host.account.address)).to.equal(hostStart[i]! + earned);
    }
  });

  it("restores the file from several choices of 3 of the 5 shards", async () => {
    for (const chosen of [
      [0, 1, 2],
      [2, 3, 4],
      [0, 3, 4],
      [1, 2, 4],
    ]) {
      const output = join(dir, `restored-${chosen.join("")}.bin`);
      const shards = Object.fromEntries(chosen.map((i) => [i, prepared.shardPaths[i]!]));
      const result = await restore({ manifest: prepared.manifestPath, key: prepared.key, shards, output });
      expect(result.usedShards).to.deep.equal(chosen);
      expect((await readFile(output)).equals(original)).to.equal(true);
      await rm(output);
    }
  });

  it("fails clearly when a shard is corrupted", async () => {
    const handle = await open(prepared.shardPaths[2]!, "r+");
    await handle.write(Buffer.from("flipped"), 0, 7, 12_345_678);
    await handle.close();
    const shards = { 0: prepared.shardPaths[0]!, 2: prepared.shardPaths[2]!, 4: prepared.shardPaths[4]! };
    let caught: unknown;
    try {
      await restore({ manifest: prepared.manifestPath, key: prepared.key, shards, output: join(dir, "bad.bin") });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(ShardCorruptedError);
    expect((caught as ShardCorruptedError).shards).to.deep.equal([2]);
    expect((caught as Error).message).to.include("Shard 2 does not match its root");
  });
});
