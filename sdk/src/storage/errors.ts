import { BttError, ContractRevertError, type RevertedCustomError } from "../errors.ts";

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

  constructor(
    shortMessage: string,
    shards: readonly number[],
    options: ConstructorParameters<typeof BttError>[1] = {},
  ) {
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
export class StorageContractError extends ContractRevertError {
  override name = "StorageContractError";

  constructor(shortMessage: string, options: { errorName: string; args: readonly unknown[]; cause?: unknown }) {
    super(shortMessage, { ...options, hints: hintFor(options.errorName) });
  }
}

/** The storage class for a decoded custom error of `StorageMarket.<functionName>` (the write path's decoder). */
export function storageRevert(functionName: string) {
  return ({ errorName, args }: RevertedCustomError, cause: unknown): StorageContractError =>
    new StorageContractError(`StorageMarket.${functionName} reverted with ${errorName}`, { errorName, args, cause });
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
    case "ERC20InsufficientAllowance":
      return [
        "The market pulls the client's escrow and the host's collateral: each must approve the market for its part first",
      ];
    case "ERC20InsufficientBalance":
      return ["The client (escrow = price x periods) or the host (collateral) holds too few market tokens"];
    case "StorageMarketNothingToReport":
      return ["No period of this deal has closed unsettled yet: wait for the period's end block"];
    default:
      return [];
  }
}
