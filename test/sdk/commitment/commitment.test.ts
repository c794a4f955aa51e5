import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import {
  CommitmentError,
  ContentTree,
  commitBytes,
  commitFile,
  commitSource,
  hasherName,
  pieceGeometry,
  treeDepth,
  verifyPiece,
  verifySegment,
  type SegmentProof,
} from "../../../sdk/src/commitment/index.ts";
import { naiveRoot } from "./support/reference.ts";

const MiB = 1 << 20;

async function* chunked(data: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let offset = 0; offset < data.length; offset += size) yield data.subarray(offset, offset + size);
}

describe("commitment: (root, size) of content", () => {
  it("uses the native hashtree hasher on this platform", () => {
    expect(hasherName).to.equal("hashtree");
  });

  const sizes = [1, 31, 32, 33, 63, 64, 65, 96, 1000, 4096, 5000, 70_000, MiB - 5, MiB, MiB + 1, 3 * MiB + 77];
  for (const size of sizes) {
    it(`matches the naive reference for ${size} bytes, in memory and streamed in odd chunks`, async () => {
      const data = randomBytes(size);
      const expected = naiveRoot(data);
      const inMemory = commitBytes(data);
      expect(inMemory).to.deep.equal({ root: expected, size: BigInt(size) });
      const streamed = await commitSource(chunked(data, 12_345), { pieceSize: 1024 });
      expect(streamed.root).to.equal(expected);
      // Piece roots from the stream equal those of the in-memory tree.
      expect(Buffer.from(streamed.pieceRoots as Uint8Array)).to.deep.equal(
        Buffer.from(ContentTree.fromBytes(data, 1024).pieceRoots()),
      );
    });
  }

  it("depth follows from the size", () => {
    expect([1, 32, 33, 64, 65, 1 << 30].map((s) => treeDepth(s))).to.deep.equal([0, 0, 1, 1, 2, 25]);
  });

  it("a commitment binds the size: zero-padding bytes change the size, not the root", () => {
    const data = randomBytes(40);
    const padded = new Uint8Array(64);
    padded.set(data);
    expect(commitBytes(data).root).to.equal(commitBytes(padded).root);
    expect(commitBytes(data).size).to.not.equal(commitBytes(padded).size);
  });

  it("commits a file in bounded memory with progress, equal to the in-memory result", async () => {
    const dir = await mkdtemp(join(tmpdir(), "btt-commit-"));
    try {
      const data = randomBytes(24 * MiB + 3);
      const path = join(dir, "content.bin");
      await writeFile(path, data);
      const progress: bigint[] = [];
      const fromFile = await commitFile(path, { onProgress: (done) => progress.push(done) });
      expect(fromFile.root).to.equal(commitBytes(data).root);
      expect(progress.at(-1)).to.equal(BigInt(data.length));
      expect(progress.length).to.be.greaterThan(5);
      // A tree built from the file proves segments by reading only their piece.
      const tree = await ContentTree.fromSource(path);
      const proof = await tree.proveSegmentFromFile(path, 400_000n);
      expect(verifySegment(tree.commitment, proof)).to.equal(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("proves and verifies every segment and piece of a small tree; tampering fails", () => {
    const data = randomBytes(5000);
    const tree = ContentTree.fromBytes(data, 256);
    const { commitment } = tree;
    for (let i = 0; i < Math.ceil(5000 / 32); i++) {
      const proof = tree.proveSegment(i);
      expect(verifySegment(commitment, proof), `segment ${i}`).to.equal(true);
      const flipped = `0x${(BigInt(proof.segment) ^ 1n).toString(16).padStart(64, "0")}` as const;
      expect(verifySegment(commitment, { ...proof, segment: flipped })).to.equal(false);
    }
    const geometry = pieceGeometry(5000n, 256);
    for (let p = 0; p < geometry.count; p++) {
      const proof = tree.provePiece(p);
      const piece = data.subarray(p * 256, Math.min(5000, (p + 1) * 256));
      expect(verifyPiece(commitment, proof, piece), `piece ${p}`).to.equal(true);
      const bad = Uint8Array.from(piece);
      bad[0] = (bad[0] as number) ^ 0xff;
      expect(verifyPiece(commitment, proof, bad)).to.equal(false);
    }
  });

  it("a piece larger than the whole content is the whole content", () => {
    const data = randomBytes(100);
    const tree = ContentTree.fromBytes(data);
    expect(tree.pieceCount).to.equal(1);
    expect(tree.pieceRoot(0)).to.equal(tree.commitment.root);
    expect(verifyPiece(tree.commitment, tree.provePiece(0), data)).to.equal(true);
  });

  describe("bad input gets a typed error", () => {
    const data = randomBytes(1000);
    const tree = ContentTree.fromBytes(data, 256);
    const good: SegmentProof = tree.proveSegment(3);

    const cases: [string, () => unknown, RegExp][] = [
      ["empty data", () => commitBytes(new Uint8Array(0)), /positive whole number of bytes/],
      ["not bytes", () => commitBytes("abc" as unknown as Uint8Array), /expects a Uint8Array/],
      ["size zero", () => verifySegment({ root: tree.commitment.root, size: 0n }, good), /positive/],
      ["segment index out of range", () => tree.proveSegment(32), /Segment index out of range/],
      ["negative index", () => tree.proveSegment(-1), /Segment index out of range/],
      ["piece index out of range", () => tree.provePiece(4), /Piece index out of range/],
      ["piece size not a power of two", () => ContentTree.fromBytes(data, 1000), /power of two/],
      ["piece size below a segment", () => ContentTree.fromBytes(data, 16), /power of two/],
      [
        "proof too short",
        () => verifySegment(tree.commitment, { ...good, proof: good.proof.slice(1) }),
        /wrong number of siblings/,
      ],
      [
        "proof too long",
        () => verifySegment(tree.commitment, { ...good, proof: [...good.proof, good.segment] }),
        /wrong number/,
      ],
      [
        "sibling not 32 bytes",
        () => verifySegment(tree.commitment, { ...good, proof: ["0x1234", ...good.proof.slice(1)] }),
        /32 bytes of hex/,
      ],
      [
        "segment not hex",
        () => verifySegment(tree.commitment, { ...good, segment: "0xzz" as `0x${string}` }),
        /32 bytes of hex/,
      ],
      ["verify index out of range", () => verifySegment(tree.commitment, { ...good, index: 32n }), /out of range/],
      [
        "piece of wrong length",
        () => verifyPiece(tree.commitment, tree.provePiece(3), data.subarray(0, 256)),
        /wrong length/,
      ],
      ["proveSegment with wrong piece bytes", () => tree.proveSegment(3, randomBytes(256)), /does not match/],
    ];
    for (const [name, run, message] of cases) {
      it(name, () => {
        expect(run).to.throw(CommitmentError, message);
      });
    }

    it("a tree built from a stream asks for piece bytes to prove a segment", async () => {
      const streamed = await ContentTree.fromSource(chunked(data, 100), 256);
      expect(() => streamed.proveSegment(3)).to.throw(CommitmentError, /needs the bytes of the piece/);
      expect(verifySegment(streamed.commitment, streamed.proveSegment(3, data.subarray(0, 256)))).to.equal(true);
    });

    it("a file shorter than the commitment is reported", async () => {
      const dir = await mkdtemp(join(tmpdir(), "btt-short-"));
      try {
        const path = join(dir, "short.bin");
        await writeFile(path, data.subarray(0, 700));
        let caught: unknown;
        await tree.proveSegmentFromFile(path, 30n).catch((e: unknown) => (caught = e));
        expect(caught).to.be.instanceOf(CommitmentError);
        expect(String(caught)).to.match(/shorter than the committed size/);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
});
