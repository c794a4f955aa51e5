/** Builds the checkpoint submitter from the root config (registry entry `checkpoints`). */
import { networkContracts } from "../../consensus/network.ts";
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
    return new CheckpointDuty(collectingOptions(context, config), new CheckpointMetrics(servicesOf(context).metrics.registry)) as unknown as Duty<string, unknown>;
  },
  contracts: (config, manifests) => {
    const duty = config.duties.checkpoints;
    return duty?.enabled === true ? networkContracts("checkpoints", networkOf({ manifests }, "checkpoints", duty)) : [];
  },
};
