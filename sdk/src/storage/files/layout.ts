import { ErasureCodingError } from "../errors.ts";

/** Default bytes per shard per stripe. */
export const DEFAULT_STRIPE_UNIT = 1 << 20;

/** How an encrypted stream of `encryptedSize` bytes is striped over k data shards. */
export interface StripeLayout {
  /** Stripes of k * unit bytes. */
  readonly fullStripes: bigint;
  /** Bytes per shard of the last, shorter stripe (0 if none): ceil(rest / k). */
  readonly lastUnit: number;
  /** Bytes of every shard. */
  readonly shardSize: bigint;
}

export function stripeLayout(encryptedSize: bigint, dataShards: number, unit: number): StripeLayout {
  if (!Number.isSafeInteger(unit) || unit < 1) {
    throw new ErasureCodingError("Stripe unit must be a positive integer", { details: { unit } });
  }
  const stripeBytes = BigInt(dataShards) * BigInt(unit);
  const fullStripes = encryptedSize / stripeBytes;
  const rest = encryptedSize - fullStripes * stripeBytes;
  const lastUnit = Number((rest + BigInt(dataShards) - 1n) / BigInt(dataShards));
  return { fullStripes, lastUnit, shardSize: fullStripes * BigInt(unit) + BigInt(lastUnit) };
}

/** The sequence of per-shard unit sizes, stripe by stripe. */
export function* stripeUnits(layout: StripeLayout, unit: number): Generator<number> {
  for (let s = 0n; s < layout.fullStripes; s++) yield unit;
  if (layout.lastUnit > 0) yield layout.lastUnit;
}
