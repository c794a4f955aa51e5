import { open, readdir, stat, type FileHandle } from "node:fs/promises";
import { join } from "node:path";

import { ContentTree, DEFAULT_PIECE_SIZE, pieceRange, type Commitment, type PieceGeometry } from "../commitment/index.ts";
import { TransferError } from "./errors.ts";

/** Content a seeder serves: its commitment, piece layer and pieces. */
export interface ContentSource {
  readonly commitment: Commitment;
  readonly geometry: PieceGeometry;
  /** The concatenated 32-byte piece roots (the piece layer). */
  readonly pieceRoots: Uint8Array;
  /** The bytes of piece `index` (the returned array must not be modified). */
  readPiece(index: number): Promise<Uint8Array>;
  /** Piece `index` if it is in memory right now (lets a seeder serve without awaiting). */
  cachedPiece?(index: number): Uint8Array | undefined;
  close(): Promise<void>;
}

/** `root:size`, the key of content in a store and in a hello. */
export function contentKey(root: string, size: bigint): string {
  return `${root.toLowerCase()}:${size}`;
}

/** A file served piece by piece, with a small cache of recently read pieces. */
export class FileSource implements ContentSource {
  readonly path: string;
  readonly commitment: Commitment;
  readonly geometry: PieceGeometry;
  readonly pieceRoots: Uint8Array;
  private readonly handle: FileHandle;
  private readonly cache = new Map<number, Promise<Uint8Array>>();
  private readonly ready = new Map<number, Uint8Array>();
  private readonly cacheSize: number;

  private constructor(path: string, tree: ContentTree, handle: FileHandle, cacheSize: number) {
    this.path = path;
    this.commitment = tree.commitment;
    this.geometry = tree.geometry;
    this.pieceRoots = tree.pieceRoots();
    this.handle = handle;
    this.cacheSize = cacheSize;
  }

  /** Hashes the file (bounded memory) and opens it for serving. */
  static async open(path: string, options: { pieceSize?: number; cachePieces?: number } = {}): Promise<FileSource> {
    const tree = await ContentTree.fromSource(path, options.pieceSize ?? DEFAULT_PIECE_SIZE);
    const handle = await open(path, "r");
    return new FileSource(path, tree, handle, options.cachePieces ?? 64);
  }

  readPiece(index: number): Promise<Uint8Array> {
    const hit = this.cache.get(index);
    if (hit !== undefined) {
      this.cache.delete(index);
      this.cache.set(index, hit);
      return hit;
    }
    const range = pieceRange(this.geometry, index);
    const read: Promise<Uint8Array> = (async () => {
      const buffer = Buffer.allocUnsafeSlow(range.end - range.start);
      const { bytesRead } = await this.handle.read(buffer, 0, buffer.length, range.start);
      if (bytesRead !== buffer.length) {
        throw new TransferError("Served file is shorter than its commitment (changed on disk?)", {
          details: { path: this.path, piece: index },
        });
      }
      if (this.cache.has(index)) this.ready.set(index, buffer);
      return buffer;
    })();
    read.catch(() => this.cache.delete(index));
    this.cache.set(index, read);
    if (this.cache.size > this.cacheSize) {
      const oldest = this.cache.keys().next().value as number;
      this.cache.delete(oldest);
      this.ready.delete(oldest);
    }
    return read;
  }

  cachedPiece(index: number): Uint8Array | undefined {
    return this.ready.get(index);
  }

  async close(): Promise<void> {
    this.cache.clear();
    this.ready.clear();
    await this.handle.close();
  }
}

/** A directory of files (shards) served by `(root, size)`; every regular file in it is hashed at open. */
export class DirectoryStore {
  private readonly sources = new Map<string, ContentSource>();

  add(source: ContentSource): void {
    this.sources.set(contentKey(source.commitment.root, source.commitment.size), source);
  }

  get(root: string, size: bigint): ContentSource | undefined {
    return this.sources.get(contentKey(root, size));
  }

  list(): ContentSource[] {
    return [...this.sources.values()];
  }

  static async open(dir: string, options: { pieceSize?: number } = {}): Promise<DirectoryStore> {
    const store = new DirectoryStore();
    for (const name of (await readdir(dir)).sort()) {
      const path = join(dir, name);
      const info = await stat(path);
      if (!info.isFile() || info.size === 0 || name.endsWith(".part") || name.endsWith(".json")) continue;
      store.add(await FileSource.open(path, options));
    }
    return store;
  }

  async close(): Promise<void> {
    await Promise.all(this.list().map((s) => s.close()));
  }
}
