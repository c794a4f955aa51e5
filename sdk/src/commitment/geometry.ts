import { CommitmentError } from "./errors.ts";
import { hashNode } from "./hasher.ts";

/** Bytes per leaf of the content tree (DESIGN section 7). */
export const SEGMENT_SIZE = 32;

/** Deepest tree supported: 2^48 segments (8 PiB), far beyond any shard. */
export const MAX_DEPTH = 48;

const zeroHashes: Uint8Array[] = [new Uint8Array(32)];

/** Root of an all-zero subtree of `level` levels (level 0: a zero segment). */
export function zeroHash(level: number): Uint8Array {
  for (let l = zeroHashes.length; l <= level; l++) {
    const below = zeroHashes[l - 1] as Uint8Array;
    zeroHashes.push(hashNode(below, below));
  }
  return zeroHashes[level] as Uint8Array;
}

/** Throws unless `size` is a positive safe byte count. */
export function assertSize(size: bigint | number): bigint {
  const value = typeof size === "number" ? (Number.isSafeInteger(size) ? BigInt(size) : -1n) : size;
  if (typeof value !== "bigint" || value <= 0n) {
    throw new CommitmentError("Content size must be a positive whole number of bytes", {
      details: { size: String(size) },
      hints: ["Empty content has no commitment: store or send at least one byte"],
    });
  }
  if (value > BigInt(SEGMENT_SIZE) << BigInt(MAX_DEPTH)) {
    throw new CommitmentError("Content size exceeds the largest supported tree (2^48 segments)", {
      details: { size: value },
    });
  }
  return value;
}

/** Number of 32-byte segments (leaves before padding) of content of `size` bytes. */
export function leafCount(size: bigint | number): bigint {
  const s = assertSize(size);
  return (s + BigInt(SEGMENT_SIZE) - 1n) / BigInt(SEGMENT_SIZE);
}

/** Levels above the leaves: ceil(log2(leafCount)); 0 for a single segment. */
export function treeDepth(size: bigint | number): number {
  const leaves = leafCount(size);
  let depth = 0;
  while (1n << BigInt(depth) < leaves) depth++;
  return depth;
}

/** The level of a piece of `pieceSize` bytes: log2(pieceSize / 32). Throws unless a power of two >= 32. */
export function pieceLevel(pieceSize: number): number {
  if (!Number.isSafeInteger(pieceSize) || pieceSize < SEGMENT_SIZE || (pieceSize & (pieceSize - 1)) !== 0) {
    throw new CommitmentError("Piece size must be a power of two of at least 32 bytes", {
      details: { pieceSize },
      hints: ["Use e.g. 262144 (256 KiB), the default piece size"],
    });
  }
  return Math.log2(pieceSize / SEGMENT_SIZE);
}

/** Geometry of the pieces of content of `size` bytes cut into pieces of `pieceSize` bytes. */
export interface PieceGeometry {
  /** Level of a piece's subtree in this tree: min(pieceLevel, depth). */
  readonly level: number;
  readonly depth: number;
  readonly count: number;
  readonly pieceSize: number;
  readonly size: bigint;
}

export function pieceGeometry(size: bigint | number, pieceSize: number): PieceGeometry {
  const s = assertSize(size);
  const depth = treeDepth(s);
  const level = Math.min(pieceLevel(pieceSize), depth);
  const count = Number((s + BigInt(pieceSize) - 1n) / BigInt(pieceSize));
  return { level, depth, count, pieceSize, size: s };
}

/** Byte range [start, end) of piece `index`. */
export function pieceRange(geometry: PieceGeometry, index: number): { start: number; end: number } {
  if (!Number.isSafeInteger(index) || index < 0 || index >= geometry.count) {
    throw new CommitmentError("Piece index out of range", {
      details: { index, pieceCount: geometry.count },
    });
  }
  const start = index * geometry.pieceSize;
  const end = Math.min(Number(geometry.size), start + geometry.pieceSize);
  return { start, end };
}
