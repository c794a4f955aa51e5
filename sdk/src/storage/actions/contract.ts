import {
  type Account,
  type Address,
  type Chain,
  type Client,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type Hash,
  type Transport,
} from "viem";
import { simulateContract, writeContract } from "viem/actions";

import { storageMarketAbi } from "../abi.ts";
import { revertedCustomError } from "../../errors.ts";
import { StorageContractError } from "../errors.ts";

/** A client that can sign and send: a viem wallet client bound to an account. */
export type StorageWalletClient = Client<Transport, Chain | undefined, Account>;
/** Any viem client that can read. */
export type StorageReadClient = Client<Transport, Chain | undefined, Account | undefined>;

type WriteName = ContractFunctionName<typeof storageMarketAbi, "nonpayable">;

/**
 * Simulates then sends a market call, turning a revert into a `StorageContractError` that carries
 * the contract's custom error name and arguments. Returns the transaction hash (not awaited).
 */
export async function sendMarket<const F extends WriteName>(
  client: StorageWalletClient,
  market: Address,
  functionName: F,
  args: ContractFunctionArgs<typeof storageMarketAbi, "nonpayable", F>,
): Promise<Hash> {
  try {
    const { request } = await simulateContract(client, {
      address: market,
      abi: storageMarketAbi,
      functionName,
      args,
      account: client.account,
      chain: client.chain,
    } as never);
    return await writeContract(client, request as never);
  } catch (error) {
    throw toStorageError(error, functionName);
  }
}

/** Wraps a viem revert in a `StorageContractError` (other errors pass through). */
export function toStorageError(error: unknown, functionName: string): unknown {
  const reverted = revertedCustomError(error);
  if (reverted === undefined) return error;
  return new StorageContractError(`StorageMarket.${functionName} reverted with ${reverted.errorName}`, {
    errorName: reverted.errorName,
    args: reverted.args,
    cause: error,
  });
}
