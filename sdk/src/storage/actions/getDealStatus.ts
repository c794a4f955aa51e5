import { getBlockNumber, readContract } from "viem/actions";

import type { ReadClient } from "../../contract.ts";
import { toEvmAddress } from "../../tron/address.ts";
import { storageMarketAbi } from "../abi.ts";
import { currentPeriod, proofWindow } from "../periods.ts";
import { dealStatusNames, type DealState } from "../types.ts";
import { getDeal, type GetDealParameters } from "./getDeal.ts";

export type GetDealStatusParameters = GetDealParameters;

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
export async function getDealStatus(
  client: ReadClient,
  parameters: GetDealStatusParameters,
): Promise<DealStatusReturnType> {
  const [deal, blockNumber, escrow] = await Promise.all([
    getDeal(client, parameters),
    getBlockNumber(client, { cacheTime: 0 }),
    readContract(client, {
      address: toEvmAddress(parameters.market),
      abi: storageMarketAbi,
      functionName: "escrowOf",
      args: [parameters.id],
    }),
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
