/** Builds the checkpoint submitter from the root config (registry entry `checkpoints`). */
import { networkContracts } from "../../consensus/network.ts";
import { ConfigError } from "../../errors.ts";
import { networkOf, type DutyFactory } from "../context.ts";
import { collectingOptions, servicesOf } from "../services.ts";
import type { Duty } from "../types.ts";
import { CheckpointDuty } from "./CheckpointDuty.ts";
import { CheckpointMetrics } from "./metrics.ts";

export const checkpointsFactory: DutyFactory = {
  create: (context) => {
    const configured = context.config.duties.checkpoints;
    if (configured === undefined || !configured.enabled) return undefined;
    const config = { ...configured, ...networkOf(context, "checkpoints", configured) };
    const services = servicesOf(context);
    const submitter = services.keys.get(config.key)?.address;
    if (
      config.submitters.length > 1 &&
      (submitter === undefined || !config.submitters.some((a) => a.toLowerCase() === submitter.toLowerCase()))
    )
      throw new ConfigError(
        `duties.checkpoints.submitters must include this relayer's own account ${submitter ?? `(key '${config.key}')`}`,
        {
          hints: [
            "List every submitting relayer's account, this one's included, in the same order-free set on each of them.",
          ],
        },
      );
    return new CheckpointDuty(
      collectingOptions(context, config),
      new CheckpointMetrics(services.metrics.registry),
      submitter,
    ) as unknown as Duty<string, unknown>;
  },
  contracts: (config, manifests) => {
    const duty = config.duties.checkpoints;
    return duty?.enabled === true ? networkContracts("checkpoints", networkOf({ manifests }, "checkpoints", duty)) : [];
  },
};
