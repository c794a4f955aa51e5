import type { Hex } from "viem";

/**
 * A content commitment: the SHA-256 binary Merkle root over 32-byte segments, zero-padded to a
 * power of two, together with the byte size. The root alone does not fix the size.
 */
export interface Commitment {
  readonly root: Hex;
  readonly size: bigint;
}

/** Proof that `segment` is segment `index` of the committed content. Siblings bottom-up. */
export interface SegmentProof {
  readonly index: bigint;
  readonly segment: Hex;
  readonly proof: readonly Hex[];
}

/** Proof that a piece (aligned subtree of `pieceSize` bytes) belongs to the content. Siblings bottom-up. */
export interface PieceProof {
  readonly index: number;
  readonly pieceSize: number;
  readonly proof: readonly Hex[];
}
