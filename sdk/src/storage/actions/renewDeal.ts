import type { Address, Hash, Hex } from "viem";

import type { SigningClient } from "../../contract.ts";
import type { StorageDeal } from "../../messages/index.ts";
import { sendMarket } from "./contract.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface RenewDealParameters {
  readonly market: AnyAddress;
  readonly id: Hex;
  /** Renewal offer: same client, host, root, size, period length, price and challenges; start = the deal's end. */
  readonly terms: StorageDeal;
  readonly signature: Hex;
}
export type RenewDealReturnType = Hash;

/** The host accepts a client-signed renewal: more periods (and escrow, and optionally collateral). */
export function renewDeal(client: SigningClient, parameters: RenewDealParameters): Promise<RenewDealReturnType> {
  return sendMarket(client, toEvmAddress(parameters.market), "renewDeal", [
    parameters.id,
    parameters.terms,
    parameters.signature,
  ]);
}
