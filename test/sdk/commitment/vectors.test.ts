import { readFileSync } from "node:fs";

import { expect } from "chai";
import { network } from "hardhat";
import type { Hex } from "viem";

import { commitBytes, hexToBytesSafe, ContentTree, verifyPiece, verifySegment } from "./support/vectorsSupport.ts";
import {
  deterministicBytes,
  generateVectors,
  serialise,
  sparseTree,
  vectorsPath,
  type CommitmentVector,
} from "../../../tools/generate-vectors.ts";

function flipBit(hex: Hex): Hex {
  return `0x${(BigInt(hex) ^ 1n).toString(16).padStart(64, "0")}`;
}

describe("commitment test vectors (test/vectors/commitment.json)", () => {
  const file = readFileSync(vectorsPath, "utf8");
  const { vectors } = JSON.parse(file) as { vectors: CommitmentVector[] };

  it("the committed file equals what the generator produces (run `npm run vectors` after a change)", () => {
    expect(file).to.equal(serialise(generateVectors()));
  });

  it("covers the sizes the specification asks for", () => {
    const sizes = vectors.map((v) => BigInt(v.size));
    for (const size of [1n, 31n, 32n, 33n, 64n, 1000n, 4096n, 5000n, 1n << 30n]) expect(sizes).to.include(size);
    expect(vectors.find((v) => v.depth === 25)).to.not.equal(undefined);
  });

  for (const vector of vectors) {
    it(`verifies in TypeScript, and tampering fails: ${vector.name}`, () => {
      const commitment = { root: vector.root, size: BigInt(vector.size) };
      if (vector.data !== undefined) expect(commitBytes(hexToBytesSafe(vector.data)).root).to.equal(vector.root);
      for (const s of vector.segments) {
        const proof = { index: BigInt(s.index), segment: s.segment, proof: s.proof };
        expect(verifySegment(commitment, proof)).to.equal(true);
        if (s.proof.length > 0) {
          const tampered = [flipBit(s.proof[0] as Hex), ...s.proof.slice(1)];
          expect(verifySegment(commitment, { ...proof, proof: tampered })).to.equal(false);
        }
        expect(verifySegment({ ...commitment, root: flipBit(vector.root) }, proof)).to.equal(false);
        expect(verifySegment(commitment, { ...proof, segment: flipBit(s.segment) })).to.equal(false);
      }
      for (const p of vector.pieces ?? []) {
        const proof = { index: p.index, pieceSize: vector.pieceSize as number, proof: p.proof };
        const data = hexToBytesSafe(p.data);
        expect(verifyPiece(commitment, proof, data)).to.equal(true);
        data[data.length - 1] = (data[data.length - 1] as number) ^ 1;
        expect(verifyPiece(commitment, proof, data)).to.equal(false);
      }
    });
  }

  it("the sparse-tree generator agrees with the streaming builder on materialised data", () => {
    const depth = 17; // 4 MiB
    const marked = [0n, 777n, (1n << 17n) - 1n];
    const segments = new Map(marked.map((i) => [i, deterministicBytes(`s:${i}`, 32)] as const));
    const data = new Uint8Array(32 << depth);
    for (const [i, bytes] of segments) data.set(bytes, Number(i) * 32);
    const sparse = sparseTree(depth, segments);
    const tree = ContentTree.fromBytes(data);
    expect(sparse.root).to.equal(tree.commitment.root);
    expect(sparse.prove(777n)).to.deep.equal([...tree.proveSegment(777n).proof]);
  });

  it("a proof the SDK builds for a fresh random file verifies on chain, and a tampered one does not", async () => {
    const { ethers } = await network.create();
    const harness = await ethers.deployContract("ContentProofHarness");
    const data = deterministicBytes("onchain", 300_001);
    const tree = ContentTree.fromBytes(data, 1024);
    const size = tree.commitment.size;
    for (const index of [0n, 4567n, 9375n]) {
      const p = tree.proveSegment(index);
      expect(await harness.verifySegment(tree.commitment.root, size, p.index, p.segment, [...p.proof])).to.equal(true);
      const bad = [...p.proof];
      bad[3] = `0x${"ab".repeat(32)}`;
      expect(await harness.verifySegment(tree.commitment.root, size, p.index, p.segment, bad)).to.equal(false);
    }
    const last = tree.pieceCount - 1;
    const piece = data.subarray(last * 1024);
    const proof = tree.provePiece(last);
    expect(await harness.verifyPiece(tree.commitment.root, size, 5, last, piece, [...proof.proof])).to.equal(true);
  });
});
