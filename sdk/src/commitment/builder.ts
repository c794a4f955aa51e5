import { bytesToHex, concatBytes } from "viem";

import { CommitmentError } from "./errors.ts";
import { SEGMENT_SIZE, assertSize, pieceLevel, treeDepth, zeroHash } from "./geometry.ts";
import { hashNode } from "./hasher.ts";
import { Scratch, subtreeRoot } from "./subtree.ts";
import type { Commitment } from "./types.ts";

/** Bytes hashed per chunk; chunks are aligned subtrees, so memory stays bounded for any size. */
const MIN_CHUNK_BYTES = 1 << 20;

export interface CommitmentBuilderOptions {
  /** Also record the root of every piece of this many bytes (a power of two >= 32). */
  readonly pieceSize?: number;
}

/** The result of a streaming build: the commitment and, if asked for, the piece roots. */
export interface BuildResult extends Commitment {
  /** Concatenated 32-byte roots of each piece, in order (only with `pieceSize`). */
  readonly pieceRoots?: Uint8Array;
}

/**
 * Streaming builder of a content commitment: feed bytes in any chunking with `update`, then
 * `digest`. Memory: one chunk (1 MiB or one piece, whichever is larger), one node per tree
 * level, and the piece roots if requested (32 bytes per piece).
 */
export class CommitmentBuilder {
  private readonly chunkBytes: number;
  private readonly chunkLevel: number;
  private readonly pieceLevel: number | undefined;
  private readonly chunk: Uint8Array;
  private filled = 0;
  private total = 0n;
  private chunks = 0;
  /** stack[i]: a pending left node at level chunkLevel + i (binary-counter merging). */
  private readonly stack: (Uint8Array | undefined)[] = [];
  private readonly pieceParts: Uint8Array[] = [];
  private readonly scratch = new Scratch();
  private done = false;

  constructor(options: CommitmentBuilderOptions = {}) {
    this.pieceLevel = options.pieceSize === undefined ? undefined : pieceLevel(options.pieceSize);
    this.chunkBytes = Math.max(MIN_CHUNK_BYTES, options.pieceSize ?? 0);
    this.chunkLevel = Math.log2(this.chunkBytes / SEGMENT_SIZE);
    this.chunk = new Uint8Array(this.chunkBytes);
  }

  /** Bytes consumed so far. */
  get size(): bigint {
    return this.total;
  }

  update(data: Uint8Array): this {
    if (this.done) throw new CommitmentError("CommitmentBuilder.update called after digest");
    if (!(data instanceof Uint8Array)) {
      throw new CommitmentError("CommitmentBuilder.update expects a Uint8Array", { details: { got: typeof data } });
    }
    let offset = 0;
    this.total += BigInt(data.length);
    while (offset < data.length) {
      if (this.filled === 0 && data.length - offset >= this.chunkBytes) {
        // Aligned full chunk: hash straight from the caller's buffer, no copy.
        this.pushChunk(data.subarray(offset, offset + this.chunkBytes));
        offset += this.chunkBytes;
        continue;
      }
      const take = Math.min(this.chunkBytes - this.filled, data.length - offset);
      this.chunk.set(data.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === this.chunkBytes) {
        this.pushChunk(this.chunk);
        this.filled = 0;
      }
    }
    return this;
  }

  digest(): BuildResult {
    if (this.done) throw new CommitmentError("CommitmentBuilder.digest called twice");
    this.done = true;
    const size = assertSize(this.total);
    const depth = treeDepth(size);
    let root: Uint8Array;
    if (this.chunks === 0) {
      // Everything fits in one chunk: the tree is that chunk's subtree at the tree's own depth.
      root = subtreeRoot(this.chunk.subarray(0, this.filled), depth, this.captureAt(depth), this.scratch);
    } else {
      if (this.filled > 0) this.pushChunk(this.chunk.subarray(0, this.filled));
      root = this.finish(depth);
    }
    const result: BuildResult = { root: bytesToHex(root), size };
    if (this.pieceLevel === undefined) return result;
    return { ...result, pieceRoots: concatBytes(this.pieceParts) };
  }

  private captureAt(depth: number): { level: number; sink: (nodes: Uint8Array) => void } | undefined {
    if (this.pieceLevel === undefined) return undefined;
    return { level: Math.min(this.pieceLevel, depth), sink: (nodes) => this.pieceParts.push(nodes.slice()) };
  }

  private pushChunk(bytes: Uint8Array): void {
    let node = subtreeRoot(bytes, this.chunkLevel, this.captureAt(this.chunkLevel), this.scratch);
    this.chunks++;
    let i = 0;
    for (;;) {
      const left = this.stack[i];
      if (left === undefined) break;
      node = hashNode(left, node);
      this.stack[i] = undefined;
      i++;
    }
    this.stack[i] = node;
  }

  /** Folds the pending nodes into the root, padding on the right with zero subtrees up to `depth`. */
  private finish(depth: number): Uint8Array {
    let carry: Uint8Array | undefined;
    for (let level = this.chunkLevel; level < depth; level++) {
      const left = this.stack[level - this.chunkLevel];
      if (left !== undefined) carry = hashNode(left, carry ?? zeroHash(level));
      else if (carry !== undefined) carry = hashNode(carry, zeroHash(level));
    }
    return carry ?? (this.stack[depth - this.chunkLevel] as Uint8Array);
  }
}
