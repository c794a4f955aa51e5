/** `duties.signer`: the validator signer (DESIGN section 11). `chain` is the staking home (health), `key` a validator key. */
import { z } from "zod";

import { name } from "../../config/fields.ts";
import { dutyBaseSchema } from "../base.ts";
import { networkFields, type NetworkConfig } from "../../consensus/network.ts";

export const signerConfigSchema = dutyBaseSchema.extend({
  /** Validator keys this relayer signs with (names under `keys`); default: `key` alone. */
  keys: z.array(name).min(1).max(64).optional(),
  ...networkFields,
  intervalMs: z.number().int().positive().default(5_000),
});

/** As configured (contracts may be left to the manifests). */
export type SignerConfigInput = z.output<typeof signerConfigSchema>;
/** As the duty runs it: contracts resolved (`resolveNetwork`). */
export type SignerConfig = Omit<SignerConfigInput, "contracts"> & NetworkConfig;
