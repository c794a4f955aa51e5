import type { FileHandle } from "node:fs/promises";
import { dirname, isAbsolute, join, open, rename, rm, stat } from "../../utils/nodeBuiltins.ts";

import { commitFile } from "../../commitment/commit.ts";
import { ReedSolomon } from "../erasure/reedSolomon.ts";
import { DecryptionError, NotEnoughShardsError, ShardCorruptedError, StorageDealError } from "../errors.ts";
import { CHUNK_OVERHEAD, chunkCount, KEY_BYTES, openChunk } from "./aead.ts";
import { stripeLayout, stripeUnits } from "./layout.ts";
import { readStorageManifest, type StorageManifest } from "./manifest.ts";
import { toFileAccessError } from "../../errors.ts";

export interface RestoreParameters {
  /** The manifest, or the path of `manifest.json` (shard files are then found next to it by default). */
  readonly manifest: StorageManifest | string;
  /** The key `prepare` returned. */
  readonly key: Uint8Array;
  /**
   * Shard files by shard index. Default (with a manifest path): every shard file listed in the
   * manifest that exists next to it.
   */
  readonly shards?: Readonly<Record<number, string>>;
  /** Where to write the restored file (written to `<output>.partial`, then renamed). */
  readonly output: string;
}

export interface RestoreReturnType {
  readonly output: string;
  readonly plainSize: bigint;
  /** The k shards the file was decoded from. */
  readonly usedShards: readonly number[];
  /** Shards given but failing verification against their root (skipped). */
  readonly corruptedShards: readonly number[];
}

/**
 * Restores a prepared file from any k of its shards. Every shard given is first checked against
 * its (root, size) from the manifest; corrupted shards are skipped, and if fewer than k good ones
 * remain a `ShardCorruptedError` names the bad ones. Then the stripes are decoded and every chunk
 * is authenticated and decrypted. Streams in bounded memory.
 */
export async function restore(parameters: RestoreParameters): Promise<RestoreReturnType> {
  try {
    return await restoreFile(parameters);
  } catch (error) {
    throw toFileAccessError(error);
  }
}

async function restoreFile(parameters: RestoreParameters): Promise<RestoreReturnType> {
  const manifest =
    typeof parameters.manifest === "string" ? await readStorageManifest(parameters.manifest) : parameters.manifest;
  if (!(parameters.key instanceof Uint8Array) || parameters.key.length !== KEY_BYTES) {
    throw new DecryptionError("Key must be 32 bytes (the key prepare returned)", {
      details: { length: parameters.key instanceof Uint8Array ? parameters.key.length : typeof parameters.key },
    });
  }
  const shards = parameters.shards ?? (await defaultShards(manifest, parameters.manifest));
  const { dataShards: k, parityShards: m, stripeUnit } = manifest.erasure;
  const good: number[] = [];
  const corrupted: number[] = [];
  for (const [key, path] of Object.entries(shards).sort(([a], [b]) => Number(a) - Number(b))) {
    const index = Number(key);
    const entry = manifest.shards[index];
    if (entry === undefined || !Number.isInteger(index)) {
      throw new StorageDealError("Shard index is not in the manifest", { details: { index: key, shards: k + m } });
    }
    if (await matches(path, entry.root, entry.size)) good.push(index);
    else corrupted.push(index);
  }
  if (good.length < k) {
    if (corrupted.length > 0) {
      throw new ShardCorruptedError(
        `Shard${corrupted.length > 1 ? "s" : ""} ${corrupted.join(", ")} do${corrupted.length > 1 ? "" : "es"} not match ${corrupted.length > 1 ? "their roots" : "its root"}, leaving ${good.length} of the ${k} good shards needed`,
        corrupted,
        {
          details: { corrupted: corrupted.map((i) => shards[i]), good },
          hints: ["Fetch another copy of the corrupted shard(s) or any other shard of this file from its host"],
        },
      );
    }
    throw new NotEnoughShardsError(`Need ${k} shards to restore, got ${good.length}`, {
      details: { given: good },
      hints: [`Any ${k} of the ${k + m} shards listed in the manifest will do`],
    });
  }
  const used = good.slice(0, k);
  await decode(manifest, parameters.key, used, shards, parameters.output);
  return { output: parameters.output, plainSize: manifest.plainSize, usedShards: used, corruptedShards: corrupted };
}

async function defaultShards(
  manifest: StorageManifest,
  manifestPath: StorageManifest | string,
): Promise<Record<number, string>> {
  if (typeof manifestPath !== "string") {
    throw new NotEnoughShardsError("Pass the shard paths (shards) when the manifest is given as an object");
  }
  const out: Record<number, string> = {};
  for (const entry of manifest.shards) {
    const path = isAbsolute(entry.file) ? entry.file : join(dirname(manifestPath), entry.file);
    if (
      await stat(path).then(
        () => true,
        () => false,
      )
    )
      out[entry.index] = path;
  }
  return out;
}

async function matches(path: string, root: string, size: bigint): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined || BigInt(info.size) !== size) return false;
  const commitment = await commitFile(path);
  return commitment.root === root && commitment.size === size;
}

async function decode(
  manifest: StorageManifest,
  key: Uint8Array,
  used: readonly number[],
  shards: Readonly<Record<number, string>>,
  output: string,
): Promise<void> {
  const { dataShards: k, parityShards: m, stripeUnit } = manifest.erasure;
  const rs = new ReedSolomon(k, m);
  const layout = stripeLayout(manifest.encryptedSize, k, stripeUnit);
  const handles: FileHandle[] = [];
  const partial = `${output}.partial`;
  const sink = await open(partial, "w");
  try {
    for (const index of used) handles.push(await open(shards[index] as string, "r"));
    const opener = new ChunkOpener(key, manifest, sink);
    const buffers = used.map(() => new Uint8Array(stripeUnit));
    let position = 0;
    for (const unit of stripeUnits(layout, stripeUnit)) {
      const views = buffers.map((b) => b.subarray(0, unit));
      await Promise.all(handles.map((h, i) => h.read(views[i] as Uint8Array, 0, unit, position)));
      const present: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(k + m).fill(undefined);
      for (const [i, index] of used.entries()) present[index] = views[i];
      for (const piece of rs.reconstruct(present)) await opener.push(piece);
      position += unit;
    }
    await opener.end();
    await sink.close();
    await rename(partial, output);
  } catch (error) {
    await sink.close().catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  } finally {
    await Promise.all(handles.map((h) => h.close()));
  }
}

/** Reassembles sealed chunks from the decoded stream, opens them and writes the plaintext. */
class ChunkOpener {
  private readonly key: Uint8Array;
  private readonly sink: FileHandle;
  private readonly chunkSize: number;
  private readonly count: bigint;
  private readonly plainSize: bigint;
  private remaining: bigint;
  private readonly buffer: Uint8Array;
  private fill = 0;
  private index = 0n;
  private written = 0;

  constructor(key: Uint8Array, manifest: StorageManifest, sink: FileHandle) {
    this.key = key;
    this.sink = sink;
    this.chunkSize = manifest.chunkSize;
    this.plainSize = manifest.plainSize;
    this.count = chunkCount(manifest.plainSize, manifest.chunkSize);
    this.remaining = manifest.encryptedSize;
    this.buffer = new Uint8Array(manifest.chunkSize + CHUNK_OVERHEAD);
  }

  /** Sealed size of the current chunk. */
  private sealedLength(): number {
    const start = this.index * BigInt(this.chunkSize);
    const plain = this.plainSize - start < BigInt(this.chunkSize) ? Number(this.plainSize - start) : this.chunkSize;
    return plain + CHUNK_OVERHEAD;
  }

  async push(bytes: Uint8Array): Promise<void> {
    // Stripe padding beyond the encrypted size is dropped.
    const usable = this.remaining < BigInt(bytes.length) ? Number(this.remaining) : bytes.length;
    this.remaining -= BigInt(usable);
    let at = 0;
    while (at < usable) {
      const need = this.sealedLength() - this.fill;
      const take = Math.min(need, usable - at);
      this.buffer.set(bytes.subarray(at, at + take), this.fill);
      this.fill += take;
      at += take;
      if (this.fill === this.sealedLength()) await this.flush();
    }
  }

  async end(): Promise<void> {
    if (this.fill !== 0 || this.index !== this.count) {
      throw new DecryptionError("Encrypted stream ended inside a chunk (manifest and shards disagree)", {
        details: { chunk: this.index, chunks: this.count },
      });
    }
  }

  private async flush(): Promise<void> {
    const plain = openChunk(this.key, this.index, this.count, this.buffer.subarray(0, this.fill));
    await this.sink.write(plain, 0, plain.length, this.written);
    this.written += plain.length;
    this.index++;
    this.fill = 0;
  }
}
