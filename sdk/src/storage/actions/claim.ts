import type { Address, Hash } from "viem";

import type { SigningClient } from "../../contract.ts";
import { sendMarket } from "./contract.ts";

export interface ClaimParameters {
  readonly market: Address;
}
export type ClaimReturnType = Hash;

/** Pulls all of the caller's credits (earnings, refunds, bounties, returned collateral). */
export function claim(client: SigningClient, parameters: ClaimParameters): Promise<ClaimReturnType> {
  return sendMarket(client, parameters.market, "claim", []);
}
