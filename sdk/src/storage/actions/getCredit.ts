import type { Address } from "viem";
import { readContract } from "viem/actions";

import type { ReadClient } from "../../contract.ts";
import { storageMarketAbi } from "../abi.ts";

export interface GetCreditParameters {
  readonly market: Address;
  readonly account: Address;
}
export type GetCreditReturnType = bigint;

/** What `account` can claim now. */
export function getCredit(client: ReadClient, parameters: GetCreditParameters): Promise<GetCreditReturnType> {
  return readContract(client, {
    address: parameters.market,
    abi: storageMarketAbi,
    functionName: "creditOf",
    args: [parameters.account],
  });
}
