/**
 * Config of the fast-exit filler (`duties.fastFills`): the root chain it fills on (`chain`), the
 * BTTC chain whose withdrawals it watches (`source`), and per root token what it will front.
 */
import type { Address } from "viem";
import { z } from "zod";

import { address, name, positiveInt, uint } from "../../config/fields.ts";
import { contractFor, type ChainManifests } from "../../config/manifests.ts";
import { dutyBaseSchema } from "../base.ts";

export const fastFillTokenSchema = z.strictObject({
  /** Root-chain token (as the withdrawal names it). */
  token: address,
  /** Most this relayer may have paid out and not yet been repaid, in token units. */
  maxExposure: uint,
  /** Fast fee kept above the gas cost, in token units: a fill must earn at least this. */
  minMargin: uint.default(0n),
  /** Token units per 1e18 wei of the root chain's native coin (converts the gas cost into the token). */
  tokenPerNative: uint.default(0n),
});

export const fastFillsConfigSchema = dutyBaseSchema.extend({
  /** BTTC (a key of `chains`): its Outbox's WITHDRAW messages are read. */
  source: name,
  /** BTTC's Outbox. Default: the source chain manifest's. */
  outbox: address.optional(),
  /** BTTC's ChildBridge (only its messages are filled). Default: the source chain manifest's. */
  childBridge: address.optional(),
  /** The RootBridge on `chain`. Default: that chain's manifest's. */
  rootBridge: address.optional(),
  /** First BTTC block read (raised to the Outbox's deployment block from the manifest). */
  fromBlock: z.number().int().nonnegative().default(0),
  /** BTTC blocks on top of a withdrawal before it is filled. Default: `chains.<source>.confirmations`. */
  confirmations: positiveInt.optional(),
  /** Gas a fill is assumed to cost (the fee must cover it at the current gas price). */
  fillGas: positiveInt.default(150_000),
  /** Largest block range per eth_getLogs on BTTC. */
  maxRange: positiveInt.default(2_000),
  /** Tokens this relayer fronts; withdrawals of other tokens are ignored. */
  tokens: z.array(fastFillTokenSchema).min(1),
});

export type FastFillsConfigInput = z.output<typeof fastFillsConfigSchema>;
export type FastFillToken = z.output<typeof fastFillTokenSchema>;

/** As the duty runs it: every contract known. */
export type FastFillsConfig = Omit<FastFillsConfigInput, "outbox" | "childBridge" | "rootBridge"> & {
  readonly outbox: Address;
  readonly childBridge: Address;
  readonly rootBridge: Address;
};

/** Fills the contracts the config leaves out from the chains' manifests (a `ConfigError` when neither gives one). */
export function resolveFastFills(config: FastFillsConfigInput, manifests: ChainManifests): FastFillsConfig {
  const field = (key: string) => `duties.fastFills.${key}`;
  const outbox = contractFor(manifests, config.source, "outbox", config.outbox, field("outbox"));
  const childBridge = contractFor(manifests, config.source, "childBridge", config.childBridge, field("childBridge"));
  const rootBridge = contractFor(manifests, config.chain, "rootBridge", config.rootBridge, field("rootBridge"));
  return {
    ...config,
    outbox: outbox.address,
    childBridge: childBridge.address,
    rootBridge: rootBridge.address,
    fromBlock: Math.max(config.fromBlock, Number(outbox.fromBlock)),
  };
}
