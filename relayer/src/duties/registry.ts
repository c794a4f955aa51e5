/**
 * The duties this relayer knows, by their config section (`duties.<name>`). Each duty folder has
 * the same files: `config.ts` (its zod schema, composed by `configs.ts`, and how its contracts are
 * resolved), `factory.ts` (a `DutyFactory`: the duty from the config, and the contracts it calls),
 * `<Name>Duty.ts` (the state machine), plus its own helpers (metrics, sources, policy).
 */
import type { ChainManifests } from "../config/manifests.ts";
import type { RelayerConfig } from "../config/schema.ts";
import { checkpointsTerminal } from "./checkpoints/CheckpointDuty.ts";
import { checkpointsFactory } from "./checkpoints/factory.ts";
import type { DutyContract, DutyFactory, DutyFactoryContext } from "./context.ts";
import { fastFillsFactory } from "./fastFills/factory.ts";
import { fastFillsTerminal } from "./fastFills/FastFillDuty.ts";
import { messagesFactory } from "./messages/factory.ts";
import { messagesTerminal } from "./messages/MessageDuty.ts";
import { payoutFactory } from "./payout/factory.ts";
import { payoutTerminal } from "./payout/PayoutDuty.ts";
import { rotationsFactory } from "./rotations/factory.ts";
import { rotationsTerminal } from "./rotations/RotationDuty.ts";
import { signerFactory } from "./signer/factory.ts";
import { signerTerminal } from "./signer/SignerDuty.ts";
import { storageProofsFactory } from "./storageProofs/factory.ts";
import { storageProofsTerminal } from "./storageProofs/StorageProofDuty.ts";
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

/** The states each duty's records end in, by the duty's record name (`status`: the rest is the queue). */
export const terminalStates: Readonly<Record<string, readonly string[]>> = {
  payout: payoutTerminal,
  signer: signerTerminal,
  checkpoints: checkpointsTerminal,
  rotations: rotationsTerminal,
  messages: messagesTerminal,
  storageProofs: storageProofsTerminal,
  fastFills: fastFillsTerminal,
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
