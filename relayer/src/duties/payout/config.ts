/** `duties.payout`: pays listed ERC-20 transfers exactly once each (the model duty). */
import { z } from "zod";

import { address } from "../../config/fields.ts";
import { dutyBaseSchema } from "../base.ts";

export const payoutConfigSchema = dutyBaseSchema.extend({
  /** ERC-20 paid out (contracts/token/BTTToken.sol or any ERC-20). */
  token: address,
  /** JSON file of requests `[{ "id", "to", "amount" }]`, relative to the config file; re-read each run. */
  requestsFile: z.string().min(1),
});

export type PayoutConfig = z.output<typeof payoutConfigSchema>;
