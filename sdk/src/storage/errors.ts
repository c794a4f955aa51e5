import { BttError } from "../errors.ts";

/** Bad erasure-coding parameters or shard shapes (counts, lengths, missing shards). */
export class ErasureCodingError extends BttError {
  override name = "ErasureCodingError";
}

/** A manifest that cannot be used: wrong version, missing or inconsistent fields. */
export class ManifestError extends BttError {
  override name = "ManifestError";
}

/** A shard's bytes do not match the (root, size) recorded in the manifest. */
export class ShardCorruptedError extends BttError {
  override name = "ShardCorruptedError";
  /** Indices of the shards that failed verification. */
  readonly shards: readonly number[];

  constructor(shortMessage: string, shards: readonly number[], options: ConstructorParameters<typeof BttError>[1] = {}) {
    super(shortMessage, options);
    this.shards = shards;
  }
}

/** Fewer than k usable shards were given to `restore`. */
export class NotEnoughShardsError extends BttError {
  override name = "NotEnoughShardsError";
}

/** Decryption failed: wrong key, or ciphertext altered after its shards were verified. */
export class DecryptionError extends BttError {
  override name = "DecryptionError";
}

/** A storage-deal offer, proof or call was rejected before reaching the chain. */
export class StorageDealError extends BttError {
  override name = "StorageDealError";
}
