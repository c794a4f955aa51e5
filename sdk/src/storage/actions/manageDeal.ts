import type { Address, Hash, Hex } from "viem";

import type { StorageDeal } from "../../messages/index.ts";
import { sendMarket, type StorageWalletClient } from "./contract.ts";

export interface RenewDealParameters {
  readonly market: Address;
  readonly id: Hex;
  /** Renewal offer: same client, host, root, size, period length, price and challenges; start = the deal's end. */
  readonly terms: StorageDeal;
  readonly signature: Hex;
}

/** The host accepts a client-signed renewal: more periods (and escrow, and optionally collateral). */
export function renewDeal(client: StorageWalletClient, parameters: RenewDealParameters): Promise<Hash> {
  return sendMarket(client, parameters.market, "renewDeal", [parameters.id, parameters.terms, parameters.signature]);
}

export interface DealCallParameters {
  readonly market: Address;
  readonly id: Hex;
}

/**
 * The client cancels: before the start everything is returned; after it the deal is cut to the
 * current period plus one period of notice.
 */
export function cancelDeal(client: StorageWalletClient, parameters: DealCallParameters): Promise<Hash> {
  return sendMarket(client, parameters.market, "cancelDeal", [parameters.id]);
}

/** Anyone settles a deal's closed unproven periods (refund, slash, bounty to the caller). */
export function reportMissed(client: StorageWalletClient, parameters: DealCallParameters): Promise<Hash> {
  return sendMarket(client, parameters.market, "reportMissed", [parameters.id]);
}

/** Pulls all of the caller's credits (earnings, refunds, bounties, returned collateral). */
export function claim(client: StorageWalletClient, parameters: { readonly market: Address }): Promise<Hash> {
  return sendMarket(client, parameters.market, "claim", []);
}

/** Records the seed of a beacon epoch (from its first block + 1; on time within 256 blocks, a late seed after that). */
export function pokeSeed(client: StorageWalletClient, parameters: { readonly market: Address; readonly epoch: bigint }): Promise<Hash> {
  return sendMarket(client, parameters.market, "pokeSeed", [parameters.epoch]);
}

export interface SetHostParameters {
  readonly market: Address;
  /** Bytes the host offers; bounds the total size of its active deals. */
  readonly capacity: bigint;
  readonly pricePerGiBPerPeriod: bigint;
  readonly collateralPerGiB: bigint;
  /** Where clients reach the host (e.g. `tcp://host:6881`), at most 256 bytes. */
  readonly endpoint: string;
}

/** Registers the caller as a host or updates its advertised terms. */
export function setHost(client: StorageWalletClient, parameters: SetHostParameters): Promise<Hash> {
  const { market, ...terms } = parameters;
  return sendMarket(client, market, "setHost", [terms]);
}
