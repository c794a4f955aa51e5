/** Builds the rotation submitter from the root config (registry entry `rotations`). */
import { networkContracts } from "../../consensus/network.ts";
import { networkOf, type DutyFactory } from "../context.ts";
import { collectingOptions, servicesOf } from "../services.ts";
import type { Duty } from "../types.ts";
import { RotationMetrics } from "./metrics.ts";
import { RotationDuty } from "./RotationDuty.ts";

export const rotationsFactory: DutyFactory = {
  create: (context) => {
    const configured = context.config.duties.rotations;
    if (configured === undefined || !configured.enabled) return undefined;
    const config = { ...configured, ...networkOf(context, "rotations", configured) };
    return new RotationDuty(
      collectingOptions(context, config),
      new RotationMetrics(servicesOf(context).metrics.registry),
    ) as unknown as Duty<string, unknown>;
  },
  contracts: (config, manifests) => {
    const duty = config.duties.rotations;
    return duty?.enabled === true ? networkContracts("rotations", networkOf({ manifests }, "rotations", duty)) : [];
  },
};
