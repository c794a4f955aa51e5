import { existsSync, openSync, readFileSync, writeSync, closeSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";

import { DEFAULT_PIECE_SIZE } from "../../../sdk/src/commitment/index.ts";
import { BLOCK_SIZE, Bitfield, TransferError, download, type Sidecar } from "../../../sdk/src/p2p/index.ts";
import { seed, tempDir, writeRandomFile } from "./support/helpers.ts";

const BLOCKS_PER_PIECE = DEFAULT_PIECE_SIZE / BLOCK_SIZE;

function sidecarPieces(out: string, count: number): Bitfield {
  const sidecar = JSON.parse(readFileSync(`${out}.part.json`, "utf8")) as Sidecar;
  return new Bitfield(count, Buffer.from(sidecar.verified, "base64"));
}

describe("p2p resume", function () {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it("a leecher stopped half-way resumes without re-downloading verified pieces", async () => {
    const pieces = 64;
    const size = pieces * DEFAULT_PIECE_SIZE;
    const { path, data } = writeRandomFile(tmp.dir, "src", size);
    const s = await seed(path, { peerRateLimit: 8 << 20 }); // ~2 s, so the stop lands mid-way even under load
    try {
      const out = join(tmp.dir, "out");
      const peers = [{ host: "127.0.0.1", port: s.seeder.port }];
      const root = s.source.commitment.root;
      const controller = new AbortController();
      const first = await download({
        root,
        size: BigInt(size),
        out,
        peers,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.piecesDone >= pieces / 2) controller.abort();
        },
      }).catch((e: unknown) => e);
      expect(first).to.be.instanceOf(TransferError);
      expect((first as TransferError).shortMessage).to.equal("Download aborted");
      expect(existsSync(out)).to.equal(false);
      const kept = sidecarPieces(out, pieces);
      expect(kept.count).to.be.within(pieces / 2, pieces - 1);

      const before = s.seeder.stats.requests;
      const second = await download({ root, size: BigInt(size), out, peers });
      expect(readFileSync(out).equals(data)).to.equal(true);
      expect(second.resumedPieces).to.equal(kept.count);
      expect(second.requests).to.equal((pieces - kept.count) * BLOCKS_PER_PIECE);
      expect(s.seeder.stats.requests - before).to.equal(second.requests);
    } finally {
      await s.close();
    }
  });

  it("re-verifies the partial file: a piece damaged on disk is fetched again", async () => {
    const pieces = 16;
    const size = pieces * DEFAULT_PIECE_SIZE - 5;
    const { path, data } = writeRandomFile(tmp.dir, "src", size);
    const s = await seed(path, { peerRateLimit: 2 << 20 });
    try {
      const out = join(tmp.dir, "out");
      const peers = [{ host: "127.0.0.1", port: s.seeder.port }];
      const root = s.source.commitment.root;
      const controller = new AbortController();
      await download({
        root,
        size: BigInt(size),
        out,
        peers,
        signal: controller.signal,
        onProgress: (p) => p.piecesDone >= 4 && controller.abort(),
      }).catch(() => undefined);
      const kept = sidecarPieces(out, pieces);
      expect(kept.count).to.be.at.least(4);
      let damaged = 0;
      while (!kept.get(damaged)) damaged++;
      const fd = openSync(`${out}.part`, "r+");
      writeSync(fd, Buffer.from("tampered"), 0, 8, damaged * DEFAULT_PIECE_SIZE + 100);
      closeSync(fd);
      const second = await download({ root, size: BigInt(size), out, peers });
      expect(second.resumedPieces).to.equal(kept.count - 1);
      expect(readFileSync(out).equals(data)).to.equal(true);
    } finally {
      await s.close();
    }
  });

  it("refuses to resume a partial download of other content", async () => {
    const { path } = writeRandomFile(tmp.dir, "src", 600_000);
    const other = writeRandomFile(tmp.dir, "other", 600_000);
    const s = await seed(path, { peerRateLimit: 1 << 20 });
    const o = await seed(other.path);
    try {
      const out = join(tmp.dir, "out");
      const controller = new AbortController();
      await download({
        root: s.source.commitment.root,
        size: 600_000n,
        out,
        peers: [{ host: "127.0.0.1", port: s.seeder.port }],
        signal: controller.signal,
        onProgress: () => controller.abort(),
      }).catch(() => undefined);
      const error = await download({
        root: o.source.commitment.root,
        size: 600_000n,
        out,
        peers: [{ host: "127.0.0.1", port: o.seeder.port }],
      }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(TransferError);
      expect((error as TransferError).shortMessage).to.equal("A partial download of other content exists at this path");
    } finally {
      await s.close();
      await o.close();
    }
  });
});
