import { readFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";
import { zeroAddress } from "viem";

import { BLOCK_SIZE, Bitfield, PiecePicker, Seeder, download, type ContentSource } from "../../../sdk/src/p2p/index.ts";
import { MemoryVoucherStore } from "../../../sdk/src/payments/index.ts";
import { account, corrupt, seed, settled, tempDir, writeRandomFile } from "./support/helpers.ts";

describe("p2p multi-peer", function () {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it("picks the rarest piece first and breaks ties at random", () => {
    const picker = new PiecePicker(6);
    const all = Bitfield.full(6);
    const some = new Bitfield(6);
    for (const i of [1, 2, 3, 4]) some.set(i);
    picker.addPeer(all);
    picker.addPeer(some);
    picker.addPeer(some);
    // Pieces 0 and 5 are held by one peer only.
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(picker.pick(all, () => true));
    expect([...seen].sort()).to.deep.equal([0, 5]);
    expect(picker.pick(all, (i) => i !== 0 && i !== 5)).to.be.within(1, 4);
    expect(picker.pick(some, (i) => i === 0)).to.equal(-1);
    // Among equally rare pieces a peer continues after its last one (contiguous runs), wrapping around.
    expect(picker.pick(some, () => true, 2)).to.equal(2);
    expect(picker.pick(some, (i) => i !== 2, 2)).to.equal(3);
    expect(picker.pick(all, (i) => i !== 5, 5)).to.equal(0);
    picker.removePeer(some);
    expect(picker.availabilityOf(2)).to.equal(2);
  });

  it("3 seeders, one serving corrupted pieces: it is banned and never paid, the file is correct", async () => {
    const size = 8 << 20;
    const { path, data } = writeRandomFile(tmp.dir, "src", size);
    const payer = account();
    const pay = {
      pricePerPiece: 10n ** 15n,
      creditPieces: 16,
      chainId: 199n,
      pool: account().address,
      token: zeroAddress,
    };
    const stores = [new MemoryVoucherStore(), new MemoryVoucherStore(), new MemoryVoucherStore()];
    const good1 = await seed(path, { payment: { ...pay, store: stores[0]! } });
    const good2 = await seed(path, { payment: { ...pay, store: stores[1]! } });
    const badSource: ContentSource = corrupt(good1.source);
    const bad = await Seeder.start({ account: account(), content: badSource, payment: { ...pay, store: stores[2]! } });
    try {
      const out = join(tmp.dir, "out");
      const result = await download({
        root: good1.source.commitment.root,
        size: BigInt(size),
        out,
        account: payer,
        payment: {
          signer: payer,
          chainId: 199n,
          pool: pay.pool,
          token: zeroAddress,
          generation: 0n,
          maxPricePerPiece: pay.pricePerPiece,
        },
        peers: [good1, good2, { seeder: bad }].map((s) => ({ host: "127.0.0.1", port: s.seeder.port })),
        hashWorkers: 1, // verification off the event loop must ban just the same
      });
      expect(readFileSync(out).equals(data)).to.equal(true);
      const [r1, r2, rBad] = result.peers;
      expect(rBad!.banned).to.equal(true);
      expect(rBad!.piecesVerified).to.equal(0);
      expect(rBad!.paid).to.equal(0n);
      expect(rBad!.error).to.match(/failed verification/);
      expect(bad.stats.blocksSent).to.be.greaterThan(0); // it was asked, served garbage, got nothing
      const key = (s: Seeder) => ({
        chainId: 199n,
        pool: pay.pool,
        payer: payer.address,
        payee: s.options.account.address,
        token: zeroAddress,
        generation: 0n,
      });
      await Promise.all([good1.seeder, good2.seeder, bad].map((s) => settled(s)));
      expect(await stores[2]!.get(key(bad).payer, key(bad).token)).to.equal(undefined);
      // Every verified piece from a good seeder is paid to it, exactly.
      for (const [r, s, store] of [
        [r1!, good1.seeder, stores[0]!],
        [r2!, good2.seeder, stores[1]!],
      ] as const) {
        expect(r.banned).to.equal(false);
        expect(r.paid).to.equal(pay.pricePerPiece * BigInt(r.piecesVerified));
        expect((await store.get(key(s).payer, key(s).token))?.voucher.cumulativeAmount ?? 0n).to.equal(r.paid);
      }
      expect(r1!.piecesVerified + r2!.piecesVerified).to.be.at.least(32);
    } finally {
      await good1.close();
      await good2.close();
      await bad.close();
    }
  });

  it("re-requests elsewhere when a peer stops answering", async () => {
    const size = 8 << 20;
    const { path, data } = writeRandomFile(tmp.dir, "src", size);
    const good = await seed(path, { peerRateLimit: 8 << 20 });
    const stuck: ContentSource = {
      ...good.source,
      readPiece: () => new Promise<Uint8Array>(() => undefined),
      close: async () => undefined,
    };
    const silent = await Seeder.start({ account: account(), content: stuck });
    try {
      const out = join(tmp.dir, "out");
      const result = await download({
        root: good.source.commitment.root,
        size: BigInt(size),
        out,
        requestTimeoutMs: 400,
        peers: [
          { host: "127.0.0.1", port: silent.port },
          { host: "127.0.0.1", port: good.seeder.port },
        ],
      });
      expect(readFileSync(out).equals(data)).to.equal(true);
      expect(result.peers[0]!.piecesVerified).to.equal(0);
      expect(result.peers[1]!.piecesVerified).to.equal(32);
      expect(result.peers[0]!.timeouts).to.be.at.least(1);
      expect(silent.stats.requests).to.be.greaterThan(0);
    } finally {
      await good.close();
      await silent.close();
    }
  });

  it("endgame: the last pieces are fetched from a faster peer too, and the slow copies cancelled", async () => {
    const size = 16 * 262144;
    const { path, data } = writeRandomFile(tmp.dir, "src", size);
    const slow = await seed(path, { peerRateLimit: 512 << 10 });
    const fast = await seed(path);
    try {
      const out = join(tmp.dir, "out");
      const result = await download({
        root: fast.source.commitment.root,
        size: BigInt(size),
        out,
        peers: [
          { host: "127.0.0.1", port: slow.seeder.port },
          { host: "127.0.0.1", port: fast.seeder.port },
        ],
      });
      expect(readFileSync(out).equals(data)).to.equal(true);
      const [rSlow, rFast] = result.peers;
      expect(rFast!.piecesVerified).to.be.greaterThan(rSlow!.piecesVerified);
      expect(rSlow!.cancels).to.be.greaterThan(0);
      expect(slow.seeder.stats.rejects).to.be.greaterThan(0); // each cancel answered with reject(cancelled)
    } finally {
      await slow.close();
      await fast.close();
    }
  });

  it("spreads a download over several seeders", async () => {
    const size = 16 << 20;
    const { path, data } = writeRandomFile(tmp.dir, "src", size);
    const seeders = await Promise.all([seed(path), seed(path), seed(path)]);
    try {
      const out = join(tmp.dir, "out");
      const result = await download({
        root: seeders[0]!.source.commitment.root,
        size: BigInt(size),
        out,
        peers: seeders.map((s) => ({ host: "127.0.0.1", port: s.seeder.port })),
      });
      expect(readFileSync(out).equals(data)).to.equal(true);
      expect(result.peers.reduce((n, p) => n + p.piecesVerified, 0)).to.be.at.least(64);
      expect(result.peers.filter((p) => p.piecesVerified > 0).length).to.be.at.least(2);
    } finally {
      await Promise.all(seeders.map((s) => s.close()));
    }
  });

  it("four seeders: the endgame duplicates only the last pieces, not a fifth of the file", async () => {
    const size = 32 << 20;
    const { path, data } = writeRandomFile(tmp.dir, "src", size);
    const seeders = await Promise.all([seed(path), seed(path), seed(path), seed(path)]);
    try {
      const out = join(tmp.dir, "out");
      const result = await download({
        root: seeders[0]!.source.commitment.root,
        size: BigInt(size),
        out,
        peers: seeders.map((s) => ({ host: "127.0.0.1", port: s.seeder.port })),
      });
      expect(readFileSync(out).equals(data)).to.equal(true);
      const blocks = size / BLOCK_SIZE;
      // Endgame copies are started only by a peer that ran dry, one piece at a time: the last
      // pieces only (before: up to 60% more requests, then cancels, on this machine).
      expect(result.requests - blocks).to.be.at.most(blocks / 4);
    } finally {
      await Promise.all(seeders.map((s) => s.close()));
    }
  });
});
