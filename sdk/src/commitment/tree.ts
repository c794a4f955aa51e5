import { open } from "../utils/nodeBuiltins.ts";

import { bytesToHex, type Hex } from "viem";

import { CommitmentError } from "./errors.ts";
import { pieceGeometry, pieceRange, SEGMENT_SIZE, type PieceGeometry } from "./geometry.ts";
import { commitBytes, commitSource, type CommitOptions, type ByteSource } from "./commit.ts";
import { buildLayers } from "./subtree.ts";
import type { Commitment, PieceProof, SegmentProof } from "./types.ts";

/** Default piece size of the transfer protocol and of proofs: 256 KiB. */
export const DEFAULT_PIECE_SIZE = 1 << 18;

/**
 * A content tree kept at piece granularity: the commitment plus the root of every piece (32 bytes
 * per piece, 128 KiB for 1 GiB at 256 KiB pieces). Proves any piece from memory and any segment
 * given the bytes of its piece, so a host can answer challenges on a shard larger than memory.
 */
export class ContentTree {
  readonly commitment: Commitment;
  readonly geometry: PieceGeometry;
  private readonly roots: Uint8Array;
  private upper: Uint8Array[] | undefined;
  private readonly data: Uint8Array | undefined;

  /** Use `fromBytes`, `fromFile` or `fromStream`; `pieceRoots` are the concatenated piece roots. */
  constructor(commitment: Commitment, pieceSize: number, pieceRoots: Uint8Array, data?: Uint8Array) {
    this.geometry = pieceGeometry(commitment.size, pieceSize);
    if (pieceRoots.length !== this.geometry.count * 32) {
      throw new CommitmentError("Piece roots do not match the commitment's size and piece size", {
        details: { expected: this.geometry.count * 32, got: pieceRoots.length },
      });
    }
    this.commitment = commitment;
    this.roots = pieceRoots;
    this.data = data;
  }

  /** Builds the tree of bytes held in memory (kept, so segments can be proven without reading). */
  static fromBytes(data: Uint8Array, pieceSize: number = DEFAULT_PIECE_SIZE): ContentTree {
    const built = commitBytes(data, { pieceSize });
    return new ContentTree(built, pieceSize, built.pieceRoots as Uint8Array, data);
  }

  /** Builds the tree of a file or stream in bounded memory. */
  static async fromSource(
    source: ByteSource,
    pieceSize: number = DEFAULT_PIECE_SIZE,
    options: Omit<CommitOptions, "pieceSize"> = {},
  ): Promise<ContentTree> {
    const built = await commitSource(source, { ...options, pieceSize });
    return new ContentTree(built, pieceSize, built.pieceRoots as Uint8Array);
  }

  get pieceCount(): number {
    return this.geometry.count;
  }

  /** Root of piece `index`. */
  pieceRoot(index: number): Hex {
    pieceRange(this.geometry, index);
    return bytesToHex(this.roots.subarray(index * 32, index * 32 + 32));
  }

  /** All piece roots, concatenated (a copy). */
  pieceRoots(): Uint8Array {
    return this.roots.slice();
  }

  /** Proof of piece `index`: its siblings from the piece level up to the root. */
  provePiece(index: number): PieceProof {
    pieceRange(this.geometry, index);
    const layers = this.upperLayers();
    const proof: Hex[] = [];
    let i = index;
    for (let l = 0; l < layers.length - 1; l++) {
      const sibling = i ^ 1;
      proof.push(bytesToHex((layers[l] as Uint8Array).subarray(sibling * 32, sibling * 32 + 32)));
      i >>= 1;
    }
    return { index, pieceSize: this.geometry.pieceSize, proof };
  }

  /**
   * Proof of segment `index`. Needs the bytes of the piece holding it: pass them, or build the
   * tree with `fromBytes`, or use `proveSegmentFromFile`.
   */
  proveSegment(index: bigint | number, pieceData?: Uint8Array): SegmentProof {
    const segmentIndex = this.checkSegmentIndex(index);
    const perPiece = 2 ** this.geometry.level;
    const piece = Number(segmentIndex / BigInt(perPiece));
    const range = pieceRange(this.geometry, piece);
    const bytes = pieceData ?? this.data?.subarray(range.start, range.end);
    if (bytes === undefined) {
      throw new CommitmentError("proveSegment needs the bytes of the piece holding the segment", {
        details: { segment: segmentIndex, piece },
        hints: ["Pass the piece's bytes, or use proveSegmentFromFile(path, index)"],
      });
    }
    if (bytes.length !== range.end - range.start) {
      throw new CommitmentError("Piece data has the wrong length", {
        details: { piece, expected: range.end - range.start, got: bytes.length },
      });
    }
    const layers = buildLayers(bytes, this.geometry.level);
    const proof: Hex[] = [];
    let i = Number(segmentIndex) - piece * perPiece;
    for (let l = 0; l < this.geometry.level; l++) {
      const sibling = i ^ 1;
      proof.push(bytesToHex((layers[l] as Uint8Array).subarray(sibling * 32, sibling * 32 + 32)));
      i >>= 1;
    }
    const root = bytesToHex((layers[this.geometry.level] as Uint8Array).subarray(0, 32));
    if (root !== this.pieceRoot(piece)) {
      throw new CommitmentError("Piece data does not match this tree (wrong file or corrupted bytes)", {
        details: { piece },
      });
    }
    const offset = (Number(segmentIndex) - piece * perPiece) * 32;
    const segment = bytesToHex((layers[0] as Uint8Array).subarray(offset, offset + 32));
    return { index: segmentIndex, segment, proof: [...proof, ...this.provePiece(piece).proof] };
  }

  /** Proof of segment `index`, reading only its piece from the file the tree was built from. */
  async proveSegmentFromFile(path: string, index: bigint | number): Promise<SegmentProof> {
    const segmentIndex = this.checkSegmentIndex(index);
    const piece = Number(segmentIndex / BigInt(2 ** this.geometry.level));
    return this.proveSegment(segmentIndex, await this.readPiece(path, piece));
  }

  /** Reads piece `index` from a file holding the content. */
  async readPiece(path: string, index: number): Promise<Uint8Array> {
    const range = pieceRange(this.geometry, index);
    const handle = await open(path, "r");
    try {
      const buffer = new Uint8Array(range.end - range.start);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, range.start);
      if (bytesRead !== buffer.length) {
        throw new CommitmentError("File is shorter than the committed size", {
          details: { path, piece: index, expected: buffer.length, got: bytesRead },
        });
      }
      return buffer;
    } finally {
      await handle.close();
    }
  }

  private checkSegmentIndex(index: bigint | number): bigint {
    const value = typeof index === "number" && Number.isSafeInteger(index) ? BigInt(index) : index;
    const leaves = (this.commitment.size + BigInt(SEGMENT_SIZE) - 1n) / BigInt(SEGMENT_SIZE);
    if (typeof value !== "bigint" || value < 0n || value >= leaves) {
      throw new CommitmentError("Segment index out of range", {
        details: { index: String(index), segmentCount: leaves },
      });
    }
    return value;
  }

  /** Layers above the pieces, built once on first use. */
  private upperLayers(): Uint8Array[] {
    this.upper ??= buildLayers(this.roots, this.geometry.depth - this.geometry.level, this.geometry.level);
    return this.upper;
  }
}
