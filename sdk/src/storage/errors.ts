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

/** A StorageMarket call reverted; `errorName` and `args` are the contract's custom error. */
export class StorageContractError extends BttError {
  override name = "StorageContractError";
  readonly errorName: string;
  readonly args: readonly unknown[];

  constructor(shortMessage: string, options: { errorName: string; args: readonly unknown[]; cause?: unknown }) {
    super(shortMessage, {
      details: { error: options.errorName, args: options.args },
      hints: hintFor(options.errorName),
      cause: options.cause,
    });
    this.errorName = options.errorName;
    this.args = options.args;
  }
}

function hintFor(errorName: string): string[] {
  switch (errorName) {
    case "StorageMarketNonceUsed":
      return ["The client already used this nonce: sign a new offer with a fresh nonce"];
    case "StorageMarketDeadlinePassed":
      return ["The offer expired (deadline is a block number): ask the client to sign a new one"];
    case "StorageMarketWrongSigner":
      return ["The offer was altered after signing or signed by another account"];
    case "StorageMarketHostNotRegistered":
      return ["Register the host first with setHost"];
    case "StorageMarketNothingToReport":
      return ["No period of this deal has closed unsettled yet: wait for the period's end block"];
    default:
      return [];
  }
}
