import type { ContractFunctionArgs, ContractFunctionName, Hash } from "viem";

import { sendContract, type SigningClient } from "../../contract.ts";
import { storageMarketAbi } from "../abi.ts";
import { storageRevert } from "../errors.ts";
import type { AnyAddress } from "../../tron/address.ts";

type MarketAbi = typeof storageMarketAbi;
type WriteName = ContractFunctionName<MarketAbi, "nonpayable">;

/**
 * The SDK's one write path (`sendContract`: simulate, send, decode) for a market call: a revert
 * becomes a `StorageContractError` carrying the contract's custom error name and arguments.
 * Returns the transaction hash (not awaited).
 */
export function sendMarket<const F extends WriteName>(
  client: SigningClient,
  market: AnyAddress,
  functionName: F,
  args: ContractFunctionArgs<MarketAbi, "nonpayable", F>,
): Promise<Hash> {
  return sendContract(
    client,
    { address: market, abi: storageMarketAbi, functionName, args },
    storageRevert(functionName),
  );
}
