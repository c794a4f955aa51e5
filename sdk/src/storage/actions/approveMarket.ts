import { erc20Abi, type Address, type Hash } from "viem";
import { readContract } from "viem/actions";

import { explainFailure, sendContract, type ReadClient, type SigningClient } from "../../contract.ts";
import { InvalidArgumentError } from "../../errors.ts";
import { assertTokenBalance } from "../../token/balance.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";
import { storageMarketAbi } from "../abi.ts";
import { storageRevert } from "../errors.ts";

export interface ApproveMarketParameters {
  readonly market: AnyAddress;
  /**
   * Allowance to grant, in the market token's wei: a client approves the deal's whole escrow
   * (`pricePerPeriod * periods`), a host the deal's collateral (`collateral`), before `acceptDeal`.
   */
  readonly amount: bigint;
}
export type ApproveMarketReturnType = Hash;

/** The ERC-20 a market settles in (escrow, collateral and payouts): `StorageMarket.token()`. */
export async function getMarketToken(
  client: ReadClient,
  parameters: { readonly market: AnyAddress },
): Promise<Address> {
  const market = toEvmAddress(parameters.market);
  return readContract(client, { address: market, abi: storageMarketAbi, functionName: "token" }).catch(
    async (error: unknown) => {
      throw await explainFailure(client, market, "StorageMarket.token", error);
    },
  );
}

/**
 * Lets the market pull `amount` of its token from the caller (a deal's escrow or collateral),
 * after checking the caller holds it (an `InsufficientTokenBalanceError` otherwise, nothing sent).
 * Returns the approval's hash.
 */
export async function approveMarket(
  client: SigningClient,
  parameters: ApproveMarketParameters,
): Promise<ApproveMarketReturnType> {
  const market = toEvmAddress(parameters.market);
  const { amount } = parameters;
  if (typeof amount !== "bigint" || amount < 0n) {
    throw new InvalidArgumentError("Approval amount must be a non-negative bigint", { details: { amount } });
  }
  const token = await getMarketToken(client, { market });
  await assertTokenBalance(client, { token, owner: client.account.address, amount });
  return sendContract(
    client,
    { address: token, abi: erc20Abi, functionName: "approve", args: [market, amount] },
    storageRevert("token().approve"),
  );
}
