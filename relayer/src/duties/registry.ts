/**
 * The duties this relayer knows, by their config section (`duties.<name>`). Each duty folder has
 * the same files: `config.ts` (its zod schema, composed by `configs.ts`, and how its contracts are
 * resolved), `factory.ts` (a `DutyFactory`: the duty from the config, and the contracts it calls),
 * `<Name>Duty.ts` (the state machine), plus its own helpers (metrics, sources, policy).
 */
import type { ChainManifests } from "../config/manifests.ts";
import type { RelayerConfig } from "../config/schema.ts";
import { checkpointsFactory } from "./checkpoints/factory.ts";
import type { DutyContract, DutyFactory, DutyFactoryContext } from "./context.ts";
import { fastFillsFactory } from "./fastFills/factory.ts";
import { messagesFactory } from "./messages/factory.ts";
import { payoutFactory } from "./payout/factory.ts";
import { rotationsFactory } from "./rotations/factory.ts";
import { signerFactory } from "./signer/factory.ts";
import { storageProofsFactory } from "./storageProofs/factory.ts";
import type { Duty } from "./types.ts";

export type { DutyFactoryContext } from "./context.ts";

export const dutyRegistry: Readonly<Record<keyof RelayerConfig["duties"], DutyFactory>> = {
  payout: payoutFactory,
  signer: signerFactory,
  checkpoints: checkpointsFactory,
  rotations: rotationsFactory,
  messages: messagesFactory,
  storageProofs: storageProofsFactory,
  fastFills: fastFillsFactory,
};

export function createDuties(context: DutyFactoryContext): Duty<string, unknown>[] {
  return Object.values(dutyRegistry)
    .map((factory) => factory.create(context))
    .filter((duty): duty is Duty<string, unknown> => duty !== undefined);
}

/** Contract addresses the enabled duties call, for the start-up check (`missing contract code`). */
export function contractsOf(config: RelayerConfig, manifests: ChainManifests = new Map()): DutyContract[] {
  return Object.values(dutyRegistry).flatMap((factory) => factory.contracts(config, manifests));
}
