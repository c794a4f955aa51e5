import type { Address, Hash, Hex } from "viem";

import type { StorageDeal } from "../../messages/index.ts";
import type { SigningClient } from "../../contract.ts";
import { sendMarket } from "./contract.ts";
import { dealIdOf } from "./signDeal.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface AcceptDealParameters {
  readonly market: AnyAddress;
  readonly terms: StorageDeal;
  /** The client's signature over `terms`. */
  readonly signature: Hex;
}

export interface AcceptDealReturnType {
  readonly hash: Hash;
  readonly id: Hex;
}

/**
 * The host accepts a signed offer: the market pulls the escrow from the client and the collateral
 * from the host (both must have approved the market). `client` must be the host's wallet.
 */
export async function acceptDeal(
  client: SigningClient,
  parameters: AcceptDealParameters,
): Promise<AcceptDealReturnType> {
  const { market, terms, signature } = parameters;
  const hash = await sendMarket(client, market, "acceptDeal", [terms, signature]);
  return { hash, id: dealIdOf(terms) };
}
