import { open, readdir, readFile, stat, type FileHandle } from "node:fs/promises";
import { join } from "node:path";

import type { Hex } from "viem";

import {
  ContentTree,
  DEFAULT_PIECE_SIZE,
  pieceRange,
  verifyPieceRoot,
  type Commitment,
  type PieceGeometry,
} from "../commitment/index.ts";
import { writeFileAtomic } from "../utils/writeFileAtomic.ts";
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
  /** Holds the memory behind `data` (a piece or a view of one) until the returned release is called. */
  pin?(data: Uint8Array): () => void;
  close(): Promise<void>;
}

/** `root:size`, the key of content in a store and in a hello. */
export function contentKey(root: string, size: bigint): string {
  return `${root.toLowerCase()}:${size}`;
}

interface CacheEntry {
  readonly index: number;
  /** A whole-piece buffer owning its ArrayBuffer (recycled once evicted and no longer pinned). */
  readonly buffer: Buffer;
  readonly data: Uint8Array;
  read: Promise<Uint8Array>;
  ready: boolean;
  refs: number;
  pinned: boolean;
  evicted: boolean;
}

/**
 * A file served piece by piece, with a small LRU cache of pieces. Piece buffers are recycled
 * (allocation of a fresh 256 KiB buffer per piece made the seeder spend a third of its time in
 * GC): a buffer is reused only after it left the cache and every `pin` on it was released, and
 * only if someone pinned it (so a caller of `readPiece` that does not pin keeps valid bytes).
 */
export class FileSource implements ContentSource {
  readonly path: string;
  readonly commitment: Commitment;
  readonly geometry: PieceGeometry;
  readonly pieceRoots: Uint8Array;
  private readonly handle: FileHandle;
  private readonly cache = new Map<number, CacheEntry>();
  private readonly byBuffer = new Map<ArrayBufferLike, CacheEntry>();
  private readonly free: Buffer[] = [];
  private readonly cacheSize: number;

  private constructor(path: string, tree: ContentTree, handle: FileHandle, cacheSize: number) {
    this.path = path;
    this.commitment = tree.commitment;
    this.geometry = tree.geometry;
    this.pieceRoots = tree.pieceRoots();
    this.handle = handle;
    this.cacheSize = cacheSize;
  }

  /**
   * Hashes the file (bounded memory) and opens it for serving. With `layerCache`, the piece layer
   * is kept in that file (with the file's size and modification time) and reused on the next open
   * while the file is unchanged, so that a restarted seeder does not hash the whole file again.
   */
  static async open(
    path: string,
    options: { pieceSize?: number; cachePieces?: number; layerCache?: string } = {},
  ): Promise<FileSource> {
    const pieceSize = options.pieceSize ?? DEFAULT_PIECE_SIZE;
    const handle = await open(path, "r");
    try {
      const info = await handle.stat();
      const stamp = { size: String(info.size), mtimeMs: info.mtimeMs, pieceSize };
      let tree = options.layerCache === undefined ? undefined : await readLayerCache(options.layerCache, stamp);
      if (tree === undefined) {
        tree = await ContentTree.fromSource(path, pieceSize);
        if (options.layerCache !== undefined) {
          const cache = {
            ...stamp,
            root: tree.commitment.root,
            layer: Buffer.from(tree.pieceRoots()).toString("base64"),
          };
          await writeFileAtomic(options.layerCache, JSON.stringify(cache));
        }
      }
      return new FileSource(path, tree, handle, Math.max(1, options.cachePieces ?? 64));
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  readPiece(index: number): Promise<Uint8Array> {
    const hit = this.cache.get(index);
    if (hit !== undefined) {
      this.cache.delete(index);
      this.cache.set(index, hit);
      return hit.read;
    }
    const range = pieceRange(this.geometry, index);
    const buffer = this.free.pop() ?? Buffer.allocUnsafeSlow(this.geometry.pieceSize);
    const data = buffer.subarray(0, range.end - range.start);
    const entry: CacheEntry = {
      index,
      buffer,
      data,
      read: Promise.resolve(data),
      ready: false,
      refs: 0,
      pinned: false,
      evicted: false,
    };
    entry.read = (async () => {
      const { bytesRead } = await this.handle.read(data, 0, data.length, range.start);
      if (bytesRead !== data.length) {
        throw new TransferError("Served file is shorter than its commitment (changed on disk?)", {
          details: { path: this.path, piece: index },
        });
      }
      entry.ready = true;
      return data;
    })();
    entry.read.catch(() => {
      if (this.cache.get(index) === entry) this.cache.delete(index);
      this.byBuffer.delete(buffer.buffer);
    });
    this.cache.set(index, entry);
    this.byBuffer.set(buffer.buffer, entry);
    if (this.cache.size > this.cacheSize) this.evict(this.cache.values().next().value as CacheEntry);
    return entry.read;
  }

  cachedPiece(index: number): Uint8Array | undefined {
    const entry = this.cache.get(index);
    return entry?.ready === true ? entry.data : undefined;
  }

  /** Keeps the buffer behind `data` (from `readPiece`) from being reused until the returned function is called. */
  pin(data: Uint8Array): () => void {
    const entry = this.byBuffer.get(data.buffer);
    if (entry === undefined) return () => undefined;
    entry.refs++;
    entry.pinned = true;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--entry.refs === 0 && entry.evicted) this.recycle(entry);
    };
  }

  private evict(entry: CacheEntry): void {
    this.cache.delete(entry.index);
    entry.evicted = true;
    if (entry.refs === 0) this.recycle(entry);
  }

  private recycle(entry: CacheEntry): void {
    this.byBuffer.delete(entry.buffer.buffer);
    // Never reuse a buffer a read may still fill, or one handed out without a pin.
    if (entry.ready && entry.pinned && this.free.length < this.cacheSize) this.free.push(entry.buffer);
  }

  async close(): Promise<void> {
    this.cache.clear();
    this.byBuffer.clear();
    this.free.length = 0;
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

/** The tree of a layer cache written for a file of this size, modification time and piece size, if any. */
async function readLayerCache(
  path: string,
  stamp: { size: string; mtimeMs: number; pieceSize: number },
): Promise<ContentTree | undefined> {
  try {
    const cache = JSON.parse(await readFile(path, "utf8")) as {
      size: string;
      mtimeMs: number;
      pieceSize: number;
      root: Hex;
      layer: string;
    };
    if (cache.size !== stamp.size || cache.mtimeMs !== stamp.mtimeMs || cache.pieceSize !== stamp.pieceSize)
      return undefined;
    const tree = new ContentTree(
      { root: cache.root, size: BigInt(cache.size) },
      cache.pieceSize,
      Buffer.from(cache.layer, "base64"),
    );
    // The layer must lead to the root it was stored with (a damaged cache is rebuilt).
    return verifyPieceRoot(tree.commitment, tree.provePiece(0), tree.pieceRoot(0)) ? tree : undefined;
  } catch {
    return undefined;
  }
}
