/**
 * `duties.rotations`: carries the staking home's validator set to every other chain's verifier
 * (`ValidatorSet.rotate`, signed by a quorum of that chain's current set) and syncs the home's own
 * verifier from its StakeManager. `chain` is the staking home (health), `key` pays on every target.
 */
import { z } from "zod";

import { name } from "../../config/fields.ts";
import { dutyBaseSchema } from "../base.ts";
import { collectFields, networkFields, type NetworkConfig } from "../../consensus/network.ts";

export const rotationsConfigSchema = dutyBaseSchema.extend({
  ...networkFields,
  /** Chains whose verifier follows the home's set; default every chain under `contracts`. */
  targets: z.array(name).max(64).optional(),
  intervalMs: z.number().int().positive().default(5_000),
  /**
   * A target whose committed set expires (`ValidatorSet.expiresAt()`, on deployments that have it)
   * within this many seconds is urgent: rotated first, logged at `warn` (`error` with nothing to
   * rotate to), `relayer_rotations_urgent{chain} 1`. Keep it well above a quorum round plus the
   * target's confirmation time.
   */
  urgentBeforeExpirySeconds: z
    .number()
    .int()
    .min(60)
    .max(30 * 86_400)
    .default(6 * 3_600),
  peers: collectFields.peers,
  peerTimeoutMs: collectFields.peerTimeoutMs,
});

/** As configured (contracts may be left to the manifests). */
export type RotationsConfigInput = z.output<typeof rotationsConfigSchema>;
/** As the duty runs it: contracts resolved (`resolveNetwork`). */
export type RotationsConfig = Omit<RotationsConfigInput, "contracts"> & NetworkConfig;
