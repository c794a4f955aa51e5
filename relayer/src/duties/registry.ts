/**
 * The duties this relayer knows: each entry builds a `Duty` from its config section. The real
 * BTT Network duties (validator signer, checkpoint and rotation submitter, message executor,
 * storage-proof submitter) plug in here with their own folder, config schema (`configs.ts`) and
 * state machine; until their contracts exist their schemas refuse `enabled: true`.
 */
import { resolve } from "node:path";

import type { RelayerConfig } from "../config/schema.ts";
import type { Logger } from "../observability/log.ts";
import type { RelayerMetrics } from "../observability/metrics.ts";
import type { Store } from "../store/Store.ts";
import { createMessageDuty, messageContracts } from "./messages/factory.ts";
import { PayoutDuty } from "./payout/PayoutDuty.ts";
import { createStorageProofDuty, storageProofContracts } from "./storageProofs/factory.ts";
import type { Duty } from "./types.ts";

export interface DutyFactoryContext {
  readonly config: RelayerConfig;
  /** Folder of the config file (relative paths in duty configs are resolved against it). */
  readonly baseDir: string;
  readonly store: Store;
  /** The relayer's logger (duties bind their own context). */
  readonly log?: Logger;
  /** The relayer's metrics registry (duties add their own metrics). */
  readonly metrics?: RelayerMetrics;
}

type Factory = (context: DutyFactoryContext) => Duty<string, unknown> | undefined;

export const dutyRegistry: Readonly<Record<keyof RelayerConfig["duties"], Factory>> = {
  payout: ({ config, baseDir, store }) => {
    const payout = config.duties.payout;
    if (payout === undefined || !payout.enabled) return undefined;
    return new PayoutDuty(payout, store, resolve(baseDir, payout.requestsFile)) as unknown as Duty<string, unknown>;
  },
  // Planned (issue 8): they land with the staking, bridge and storage contracts.
  checkpoints: () => undefined,
  rotations: () => undefined,
  messages: createMessageDuty,
  storageProofs: createStorageProofDuty,
};

export function createDuties(context: DutyFactoryContext): Duty<string, unknown>[] {
  return Object.values(dutyRegistry)
    .map((factory) => factory(context))
    .filter((duty): duty is Duty<string, unknown> => duty !== undefined);
}

/** Contract addresses a duty needs deployed, for the start-up check (`missing contract code`). */
export function contractsOf(config: RelayerConfig): { duty: string; chain: string; field: string; address: `0x${string}` }[] {
  const out: { duty: string; chain: string; field: string; address: `0x${string}` }[] = [];
  const payout = config.duties.payout;
  if (payout?.enabled === true) out.push({ duty: "payout", chain: payout.chain, field: "token", address: payout.token });
  out.push(...messageContracts(config), ...storageProofContracts(config));
  return out;
}
