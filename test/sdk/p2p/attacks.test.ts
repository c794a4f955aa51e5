import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";
import { zeroAddress } from "viem";

import { DEFAULT_PIECE_SIZE } from "../../../sdk/src/commitment/index.ts";
import { BLOCK_SIZE, download } from "../../../sdk/src/p2p/index.ts";
import { MemoryVoucherStore } from "../../../sdk/src/payments/index.ts";
import { account, CHAIN, PRICE, seed, tempDir, writeRandomFile } from "./support/helpers.ts";
import { ID, RawPeer, frame, helloFrame, poolFrame, requestFrame, type Content } from "./support/rawPeer.ts";

/**
 * Hostile peers against a seeder, written by hand over raw sockets (test/sdk/p2p/support/rawPeer.ts): each
 * test asserts the outcome (memory bound, honest peer served, zero pieces beyond the unpaid
 * budget, signatures bounded), with bounded loops on loopback and no timing assertions.
 */
describe("p2p seeder under attack", function () {
  this.timeout(120_000);
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  const MEMORY_SEEDER = join(import.meta.dirname, "support", "memorySeeder.ts");

  interface Memory {
    rss: number;
    heap: number;
    external: number;
    peers: number;
    requests: number;
  }
  async function reply<T>(child: ChildProcess): Promise<T> {
    const [message] = (await once(child, "message")) as [T];
    return message;
  }
  async function measure(child: ChildProcess): Promise<Memory> {
    child.send("measure");
    return reply<Memory>(child);
  }

  /** Writes `bytes` of `chunk` repeatedly; stops early once the seeder stops reading (no drain within `boundMs`). */
  async function flood(peer: RawPeer, chunk: Buffer, bytes: number, boundMs = 2_000): Promise<number> {
    let sent = 0;
    while (sent < bytes && !peer.closed) {
      const more = peer.socket.write(chunk, () => undefined);
      sent += chunk.length;
      if (!more) {
        let timer: NodeJS.Timeout | undefined;
        const drained = await Promise.race([
          new Promise<boolean>((resolve) => {
            peer.socket.once("drain", () => resolve(true));
            peer.socket.once("close", () => resolve(false));
          }),
          new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), boundMs))),
        ]);
        clearTimeout(timer);
        if (!drained) break; // the seeder applies backpressure: it no longer reads this socket
      }
    }
    return sent;
  }

  it("request flood from peers that never read: seeder memory stays bounded, and is freed when they leave", async () => {
    const pieces = 64;
    const { path } = writeRandomFile(tmp.dir, "src", pieces * DEFAULT_PIECE_SIZE);
    const child = spawn(process.execPath, ["--expose-gc", MEMORY_SEEDER, path], {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    try {
      const info = await reply<{ port: number; root: `0x${string}`; size: string }>(child);
      const content: Content = { root: info.root, size: BigInt(info.size), pieceSize: DEFAULT_PIECE_SIZE };
      const base = await measure(child);
      // 64 KiB of valid requests for blocks all over the file.
      const requests: Buffer[] = [];
      for (let i = 0; requests.length * 17 < 1 << 16; i++)
        requests.push(requestFrame((i * 7) % pieces, (i % 16) * BLOCK_SIZE, BLOCK_SIZE));
      const chunk = Buffer.concat(requests);
      const flooders = await Promise.all(
        Array.from({ length: 8 }, () => RawPeer.handshake(info.port, account(), content)),
      );
      const sent = await Promise.all(
        flooders.map(async (p) => {
          await p.until(() => p.count(ID.haveAll) > 0); // authenticated
          p.socket.write(frame(ID.interested));
          p.socket.pause(); // never read again
          return flood(p, chunk, 8 << 20);
        }),
      );
      const during = await measure(child);
      expect(during.requests).to.be.greaterThan(0);
      // The old seeder grew ~12 MB per MB of requests (over 200 MB here); bounded now: per peer about
      // 1 MiB of queued output, its request queue and the piece cache (16 MiB) at most.
      expect(
        during.rss - base.rss,
        `rss grew by ${during.rss - base.rss} after ${sent.join(", ")} bytes of requests`,
      ).to.be.below(64 << 20);
      for (const p of flooders) p.close();
      let after = await measure(child);
      for (let i = 0; i < 200 && after.peers > 0; i++) after = await measure(child);
      expect(after.peers).to.equal(0);
      // Everything per peer is freed: the heap is back near where it started (the piece cache stays).
      expect(after.heap - base.heap).to.be.below(16 << 20);
    } finally {
      child.send("stop");
      await once(child, "exit");
    }
  });

  it("64+ idle, half-frame and dripping peers do not lock an honest downloader out", async () => {
    const size = 16 * DEFAULT_PIECE_SIZE;
    const { path, data } = writeRandomFile(tmp.dir, "src", size);
    const s = await seed(path);
    const drips: NodeJS.Timeout[] = [];
    const attackers: RawPeer[] = [];
    try {
      const content: Content = { root: s.source.commitment.root, size: BigInt(size), pieceSize: DEFAULT_PIECE_SIZE };
      // 72 attackers from 12 addresses (6 each, under the per-address limit), in four kinds.
      for (let i = 0; i < 72; i++) {
        const localAddress = `127.0.0.${2 + (i % 12)}`;
        const kind = i % 4;
        if (kind === 0) {
          // A hello that never completes (a large frame, half sent).
          const peer = await RawPeer.connect(s.seeder.port, localAddress);
          peer.socket.write(helloFrame(content, account().address, Buffer.alloc(32)).subarray(0, 60));
          attackers.push(peer);
          continue;
        }
        const peer = await RawPeer.handshake(s.seeder.port, account(), content, { localAddress });
        await peer.until(() => peer.count(ID.haveAll) > 0 || peer.closed);
        attackers.push(peer);
        if (kind === 2) {
          // Authenticated, then half of a 60 KB frame, held open.
          const header = Buffer.alloc(5);
          header.writeUInt32BE(60_000, 0);
          header[4] = ID.bitfield;
          peer.socket.write(Buffer.concat([header, Buffer.alloc(1_000)]));
        } else if (kind === 3) {
          // Authenticated, then one byte of a frame that never ends, every 100 ms.
          const header = Buffer.alloc(4);
          header.writeUInt32BE(50_000, 0);
          peer.socket.write(header);
          drips.push(setInterval(() => peer.socket.write(Buffer.from([0])), 100));
        } // kind 1: authenticated and silent
      }
      expect(s.seeder.peerCount).to.equal(64); // full: every later attacker evicted an earlier one
      expect(s.seeder.stats.evicted).to.be.at.least(72 - 64);

      const out = join(tmp.dir, "out");
      await download({
        root: content.root,
        size: content.size,
        out,
        peers: [{ host: "127.0.0.1", port: s.seeder.port }],
      });
      expect(readFileSync(out).equals(data)).to.equal(true);
    } finally {
      for (const d of drips) clearInterval(d);
      for (const a of attackers) a.close();
      await s.close();
    }
  });

  it("the idle timer counts what the peer sends: a peer dripping a frame it never completes is closed", async () => {
    const size = 4 * DEFAULT_PIECE_SIZE;
    const { path } = writeRandomFile(tmp.dir, "src", size);
    const s = await seed(path, { idleTimeoutMs: 1_000 });
    let drip: NodeJS.Timeout | undefined;
    try {
      const content: Content = { root: s.source.commitment.root, size: BigInt(size), pieceSize: DEFAULT_PIECE_SIZE };
      const peer = await RawPeer.handshake(s.seeder.port, account(), content);
      const header = Buffer.alloc(4);
      header.writeUInt32BE(50_000, 0);
      peer.socket.write(header);
      drip = setInterval(() => peer.socket.write(Buffer.from([0])), 50);
      await peer.until(() => false, 60_000); // returns once the seeder closed it
      expect(peer.closed).to.equal(true);
      expect(s.seeder.errors.at(-1)?.message).to.match(/idle for too long/);
    } finally {
      clearInterval(drip);
      await s.close();
    }
  });

  it("paid seeder: many fresh identities that never pay get no more than the global unpaid budget", async () => {
    const pieces = 16;
    const size = pieces * DEFAULT_PIECE_SIZE;
    const { path } = writeRandomFile(tmp.dir, "src", size);
    const pool = account().address;
    const budget = 6;
    const s = await seed(path, {
      payment: {
        pricePerPiece: PRICE,
        creditPieces: 4,
        chainId: CHAIN,
        pool,
        token: zeroAddress,
        store: new MemoryVoucherStore(),
        maxUnpaidPieces: budget,
      },
    });
    try {
      const content: Content = { root: s.source.commitment.root, size: BigInt(size), pieceSize: DEFAULT_PIECE_SIZE };
      const blocks = DEFAULT_PIECE_SIZE / BLOCK_SIZE;
      let received = 0;
      for (let identity = 0; identity < 10; identity++) {
        const peer = await RawPeer.handshake(s.seeder.port, account(), content, { features: 3 });
        peer.socket.write(frame(ID.interested));
        peer.socket.write(poolFrame(CHAIN, pool, zeroAddress, 0n));
        await peer.until(() => peer.count(ID.ack) > 0 && peer.count(ID.unchoke) > 0);
        const asked = pieces * blocks;
        for (let p = 0; p < pieces; p++)
          for (let b = 0; b < blocks; b++) peer.socket.write(requestFrame(p, b * BLOCK_SIZE, BLOCK_SIZE));
        await peer.until(() => peer.count(ID.piece) + peer.count(ID.reject) >= asked);
        expect(peer.count(ID.piece) + peer.count(ID.reject)).to.equal(asked); // every request answered once
        received += peer.pieceBytes;
        peer.close();
        await s.seeder.drained();
      }
      // Without the global budget each identity took its own credit window: 10 x 4 pieces.
      expect(received).to.be.at.most(budget * DEFAULT_PIECE_SIZE);
      expect(s.seeder.stats.bytesSent).to.be.at.most(budget * DEFAULT_PIECE_SIZE);
      expect(received).to.be.at.least(4 * DEFAULT_PIECE_SIZE); // the first one got its window
    } finally {
      await s.close();
    }
  });

  it("a hello flood from one address gets a bounded number of signatures", async () => {
    const size = 2 * DEFAULT_PIECE_SIZE;
    const { path } = writeRandomFile(tmp.dir, "src", size);
    const burst = 5;
    const s = await seed(path, { handshakeBurst: burst, handshakesPerSecond: 0.01, maxPeersPerAddress: 1_000 });
    try {
      const content: Content = { root: s.source.commitment.root, size: BigInt(size), pieceSize: DEFAULT_PIECE_SIZE };
      const flood = 40;
      const peers = await Promise.all(
        Array.from({ length: flood }, async () => {
          const peer = await RawPeer.connect(s.seeder.port);
          if (!peer.closed) peer.socket.write(helloFrame(content, account().address, Buffer.alloc(32, 7)));
          await peer.until(() => peer.count(ID.auth) > 0);
          return peer;
        }),
      );
      const signed = peers.filter((p) => p.count(ID.auth) > 0).length;
      expect(signed).to.be.at.most(burst + 1);
      expect(s.seeder.stats.refused).to.be.at.least(flood - burst - 1);
      for (const p of peers) p.close();
    } finally {
      await s.close();
    }
  });
});
