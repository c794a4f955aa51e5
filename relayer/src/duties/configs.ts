/**
 * One zod schema per duty, composed into the root config (`duties.<name>`). Every duty config
 * extends `dutyBaseSchema` (the chain it writes to, the key it signs with, its pace); the root
 * schema checks those references. Duties that are not built yet have a placeholder schema that
 * refuses `enabled: true`, so a config written for a later version fails clearly instead of
 * silently doing nothing.
 */
import { z } from "zod";

import { address, name, positiveInt } from "../config/fields.ts";
import { messagesConfigSchema } from "./messages/config.ts";
import { storageProofsConfigSchema } from "./storageProofs/config.ts";

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

export const payoutConfigSchema = dutyBaseSchema.extend({
  /** ERC-20 paid out (contracts/token/BTTToken.sol or any ERC-20). */
  token: address,
  /** JSON file of requests `[{ "id", "to", "amount" }]`, relative to the config file; re-read each run. */
  requestsFile: z.string().min(1),
});

function notYetAvailable(duty: string) {
  return dutyBaseSchema.partial().refine((config) => config.enabled !== true, {
    error: `duty '${duty}' is not available in this relayer version yet; remove it or set enabled: false`,
  });
}

export const dutyConfigSchemas = z.strictObject({
  payout: payoutConfigSchema.optional(),
  checkpoints: notYetAvailable("checkpoints").optional(),
  rotations: notYetAvailable("rotations").optional(),
  messages: messagesConfigSchema(dutyBaseSchema).optional(),
  storageProofs: storageProofsConfigSchema(dutyBaseSchema).optional(),
});

export type DutyBaseConfig = z.output<typeof dutyBaseSchema>;
export type PayoutConfig = z.output<typeof payoutConfigSchema>;
