import { expect } from "chai";

import { DEFAULT_PIECE_SIZE } from "../../../sdk/src/commitment/index.ts";
import {
  BLOCK_SIZE,
  FileSource,
  MSG,
  REJECT,
  TokenBucket,
  encodeEmpty,
  encodeRequest,
} from "../../../sdk/src/p2p/index.ts";
import { rawClient, seed, tempDir, writeRandomFile, type RawClient } from "./support/helpers.ts";

describe("p2p seeder", function () {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it("unchokes its upload slots plus one optimistic slot, rejects requests from choked peers, rotates on re-rank", async () => {
    const size = 4 * DEFAULT_PIECE_SIZE;
    const { path } = writeRandomFile(tmp.dir, "src", size);
    const s = await seed(path, { uploadSlots: 1, rerankMs: 3_600_000 }); // re-ranks forced below
    try {
      const content = {
        root: s.source.commitment.root,
        size: BigInt(size),
        pieceSize: DEFAULT_PIECE_SIZE,
        features: 0,
      };
      const clients = await Promise.all([0, 1, 2, 3].map(() => rawClient(s.seeder.port, content)));
      const answers = (c: RawClient) => c.messages.filter((x) => x.type === "piece" || x.type === "reject").length;
      const pieces = (c: RawClient) => c.messages.filter((x) => x.type === "piece").length;
      const unchoked = () =>
        clients.filter(
          (c) =>
            c.messages.filter((m) => m.type === "unchoke").length > c.messages.filter((m) => m.type === "choke").length,
        );
      /** Request one block and wait for its answer: everything the seeder sent before it has arrived. */
      const sync = async (c: RawClient, piece = 0) => {
        const before = answers(c);
        c.conn.send(encodeRequest(MSG.request, { piece, offset: 0, length: BLOCK_SIZE }));
        await c.until(() => answers(c) > before);
        return c.messages.filter((x) => x.type === "piece" || x.type === "reject").at(-1)!;
      };
      for (const c of clients) c.conn.send(encodeEmpty(MSG.interested));
      for (const c of clients) await sync(c);
      expect(unchoked().length).to.equal(2); // 1 regular + 1 optimistic
      const choked = clients.find((c) => !unchoked().includes(c))!;
      expect(await sync(choked)).to.deep.include({ type: "reject", reason: REJECT.choked });

      // The peer served the most keeps its regular slot; the others share the optimistic one.
      const leader = unchoked()[0]!;
      const everOptimistic = new Set<number>();
      for (let round = 0; round < 30; round++) {
        for (let b = 0; b < 2; b++) expect(await sync(leader, 1)).to.deep.include({ type: "piece" });
        s.seeder.rerank();
        for (const c of clients) await sync(c);
        expect(unchoked().length).to.equal(2);
        expect(unchoked()).to.include(leader);
        unchoked()
          .filter((c) => c !== leader)
          .forEach((c) => everOptimistic.add(clients.indexOf(c)));
      }
      expect(pieces(leader)).to.be.at.least(60);
      expect(everOptimistic.size).to.be.at.least(2);
      for (const c of clients) c.conn.close();
    } finally {
      await s.close();
    }
  });

  it("piece cache: never reuses a buffer that is pinned, or that was handed out without a pin", async () => {
    const { path, data } = writeRandomFile(tmp.dir, "src", 8 * DEFAULT_PIECE_SIZE);
    const source = await FileSource.open(path, { cachePieces: 2 });
    try {
      const piece = (i: number) => data.subarray(i * DEFAULT_PIECE_SIZE, (i + 1) * DEFAULT_PIECE_SIZE);
      const pinned = await source.readPiece(0);
      const release = source.pin(pinned);
      const unpinned = await source.readPiece(1);
      for (let i = 2; i < 8; i++) expect(Buffer.from(await source.readPiece(i)).equals(piece(i))).to.equal(true);
      expect(Buffer.from(pinned).equals(piece(0))).to.equal(true);
      release();
      // Evicted and released: its buffer may now serve other pieces, and every read is still right.
      for (let i = 0; i < 8; i++) {
        const got = await source.readPiece(i);
        const unpin = source.pin(got);
        expect(Buffer.from(got).equals(piece(i))).to.equal(true);
        unpin();
      }
      expect(Buffer.from(unpinned).equals(piece(1))).to.equal(true);
    } finally {
      await source.close();
    }
  });

  it("token bucket: grants a burst, then makes the caller wait in proportion to the rate", () => {
    const bucket = new TokenBucket(1000, 1000);
    expect(bucket.take(600)).to.equal(0);
    expect(bucket.take(400)).to.equal(0);
    const wait = bucket.take(500);
    expect(wait).to.be.within(400, 500);
    expect(new TokenBucket(Number.POSITIVE_INFINITY).take(1 << 30)).to.equal(0);
  });
});
