/**
 * `duties.checkpoints`: the checkpoint aggregator/submitter. `chain` is the main destination
 * (health), `key` the account that pays for submissions on every destination of `streams`.
 */
import { z } from "zod";

import { address, name } from "../../config/fields.ts";
import { dutyBaseSchema } from "../base.ts";
import { collectFields, networkFields, type NetworkConfig } from "../../consensus/network.ts";

export const checkpointsConfigSchema = dutyBaseSchema.extend({
  ...networkFields,
  /** (source, destination) streams to checkpoint; both chains need contracts (source: outbox, destination: inbox). */
  streams: z
    .array(z.strictObject({ source: name, dest: name }))
    .min(1)
    .max(64),
  /** A checkpoint is proposed when messages wait (after `batchDelayMs`), and at least this often otherwise. */
  maxIntervalMs: z.number().int().positive().default(600_000),
  /**
   * How long waiting messages are held so that one checkpoint covers those that follow them (each
   * checkpoint costs a quorum of signatures and a transaction). 0: at once. A window also gives
   * fast-exit fillers time to front withdrawals before the slow path can execute them.
   */
  batchDelayMs: z.number().int().nonnegative().max(3_600_000).default(0),
  /**
   * The sending accounts of every relayer that submits checkpoints of these streams, this one's
   * included. With two or more, they take turns: per checkpoint, a fixed order of the accounts
   * (by hash of account and checkpoint); the first submits once it has a quorum, the next only
   * `turnMs` after its own quorum if the checkpoint has not landed by then, and so on. Empty: submit at once.
   */
  submitters: z.array(address).max(32).default([]),
  /** How long each submitter ahead in the turn order gets (a few destination blocks: time to send and mine). */
  turnMs: z.number().int().positive().max(600_000).default(10_000),
  ...collectFields,
});

/** As configured (contracts may be left to the manifests). */
export type CheckpointsConfigInput = z.output<typeof checkpointsConfigSchema>;
/** As the duty runs it: contracts resolved (`resolveNetwork`). */
export type CheckpointsConfig = Omit<CheckpointsConfigInput, "contracts"> & NetworkConfig;
