import { bytesToHex, hexToBytes, isHex, type Hex } from "viem";

import { CommitmentError } from "./errors.ts";
import { SEGMENT_SIZE, assertSize, leafCount, pieceGeometry, pieceRange, treeDepth } from "./geometry.ts";
import { hashNode } from "./hasher.ts";
import { subtreeRoot } from "./subtree.ts";
import type { Commitment, PieceProof, SegmentProof } from "./types.ts";

/**
 * Checks a segment proof against a commitment. Returns false when the hashes do not lead to
 * the root; throws `CommitmentError` when the proof is malformed (wrong length for the size,
 * index out of range, values that are not 32-byte hex).
 */
export function verifySegment(commitment: Commitment, proof: SegmentProof): boolean {
  const root = rootBytes(commitment);
  const depth = treeDepth(commitment.size);
  if (typeof proof.index !== "bigint" || proof.index < 0n || proof.index >= leafCount(commitment.size)) {
    throw new CommitmentError("Segment index out of range", {
      details: { index: String(proof.index), segmentCount: leafCount(commitment.size) },
    });
  }
  const segment = node(proof.segment, "segment");
  checkLength(proof.proof, depth, "segment");
  // The last segment is zero-padded past the content: a non-zero byte there means the content is
  // longer than `size` (a size one byte short would otherwise verify).
  const tail = Number(commitment.size % BigInt(SEGMENT_SIZE));
  if (proof.index === leafCount(commitment.size) - 1n && tail !== 0 && segment.subarray(tail).some((b) => b !== 0))
    return false;
  return walk(segment, proof.index, proof.proof) === bytesToHex(root);
}

/** Root of piece `index` of content of `size` bytes from the piece's bytes. */
export function pieceRootOf(size: bigint, pieceSize: number, index: number, pieceData: Uint8Array): Hex {
  const geometry = pieceGeometry(size, pieceSize);
  const range = pieceRange(geometry, index);
  if (!(pieceData instanceof Uint8Array) || pieceData.length !== range.end - range.start) {
    throw new CommitmentError("Piece data has the wrong length", {
      details: { piece: index, expected: range.end - range.start, got: pieceData?.length ?? "none" },
    });
  }
  return bytesToHex(subtreeRoot(pieceData, geometry.level));
}

/**
 * Checks a piece and its proof against a commitment. Returns false on a hash mismatch; throws
 * `CommitmentError` on a malformed proof or data of the wrong length for that piece.
 */
export function verifyPiece(commitment: Commitment, proof: PieceProof, pieceData: Uint8Array): boolean {
  const root = rootBytes(commitment);
  const geometry = pieceGeometry(commitment.size, proof.pieceSize);
  checkLength(proof.proof, geometry.depth - geometry.level, "piece");
  const pieceRoot = hexToBytes(pieceRootOf(commitment.size, proof.pieceSize, proof.index, pieceData));
  return walk(pieceRoot, BigInt(proof.index), proof.proof) === bytesToHex(root);
}

/** Checks a piece root (rather than its bytes) and its proof against a commitment. */
export function verifyPieceRoot(commitment: Commitment, proof: PieceProof, pieceRoot: Hex): boolean {
  const root = rootBytes(commitment);
  const geometry = pieceGeometry(commitment.size, proof.pieceSize);
  pieceRange(geometry, proof.index);
  checkLength(proof.proof, geometry.depth - geometry.level, "piece");
  return walk(node(pieceRoot, "piece root"), BigInt(proof.index), proof.proof) === bytesToHex(root);
}

function walk(start: Uint8Array, index: bigint, siblings: readonly Hex[]): Hex {
  let current = start;
  let i = index;
  for (const [level, sibling] of siblings.entries()) {
    const s = node(sibling, `proof[${level}]`);
    current = (i & 1n) === 0n ? hashNode(current, s) : hashNode(s, current);
    i >>= 1n;
  }
  return bytesToHex(current);
}

function rootBytes(commitment: Commitment): Uint8Array {
  if (typeof commitment !== "object" || commitment === null) {
    throw new CommitmentError("Commitment must be an object { root, size }");
  }
  assertSize(commitment.size);
  return node(commitment.root, "root");
}

function node(value: Hex, what: string): Uint8Array {
  if (typeof value !== "string" || !isHex(value, { strict: true }) || value.length !== 2 + 2 * SEGMENT_SIZE) {
    throw new CommitmentError(`The ${what} must be 32 bytes of hex`, { details: { value: String(value) } });
  }
  return hexToBytes(value);
}

function checkLength(proof: readonly Hex[], expected: number, kind: string): void {
  if (!Array.isArray(proof) || proof.length !== expected) {
    throw new CommitmentError(`Malformed ${kind} proof: wrong number of siblings for this content size`, {
      details: { expected, got: Array.isArray(proof) ? proof.length : "not an array" },
      hints: ["A proof has one sibling per tree level between the proven node and the root"],
    });
  }
}
