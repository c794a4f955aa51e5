export type { Commitment, PieceProof, SegmentProof } from "./types.ts";
export { CommitmentError } from "./errors.ts";
export {
  MAX_DEPTH,
  SEGMENT_SIZE,
  leafCount,
  pieceGeometry,
  pieceLevel,
  pieceRange,
  treeDepth,
  zeroHash,
} from "./geometry.ts";
export type { PieceGeometry } from "./geometry.ts";
export { hashNode, hashPairs, hasherName } from "./hasher.ts";
export type { PairHasher } from "./hasher.ts";
export { CommitmentBuilder } from "./builder.ts";
export type { BuildResult, CommitmentBuilderOptions } from "./builder.ts";
export { commitBytes, commitFile, commitSource } from "./commit.ts";
export type { ByteSource, CommitOptions } from "./commit.ts";
export { ContentTree, DEFAULT_PIECE_SIZE } from "./tree.ts";
export { subtreeRoot } from "./subtree.ts";
export { pieceRootOf, verifyPiece, verifyPieceRoot, verifySegment } from "./verify.ts";
