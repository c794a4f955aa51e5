/**
 * One zod schema per duty, composed into the root config (`duties.<name>`). Every duty config
 * extends `dutyBaseSchema` (the chain it writes to, the key it signs with, its pace); the root
 * schema checks those references. Duties that are not built yet have a placeholder schema that
 * refuses `enabled: true`, so a config written for a later version fails clearly instead of
 * silently doing nothing.
 */
import { z } from "zod";

import { address } from "../config/fields.ts";
import { dutyBaseSchema } from "./base.ts";
import { checkpointsConfigSchema } from "./checkpoints/schema.ts";
import { rotationsConfigSchema } from "./rotations/schema.ts";
import { signerConfigSchema } from "./signer/schema.ts";
import { messagesConfigSchema } from "./messages/config.ts";
import { storageProofsConfigSchema } from "./storageProofs/config.ts";

export { dutyBaseSchema };

export const payoutConfigSchema = dutyBaseSchema.extend({
  /** ERC-20 paid out (contracts/token/BTTToken.sol or any ERC-20). */
  token: address,
  /** JSON file of requests `[{ "id", "to", "amount" }]`, relative to the config file; re-read each run. */
  requestsFile: z.string().min(1),
});

export const dutyConfigSchemas = z.strictObject({
  payout: payoutConfigSchema.optional(),
  signer: signerConfigSchema.optional(),
  checkpoints: checkpointsConfigSchema.optional(),
  rotations: rotationsConfigSchema.optional(),
  messages: messagesConfigSchema(dutyBaseSchema).optional(),
  storageProofs: storageProofsConfigSchema(dutyBaseSchema).optional(),
});

export type { DutyBaseConfig } from "./base.ts";
export type PayoutConfig = z.output<typeof payoutConfigSchema>;
