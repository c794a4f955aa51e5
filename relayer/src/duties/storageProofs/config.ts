/**
 * Config of the storage-proof submitter (`duties.storageProofs`): the StorageMarket on `chain`
 * (BTTC), where hosts' proofs come from, how batches are sized, and whether missed periods are
 * reported.
 */
import type { Address } from "viem";
import { z } from "zod";

import { address, positiveInt } from "../../config/fields.ts";
import { contractFor, type ChainManifests } from "../../config/manifests.ts";
import { dutyBaseSchema } from "../base.ts";

export const proofSourceSchema = z.union([
  /** A folder the host writes proof files into (relative to the config file). */
  z.strictObject({ dir: z.string().min(1) }),
  /** A host endpoint answering `GET` with the proofs it has ready (JSON, format in `sources.ts`). */
  z.strictObject({ url: z.url({ protocol: /^https?$/ }) }),
]);

export const storageProofsConfigSchema = dutyBaseSchema.extend({
  /** StorageMarket on `chain`. Default: the chain manifest's storageMarket. */
  market: address.optional(),
  /** First block to read DealAccepted logs from (the market's deployment block; the manifest's creation block raises it). */
  fromBlock: z.number().int().nonnegative().default(0),
  sources: z.array(proofSourceSchema).default([]),
  /** Period proofs per submitProofs transaction. */
  maxProofsPerBatch: z.number().int().min(1).max(256).default(16),
  /**
   * Proof words (segments and siblings, 32 bytes each) per transaction: calldata and gas grow
   * with them (a 1 GiB shard's challenge is 26 words, ~25k gas in a batch).
   */
  maxWordsPerBatch: positiveInt.default(2_000),
  /** A batch waits this long for more proofs before it is sent (0: send what is there each run). */
  batchWaitMs: z.number().int().nonnegative().default(0),
  /** Report periods that ended without a proof (earns the reporter bounty). */
  reportMissed: z.boolean().default(true),
  /**
   * Record the challenge seed of an open period's epoch (`pokeSeed`) when nobody has once its seed
   * block is this many blocks old (hosts' proofs record it for free before then); `blockhash`
   * only reaches back 256 blocks, and a lost seed would let a host that lost the data go unpunished.
   */
  pokeSeedAfterBlocks: z.number().int().min(1).max(224).default(128),
  /** Poke seeds at all (see `pokeSeedAfterBlocks`). */
  pokeSeeds: z.boolean().default(true),
  /** Timeout of a host endpoint request. */
  sourceTimeoutMs: positiveInt.default(5_000),
});

/** As configured (the market may be left to the chain's manifest). */
export type StorageProofsConfigInput = z.output<typeof storageProofsConfigSchema>;
/** As the duty runs it (`resolveStorageProofs`). */
export type StorageProofsConfig = Omit<StorageProofsConfigInput, "market"> & { readonly market: Address };

/** The market from the config, else from `chain`'s manifest (a `ConfigError` naming both when neither has it). */
export function resolveStorageProofs(config: StorageProofsConfigInput, manifests: ChainManifests): StorageProofsConfig {
  const market = contractFor(manifests, config.chain, "storageMarket", config.market, "duties.storageProofs.market");
  return { ...config, market: market.address, fromBlock: Math.max(config.fromBlock, Number(market.fromBlock)) };
}
export type ProofSource = z.output<typeof proofSourceSchema>;
