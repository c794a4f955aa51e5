import type { Address, Hex } from "viem";
import { getBlockNumber, readContract } from "viem/actions";

import { storageMarketAbi } from "../abi.ts";
import { periodSeedStatus, seedEpoch, type PeriodSeedStatus } from "../periods.ts";
import type { StorageReadClient } from "./contract.ts";
import { getDeal } from "./getDeal.ts";

export interface GetPeriodSeedStatusParameters {
  readonly market: Address;
  readonly id: Hex;
  readonly period: bigint;
  /** Blocks before the on-time deadline from which an unrecorded seed counts as at risk (default 32). */
  readonly margin?: bigint;
}

/**
 * Reads whether `period` of a deal has its challenge seed, and whether the host is at risk
 * (`atRisk`: poke the seed now with `pokeSeed(epoch)`). A period whose seed is never recorded is
 * missed like any other, so hosts and relayers poke seeds on time.
 */
export async function getPeriodSeedStatus(
  client: StorageReadClient,
  parameters: GetPeriodSeedStatusParameters,
): Promise<PeriodSeedStatus & { readonly blockNumber: bigint }> {
  const [deal, epochLength, blockNumber] = await Promise.all([
    getDeal(client, parameters),
    readContract(client, { address: parameters.market, abi: storageMarketAbi, functionName: "epochLength" }),
    getBlockNumber(client, { cacheTime: 0 }),
  ]);
  const seed = await readContract(client, {
    address: parameters.market,
    abi: storageMarketAbi,
    functionName: "seedOf",
    args: [seedEpoch(deal, parameters.period, epochLength)],
  });
  return {
    ...periodSeedStatus(deal, parameters.period, {
      epochLength,
      blockNumber,
      seed,
      ...(parameters.margin === undefined ? {} : { margin: parameters.margin }),
    }),
    blockNumber,
  };
}
