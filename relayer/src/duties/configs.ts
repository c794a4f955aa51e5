/**
 * One zod schema per duty, composed into the root config (`duties.<name>`). Every duty config
 * extends `dutyBaseSchema` (the chain it writes to, the key it signs with, its pace); the root
 * schema checks those references. Duties that are not built yet have a placeholder schema that
 * refuses `enabled: true`, so a config written for a later version fails clearly instead of
 * silently doing nothing.
 */
import { z } from "zod";

import { dutyBaseSchema } from "./base.ts";
import { checkpointsConfigSchema } from "./checkpoints/config.ts";
import { fastFillsConfigSchema } from "./fastFills/config.ts";
import { messagesConfigSchema } from "./messages/config.ts";
import { payoutConfigSchema } from "./payout/config.ts";
import { rotationsConfigSchema } from "./rotations/config.ts";
import { signerConfigSchema } from "./signer/config.ts";
import { storageProofsConfigSchema } from "./storageProofs/config.ts";

export { dutyBaseSchema };

export const dutyConfigSchemas = z.strictObject({
  payout: payoutConfigSchema.optional(),
  signer: signerConfigSchema.optional(),
  checkpoints: checkpointsConfigSchema.optional(),
  rotations: rotationsConfigSchema.optional(),
  messages: messagesConfigSchema.optional(),
  storageProofs: storageProofsConfigSchema.optional(),
  fastFills: fastFillsConfigSchema.optional(),
});

export type { DutyBaseConfig } from "./base.ts";
export type { PayoutConfig } from "./payout/config.ts";
