import type { Address, Hash } from "viem";

import type { SigningClient } from "../../contract.ts";
import { sendMarket } from "./contract.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface ClaimParameters {
  readonly market: AnyAddress;
}
export type ClaimReturnType = Hash;

/** Pulls all of the caller's credits (earnings, refunds, bounties, returned collateral). */
export function claim(client: SigningClient, parameters: ClaimParameters): Promise<ClaimReturnType> {
  return sendMarket(client, toEvmAddress(parameters.market), "claim", []);
}
