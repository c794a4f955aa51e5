/** Builds the validator signer's duty from the root config (registry entry `signer`). */
import { networkContracts } from "../../consensus/network.ts";
import { networkOf, type DutyFactory } from "../context.ts";
import { readsFor, servicesOf, signerOf } from "../services.ts";
import type { Duty } from "../types.ts";
import { SignerDuty } from "./SignerDuty.ts";

export const signerFactory: DutyFactory = {
  create: (context) => {
    const config = context.config.duties.signer;
    if (config === undefined || !config.enabled || signerOf(context) === undefined) return undefined;
    const resolved = { ...config, ...networkOf(context, "signer", config) };
    return new SignerDuty(
      resolved,
      readsFor(context, resolved),
      servicesOf(context).metrics.registry,
    ) as unknown as Duty<string, unknown>;
  },
  contracts: (config, manifests) => {
    const duty = config.duties.signer;
    return duty?.enabled === true ? networkContracts("signer", networkOf({ manifests }, "signer", duty)) : [];
  },
};
