import type { Address } from "viem";
import { readContract } from "viem/actions";

import type { ReadClient } from "../../contract.ts";
import { storageMarketAbi } from "../abi.ts";
import type { HostInfo } from "../types.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface GetHostParameters {
  readonly market: AnyAddress;
  readonly host: AnyAddress;
}
export type GetHostReturnType = HostInfo;

/** Reads a host's registry entry (capacity 0 means not registered). */
export async function getHost(client: ReadClient, parameters: GetHostParameters): Promise<GetHostReturnType> {
  const h = await readContract(client, {
    address: toEvmAddress(parameters.market),
    abi: storageMarketAbi,
    functionName: "getHost",
    args: [toEvmAddress(parameters.host)],
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
