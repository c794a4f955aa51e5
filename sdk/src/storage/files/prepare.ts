import type { FileHandle } from "node:fs/promises";
import { basename, join, mkdir, open, stat, writeFile } from "../../utils/nodeBuiltins.ts";

import { CommitmentBuilder } from "../../commitment/builder.ts";
import { toFileAccessError } from "../../errors.ts";
import { ReedSolomon } from "../erasure/reedSolomon.ts";
import { ErasureCodingError } from "../errors.ts";
import { chunkCount, DEFAULT_CHUNK_SIZE, generateKey, sealChunk, sealedSize } from "./aead.ts";
import { DEFAULT_STRIPE_UNIT, stripeLayout } from "./layout.ts";
import {
  ERASURE_SCHEME,
  MANIFEST_VERSION,
  storageManifestToJson,
  type StorageManifest,
  type ShardEntry,
} from "./manifest.ts";

export interface PrepareParameters {
  /** Path of the file to store. */
  readonly input: string;
  /** Directory receiving `shard-<i>.bin` and `manifest.json` (created if missing). */
  readonly outDir: string;
  /** k: shards holding data (default 3). */
  readonly dataShards?: number;
  /** m: parity shards (default 2); any k of the k + m shards restore the file. */
  readonly parityShards?: number;
  /** Plaintext bytes per encrypted chunk (default 1 MiB). */
  readonly chunkSize?: number;
  /** Bytes per shard per stripe (default 1 MiB). */
  readonly stripeUnit?: number;
  /** Name recorded in the manifest (default: the input's base name). */
  readonly name?: string;
  /** Called after each encrypted chunk with the plaintext bytes done and the total. */
  readonly onProgress?: (progress: { readonly bytesDone: bigint; readonly totalBytes: bigint }) => void;
}

export interface PrepareReturnType {
  readonly manifest: StorageManifest;
  readonly manifestPath: string;
  /** The AES-256-GCM key: keep it; it is written nowhere. */
  readonly key: Uint8Array;
  /** Shard file paths, by shard index. */
  readonly shardPaths: readonly string[];
}

/**
 * Encrypts a file with AES-256-GCM under a fresh random key (chunks of `chunkSize` bytes, each with
 * its own random nonce and tag, its index and the chunk count bound in the associated data), splits
 * the ciphertext into k data + m Reed-Solomon parity shards, commits to each shard (root, size) and
 * writes the shards and a manifest. Streams: memory is about (k + m) stripe units plus one chunk.
 */
export async function prepare(parameters: PrepareParameters): Promise<PrepareReturnType> {
  try {
    return await prepareFiles(parameters);
  } catch (error) {
    throw toFileAccessError(error);
  }
}

async function prepareFiles(parameters: PrepareParameters): Promise<PrepareReturnType> {
  const k = parameters.dataShards ?? 3;
  const m = parameters.parityShards ?? 2;
  const chunkSize = parameters.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const unit = parameters.stripeUnit ?? DEFAULT_STRIPE_UNIT;
  const rs = new ReedSolomon(k, m);
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) {
    throw new ErasureCodingError("chunkSize must be a positive integer", { details: { chunkSize } });
  }
  const plainSize = BigInt((await stat(parameters.input)).size);
  const encryptedSize = sealedSize(plainSize, chunkSize);
  const layout = stripeLayout(encryptedSize, k, unit);
  const key = generateKey();
  await mkdir(parameters.outDir, { recursive: true });
  const files = Array.from({ length: k + m }, (_, i) => `shard-${i}.bin`);
  const shardPaths = files.map((f) => join(parameters.outDir, f));
  const builders = files.map(() => new CommitmentBuilder());
  const source = await open(parameters.input, "r");
  const sinks: FileHandle[] = [];
  try {
    for (const path of shardPaths) sinks.push(await open(path, "w"));
    const writer = new StripeWriter(rs, unit, sinks, builders);
    const count = chunkCount(plainSize, chunkSize);
    const plain = Buffer.alloc(chunkSize);
    for (let index = 0n; index < count; index++) {
      const position = index * BigInt(chunkSize);
      const want = Number(plainSize - position < BigInt(chunkSize) ? plainSize - position : BigInt(chunkSize));
      const { bytesRead } = await source.read(plain, 0, want, Number(position));
      if (bytesRead !== want) {
        throw new ErasureCodingError("Input file changed while it was being prepared", {
          details: { path: parameters.input, position, expected: want, got: bytesRead },
        });
      }
      await writer.push(sealChunk(key, index, count, plain.subarray(0, want)));
      parameters.onProgress?.({ bytesDone: position + BigInt(want), totalBytes: plainSize });
    }
    await writer.end();
  } finally {
    await source.close();
    await Promise.all(sinks.map((s) => s.close()));
  }
  const shards: ShardEntry[] = builders.map((b, index) => {
    const { root, size } = b.digest();
    return { index, root, size, file: files[index] as string };
  });
  const manifest: StorageManifest = {
    version: MANIFEST_VERSION,
    name: parameters.name ?? basename(parameters.input),
    cipher: "aes-256-gcm",
    chunkSize,
    plainSize,
    encryptedSize,
    erasure: { scheme: ERASURE_SCHEME, dataShards: k, parityShards: m, stripeUnit: unit },
    shardSize: layout.shardSize,
    shards,
  };
  const manifestPath = join(parameters.outDir, "manifest.json");
  await writeFile(manifestPath, storageManifestToJson(manifest));
  return { manifest, manifestPath, key, shardPaths };
}

/**
 * Collects ciphertext into stripes and writes each stripe's k data and m parity units. Two buffer
 * sets alternate so that the writes of one stripe overlap the coding and hashing of the next.
 */
class StripeWriter {
  private readonly rs: ReedSolomon;
  private readonly unit: number;
  private readonly sinks: readonly FileHandle[];
  private readonly builders: readonly CommitmentBuilder[];
  private readonly sets: { stripe: Uint8Array; parity: Uint8Array[] }[];
  private current = 0;
  private fill = 0;
  private offset = 0;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(rs: ReedSolomon, unit: number, sinks: readonly FileHandle[], builders: readonly CommitmentBuilder[]) {
    this.rs = rs;
    this.unit = unit;
    this.sinks = sinks;
    this.builders = builders;
    this.sets = [0, 1].map(() => ({
      stripe: new Uint8Array(rs.dataShards * unit),
      parity: Array.from({ length: rs.parityShards }, () => new Uint8Array(unit)),
    }));
  }

  async push(bytes: Uint8Array): Promise<void> {
    let at = 0;
    while (at < bytes.length) {
      const stripe = (this.sets[this.current] as { stripe: Uint8Array }).stripe;
      const take = Math.min(stripe.length - this.fill, bytes.length - at);
      stripe.set(bytes.subarray(at, at + take), this.fill);
      this.fill += take;
      at += take;
      if (this.fill === stripe.length) await this.emit(this.unit);
    }
  }

  /** Writes the last, shorter stripe and waits for every write. */
  async end(): Promise<void> {
    if (this.fill > 0) {
      const unit = Math.ceil(this.fill / this.rs.dataShards);
      (this.sets[this.current] as { stripe: Uint8Array }).stripe.fill(0, this.fill, unit * this.rs.dataShards);
      await this.emit(unit);
    }
    await this.pending;
  }

  private async emit(unit: number): Promise<void> {
    const set = this.sets[this.current] as { stripe: Uint8Array; parity: Uint8Array[] };
    const data = Array.from({ length: this.rs.dataShards }, (_, j) => set.stripe.subarray(j * unit, (j + 1) * unit));
    const parity = this.rs.encode(
      data,
      set.parity.map((p) => p.subarray(0, unit)),
    );
    const pieces = [...data, ...parity];
    for (const [i, piece] of pieces.entries()) (this.builders[i] as CommitmentBuilder).update(piece);
    // The other set's writes must finish before that set is refilled (next emit).
    await this.pending;
    const position = this.offset;
    const writes = Promise.all(this.sinks.map((sink, i) => sink.write(pieces[i] as Uint8Array, 0, unit, position)));
    writes.catch(() => undefined); // awaited by the next emit or end; never left unhandled meanwhile
    this.pending = writes;
    this.offset += unit;
    this.fill = 0;
    this.current ^= 1;
  }
}
