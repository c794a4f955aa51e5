import type { Hash } from "viem";

import type { SigningClient } from "../../contract.ts";
import type { DealCallParameters } from "../types.ts";
import { sendMarket } from "./contract.ts";

export type ReportMissedParameters = DealCallParameters;
export type ReportMissedReturnType = Hash;

/** Anyone settles a deal's closed unproven periods (refund, slash, bounty to the caller). */
export function reportMissed(
  client: SigningClient,
  parameters: ReportMissedParameters,
): Promise<ReportMissedReturnType> {
  return sendMarket(client, parameters.market, "reportMissed", [parameters.id]);
}
