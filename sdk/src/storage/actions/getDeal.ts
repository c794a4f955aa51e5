import type { Address, Hex } from "viem";
import { getBlockNumber, readContract } from "viem/actions";

import { storageMarketAbi } from "../abi.ts";
import { StorageDealError } from "../errors.ts";
import { currentPeriod, proofWindow } from "../periods.ts";
import { dealStatusNames, type DealState, type DealStatus, type HostInfo } from "../types.ts";
import type { StorageReadClient } from "./contract.ts";

export interface GetDealParameters {
  readonly market: Address;
  readonly id: Hex;
}

/** Reads a deal; throws `StorageDealError` if no deal has this id. */
export async function getDeal(client: StorageReadClient, parameters: GetDealParameters): Promise<DealState> {
  const d = await readContract(client, {
    address: parameters.market,
    abi: storageMarketAbi,
    functionName: "getDeal",
    args: [parameters.id],
  });
  if (d.status === 0) {
    throw new StorageDealError("No deal with this id on this market", {
      details: { id: parameters.id, market: parameters.market },
      hints: ["A deal id is the EIP-712 digest of the accepted offer (dealIdOf(terms))"],
    });
  }
  return {
    root: d.root,
    host: d.host,
    client: d.client,
    start: BigInt(d.start),
    periodLength: BigInt(d.periodLength),
    challenges: d.challenges,
    misses: d.misses,
    status: d.status as DealStatus,
    size: BigInt(d.size),
    depth: d.depth,
    periods: BigInt(d.periods),
    cursor: BigInt(d.cursor),
    pricePerPeriod: d.pricePerPeriod,
    collateral: d.collateral,
  };
}

export interface DealStatusReturnType {
  readonly deal: DealState;
  readonly status: (typeof dealStatusNames)[number];
  readonly blockNumber: bigint;
  /** The period in progress, if any, and the blocks in which its proof is accepted. */
  readonly current?: { readonly period: bigint; readonly window: { readonly from: bigint; readonly to: bigint } };
  /** Periods settled (proven, missed or void). */
  readonly settled: bigint;
  /** Escrow still held for unsettled periods. */
  readonly escrow: bigint;
}

/** A deal's state with its current period, proof window and remaining escrow. */
export async function getDealStatus(client: StorageReadClient, parameters: GetDealParameters): Promise<DealStatusReturnType> {
  const [deal, blockNumber, escrow] = await Promise.all([
    getDeal(client, parameters),
    getBlockNumber(client, { cacheTime: 0 }),
    readContract(client, { address: parameters.market, abi: storageMarketAbi, functionName: "escrowOf", args: [parameters.id] }),
  ]);
  const period = deal.status === 1 ? currentPeriod(deal, blockNumber) : undefined;
  return {
    deal,
    status: dealStatusNames[deal.status],
    blockNumber,
    ...(period === undefined ? {} : { current: { period, window: proofWindow(deal, period) } }),
    settled: deal.cursor,
    escrow,
  };
}

/** Reads a host's registry entry (capacity 0 means not registered). */
export async function getHost(client: StorageReadClient, parameters: { readonly market: Address; readonly host: Address }): Promise<HostInfo> {
  const h = await readContract(client, {
    address: parameters.market,
    abi: storageMarketAbi,
    functionName: "getHost",
    args: [parameters.host],
  });
  return {
    earned: h.earned,
    used: BigInt(h.used),
    capacity: BigInt(h.capacity),
    pricePerGiBPerPeriod: h.pricePerGiBPerPeriod,
    collateralPerGiB: h.collateralPerGiB,
    endpoint: h.endpoint,
  };
}

/** What `account` can claim now. */
export function getCredit(client: StorageReadClient, parameters: { readonly market: Address; readonly account: Address }): Promise<bigint> {
  return readContract(client, {
    address: parameters.market,
    abi: storageMarketAbi,
    functionName: "creditOf",
    args: [parameters.account],
  });
}
