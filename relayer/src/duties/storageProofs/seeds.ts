/**
 * Seeds of the storage market's challenges. A period's challenged segments come from the seed of
 * its epoch: the hash of block `epoch * epochLength`, recorded on chain by
 * `StorageMarket.pokeSeed(epoch)` (anyone may call it, or the first proof of the epoch records it).
 * `blockhash` reaches back only 256 blocks, so a seed nobody records in time is lost, and with it
 * the chance to hold a host to that period. The submitter pokes a seed nobody recorded once it is
 * `afterBlocks` old (hosts' proofs usually record it for free before then), while it is still
 * readable. The market's rule for when `pokeSeed` may be called lives here alone.
 */
import { encodeFunctionData, type Address, type Hex } from "viem";

import { storageMarketAbi } from "@btt-network/sdk/storage";

/** Blocks `blockhash` reaches back (the market's `_BLOCKHASH_WINDOW`). */
export const BLOCKHASH_WINDOW = 256n;
/** A poke is not sent when fewer blocks than this remain in the window (it would likely land too late and revert). */
export const POKE_MARGIN_BLOCKS = 16n;

export function seedBlockOf(epoch: bigint, epochLength: bigint): bigint {
  return epoch * epochLength;
}

/**
 * Whether `pokeSeed(epoch)` should be sent in a block after `head`: the market accepts it from
 * the block after the seed block until the seed block is `BLOCKHASH_WINDOW` blocks old; we wait
 * until it is `afterBlocks` old and stop `POKE_MARGIN_BLOCKS` before the end.
 */
export function seedPokeDue(
  epoch: bigint,
  epochLength: bigint,
  head: bigint,
  afterBlocks: bigint,
): "early" | "due" | "lost" {
  const age = head + 1n - seedBlockOf(epoch, epochLength); // age in the block the poke would land in, at the earliest
  if (age <= 0n || age < afterBlocks) return "early";
  return age <= BLOCKHASH_WINDOW - POKE_MARGIN_BLOCKS ? "due" : "lost";
}

/** The call that records `epoch`'s seed on the market. */
export function pokeSeedCall(market: Address, epoch: bigint): { to: Address; data: Hex; label: string } {
  return {
    to: market,
    data: encodeFunctionData({ abi: storageMarketAbi, functionName: "pokeSeed", args: [epoch] }),
    label: `pokeSeed ${epoch}`,
  };
}
