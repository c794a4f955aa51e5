/**
 * Config of the storage-proof submitter (`duties.storageProofs`): the StorageMarket on `chain`
 * (BTTC), where hosts' proofs come from, how batches are sized, and whether missed periods are
 * reported.
 */
import { z } from "zod";

import { address, positiveInt } from "../../config/fields.ts";
import type { dutyBaseSchema } from "../configs.ts";

export const proofSourceSchema = z.union([
  /** A folder the host writes proof files into (relative to the config file). */
  z.strictObject({ dir: z.string().min(1) }),
  /** A host endpoint answering `GET` with the proofs it has ready (JSON, format in `sources.ts`). */
  z.strictObject({ url: z.url({ protocol: /^https?$/ }) }),
]);

/** Built on the shared duty base (passed in by `configs.ts`; a value import back would be a cycle). */
export const storageProofsConfigSchema = (base: typeof dutyBaseSchema) =>
  base.extend({
    /** StorageMarket on `chain`. */
    market: address,
    /** First block to read DealAccepted logs from (the market's deployment block). */
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
    /** Timeout of a host endpoint request. */
    sourceTimeoutMs: positiveInt.default(5_000),
  });

export type StorageProofsConfig = z.output<ReturnType<typeof storageProofsConfigSchema>>;
export type ProofSource = z.output<typeof proofSourceSchema>;
