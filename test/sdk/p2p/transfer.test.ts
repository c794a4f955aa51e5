import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";

import { DEFAULT_PIECE_SIZE } from "../../../sdk/src/commitment/index.ts";
import { BttError } from "../../../sdk/src/errors.ts";
import { BLOCK_SIZE, DirectoryStore, Seeder, TransferError, download } from "../../../sdk/src/p2p/index.ts";
import { account, seed, tempDir, writeRandomFile } from "./support/helpers.ts";

describe("p2p transfer: 1 seeder -> 1 leecher", function () {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  const sizes: [string, number, number][] = [
    ["1 byte", 1, 0],
    ["exactly 1 piece", DEFAULT_PIECE_SIZE, 0],
    ["a short last piece", 3 * DEFAULT_PIECE_SIZE + 1000, 0],
    ["a short last piece, hashed on a worker thread", 5 * DEFAULT_PIECE_SIZE + 32 * 1024 + 3, 1],
    ["64 MiB", 64 << 20, 0],
  ];
  for (const [name, size, hashWorkers] of sizes) {
    it(`moves ${name} and verifies it`, async () => {
      const { path, data } = writeRandomFile(tmp.dir, "src", size);
      const s = await seed(path);
      try {
        const out = join(tmp.dir, "out");
        const result = await download({
          root: s.source.commitment.root,
          size: BigInt(size),
          out,
          peers: [{ host: "127.0.0.1", port: s.seeder.port }],
          hashWorkers,
        });
        expect(readFileSync(out).equals(data)).to.equal(true);
        expect(existsSync(`${out}.part`)).to.equal(false);
        expect(existsSync(`${out}.part.json`)).to.equal(false);
        const blocks =
          Math.ceil((size % DEFAULT_PIECE_SIZE || DEFAULT_PIECE_SIZE) / BLOCK_SIZE) +
          Math.floor((size - 1) / DEFAULT_PIECE_SIZE) * (DEFAULT_PIECE_SIZE / BLOCK_SIZE);
        expect(result.requests).to.equal(blocks);
        expect(s.seeder.stats.blocksSent).to.equal(blocks);
        expect(s.seeder.stats.bytesSent).to.equal(size);
        expect(result.peers[0]!.piecesVerified).to.equal(Math.ceil(size / DEFAULT_PIECE_SIZE));
      } finally {
        await s.close();
      }
    });
  }

  it("serves several files from a directory store keyed by (root, size)", async () => {
    const a = writeRandomFile(tmp.dir, "a.bin", 100_000);
    const b = writeRandomFile(tmp.dir, "b.bin", 700_000);
    const store = await DirectoryStore.open(tmp.dir);
    const seeder = await Seeder.start({ account: account(), content: store });
    try {
      for (const f of [a, b]) {
        const source = store.list().find((s) => s.commitment.size === BigInt(f.data.length))!;
        const out = join(tmp.dir, `out-${f.data.length}`);
        await download({
          root: source.commitment.root,
          size: source.commitment.size,
          out,
          peers: [{ host: "127.0.0.1", port: seeder.port }],
        });
        expect(readFileSync(out).equals(f.data)).to.equal(true);
      }
    } finally {
      await seeder.close();
      await store.close();
    }
  });

  it("fails clearly when the only peer does not have the content", async () => {
    const { path } = writeRandomFile(tmp.dir, "src", 5000);
    const s = await seed(path);
    try {
      const error = await download({
        root: `0x${"00".repeat(31)}01`,
        size: 5000n,
        out: join(tmp.dir, "out"),
        peers: [{ host: "127.0.0.1", port: s.seeder.port }],
      }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(TransferError);
      expect((error as TransferError).shortMessage).to.equal("No peer left to download from");
      expect(s.seeder.stats.protocolErrors).to.equal(1);
      expect(s.seeder.errors[0]!.message).to.match(/does not serve/);
    } finally {
      await s.close();
    }
  });

  it("rejects bad options with clear errors", async () => {
    const out = join(tmp.dir, "out");
    const root = `0x${"ab".repeat(32)}` as const;
    const cases: [Parameters<typeof download>[0], RegExp][] = [
      [{ root, size: 10n, out, peers: [] }, /No peers given/],
      [{ root, size: 10n, out, peers: [{ host: "127.0.0.1", port: 70000 }] }, /port in 1..65535/],
      [{ root: "0x1234", size: 10n, out, peers: [{ host: "127.0.0.1", port: 1 }] }, /32 bytes of hex/],
      [{ root, size: 0n, out, peers: [{ host: "127.0.0.1", port: 1 }] }, /positive whole number of bytes/],
      [{ root, size: 10n, out, peers: [{ host: "127.0.0.1", port: 1 }], pieceSize: 1000 }, /power of two/],
    ];
    for (const [options, message] of cases) {
      const error = await download(options).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(BttError);
      expect((error as BttError).message).to.match(message);
    }
    expect(existsSync(`${out}.part`)).to.equal(false);
  });

  it("fails clearly when the peer is unreachable", async () => {
    const error = await download({
      root: `0x${"00".repeat(31)}01`,
      size: 5000n,
      out: join(tmp.dir, "out"),
      peers: [{ host: "127.0.0.1", port: 1 }],
    }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(TransferError);
    expect((error as TransferError).message).to.match(/ECONNREFUSED/);
  });
});
