/**
 * What every duty config has (the chain it writes to, the key it signs with, its pace). In its own
 * module so that duty schemas in their folders can extend it while `configs.ts` imports them.
 */
import { z } from "zod";

import { name, positiveInt } from "../config/fields.ts";

export const dutyBaseSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Chain the duty writes to (a key of `chains`). */
  chain: name,
  /** Key the duty signs with (a key of `keys`). */
  key: name,
  /** Pause between two runs of the duty's loop. */
  intervalMs: positiveInt.default(1_000),
  /** Records decided per run. */
  batchSize: z.number().int().min(1).max(1_000).default(50),
  /** A record whose transactions keep being dropped is failed after this many attempts. */
  maxAttempts: z.number().int().min(1).max(100).default(5),
});

export type DutyBaseConfig = z.output<typeof dutyBaseSchema>;

/**
 * The part of every `Duty` that comes from its config (the chain it writes to, the key it signs
 * with, its pace): concrete duties extend it and call `super(config)` first.
 */
export abstract class ConfiguredDuty {
  readonly chain: string;
  readonly key: string;
  readonly intervalMs: number;
  readonly batchSize: number;
  readonly maxAttempts: number;

  constructor(config: Pick<DutyBaseConfig, "chain" | "key" | "intervalMs" | "batchSize" | "maxAttempts">) {
    this.chain = config.chain;
    this.key = config.key;
    this.intervalMs = config.intervalMs;
    this.batchSize = config.batchSize;
    this.maxAttempts = config.maxAttempts;
  }
}
