/**
 * The duties this relayer knows: each entry builds a `Duty` from its config section. The real
 * BTT Network duties (validator signer, checkpoint and rotation submitter, message executor,
 * storage-proof submitter) plug in here with their own folder, config schema (`configs.ts`) and
 * state machine; until their contracts exist their schemas refuse `enabled: true`.
 */
import { resolve } from "node:path";

import type { ChainManifests } from "../config/manifests.ts";
import type { RelayerConfig } from "../config/schema.ts";
import type { Store } from "../store/Store.ts";
import { collectingOptions, readsFor, servicesOf, signerOf, type DutyServices } from "./bridge/services.ts";
import { networkContracts, resolveNetwork, type NetworkConfig, type NetworkConfigInput } from "./bridge/network.ts";
import { CheckpointDuty } from "./checkpoints/CheckpointDuty.ts";
import { PayoutDuty } from "./payout/PayoutDuty.ts";
import { RotationDuty } from "./rotations/RotationDuty.ts";
import { SignerDuty } from "./signer/SignerDuty.ts";
import { createMessageDuty, messageContracts } from "./messages/factory.ts";
import { createStorageProofDuty, storageProofContracts } from "./storageProofs/factory.ts";
import type { Duty } from "./types.ts";

export interface DutyFactoryContext {
  readonly config: RelayerConfig;
  /** Folder of the config file (relative paths in duty configs are resolved against it). */
  readonly baseDir: string;
  readonly store: Store;
  /** Deployment manifests by chain (`chains.<name>.manifest`): contracts a duty config leaves out come from them. */
  readonly manifests?: ChainManifests;
  /** Keys, read clients, logs, metrics, HTTP mounts (the chain-reading duties need them). */
  readonly services?: DutyServices;
}

type Factory = (context: DutyFactoryContext) => Duty<string, unknown> | undefined;

export const dutyRegistry: Readonly<Record<keyof RelayerConfig["duties"], Factory>> = {
  payout: ({ config, baseDir, store }) => {
    const payout = config.duties.payout;
    if (payout === undefined || !payout.enabled) return undefined;
    return new PayoutDuty(payout, store, resolve(baseDir, payout.requestsFile)) as unknown as Duty<string, unknown>;
  },
  signer: (context) => {
    const config = context.config.duties.signer;
    if (config === undefined || !config.enabled || signerOf(context) === undefined) return undefined;
    const resolved = { ...config, ...networkOf(context, "signer", config) };
    return new SignerDuty(resolved, readsFor(context, resolved), servicesOf(context).metrics.registry) as unknown as Duty<string, unknown>;
  },
  checkpoints: (context) => {
    const configured = context.config.duties.checkpoints;
    if (configured === undefined || !configured.enabled) return undefined;
    const config = { ...configured, ...networkOf(context, "checkpoints", configured) };
    return new CheckpointDuty(collectingOptions(context, config)) as unknown as Duty<string, unknown>;
  },
  rotations: (context) => {
    const configured = context.config.duties.rotations;
    if (configured === undefined || !configured.enabled) return undefined;
    const config = { ...configured, ...networkOf(context, "rotations", configured) };
    return new RotationDuty(collectingOptions(context, config)) as unknown as Duty<string, unknown>;
  },
  messages: createMessageDuty,
  storageProofs: createStorageProofDuty,
};

/** A bridge duty's `home` and `contracts`, gaps filled from the manifests. */
export function networkOf(context: Pick<DutyFactoryContext, "manifests">, duty: string, network: NetworkConfigInput): NetworkConfig {
  return resolveNetwork(duty, network, context.manifests ?? new Map());
}

export function createDuties(context: DutyFactoryContext): Duty<string, unknown>[] {
  return Object.values(dutyRegistry)
    .map((factory) => factory(context))
    .filter((duty): duty is Duty<string, unknown> => duty !== undefined);
}

/** Contract addresses a duty needs deployed, for the start-up check (`missing contract code`). */
export function contractsOf(config: RelayerConfig, manifests: ChainManifests = new Map()): { duty: string; chain: string; field: string; address: `0x${string}` }[] {
  const out: { duty: string; chain: string; field: string; address: `0x${string}` }[] = [];
  const payout = config.duties.payout;
  if (payout?.enabled === true) out.push({ duty: "payout", chain: payout.chain, field: "token", address: payout.token });
  for (const name of ["signer", "checkpoints", "rotations"] as const) {
    const duty = config.duties[name];
    if (duty?.enabled === true) out.push(...networkContracts(name, networkOf({ manifests }, name, duty)));
  }
  out.push(...messageContracts(config, manifests), ...storageProofContracts(config, manifests));
  return out;
}
