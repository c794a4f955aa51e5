import type { Hash } from "viem";

import type { SigningClient } from "../../contract.ts";
import type { DealCallParameters } from "../types.ts";
import { sendMarket } from "./contract.ts";

export type CancelDealParameters = DealCallParameters;
export type CancelDealReturnType = Hash;

/**
 * The client cancels: before the start everything is returned; after it the deal is cut to the
 * current period plus one period of notice.
 */
export function cancelDeal(client: SigningClient, parameters: CancelDealParameters): Promise<CancelDealReturnType> {
  return sendMarket(client, parameters.market, "cancelDeal", [parameters.id]);
}
