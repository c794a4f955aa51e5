import type { Hex } from "viem";

import { hashMessage, signMessage, type StorageDeal, type TypedDataSigner } from "../../messages/index.ts";

export interface SignDealParameters {
  /** The client's signer (a viem local account or a wallet client bound to the client's account). */
  readonly signer: TypedDataSigner;
  readonly terms: StorageDeal;
}

export interface SignDealReturnType {
  readonly terms: StorageDeal;
  readonly signature: Hex;
  /** The deal id the market will assign: the offer's EIP-712 digest. */
  readonly id: Hex;
}

/** The client signs a deal offer (EIP-712 `StorageDeal`) for the host to accept. */
export async function signDeal(parameters: SignDealParameters): Promise<SignDealReturnType> {
  const signature = await signMessage(parameters.signer, "StorageDeal", parameters.terms);
  return { terms: parameters.terms, signature, id: hashMessage("StorageDeal", parameters.terms) };
}

/** The id a deal created from `terms` has (also the id of a renewal offer). */
export function dealIdOf(terms: StorageDeal): Hex {
  return hashMessage("StorageDeal", terms);
}
