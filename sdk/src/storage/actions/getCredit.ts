import type { Address } from "viem";
import { readContract } from "viem/actions";

import type { ReadClient } from "../../contract.ts";
import { storageMarketAbi } from "../abi.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface GetCreditParameters {
  readonly market: AnyAddress;
  readonly account: AnyAddress;
}
export type GetCreditReturnType = bigint;

/** What `account` can claim now. */
export function getCredit(client: ReadClient, parameters: GetCreditParameters): Promise<GetCreditReturnType> {
  return readContract(client, {
    address: toEvmAddress(parameters.market),
    abi: storageMarketAbi,
    functionName: "creditOf",
    args: [toEvmAddress(parameters.account)],
  });
}
