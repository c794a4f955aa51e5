import type { Address, Hex } from "viem";
import { readContract } from "viem/actions";

import { storageMarketAbi } from "../abi.ts";
import { StorageDealError } from "../errors.ts";
import type { DealState, DealStatus } from "../types.ts";
import type { ReadClient } from "../../contract.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface GetDealParameters {
  readonly market: AnyAddress;
  readonly id: Hex;
}

export type GetDealReturnType = DealState;

/** Reads a deal; throws `StorageDealError` if no deal has this id. */
export async function getDeal(client: ReadClient, parameters: GetDealParameters): Promise<GetDealReturnType> {
  const d = await readContract(client, {
    address: toEvmAddress(parameters.market),
    abi: storageMarketAbi,
    functionName: "getDeal",
    args: [parameters.id],
  });
  if (d.status === 0) {
    throw new StorageDealError("No deal with this id on this market", {
      details: { id: parameters.id, market: toEvmAddress(parameters.market) },
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
