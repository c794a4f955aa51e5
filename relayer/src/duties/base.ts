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
