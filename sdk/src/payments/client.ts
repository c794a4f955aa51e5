import type { Account, Address, Chain, Client, Hash, Transport } from "viem";
import { readContract, simulateContract, writeContract } from "viem/actions";

import { paymentChannelsAbi } from "./abi.ts";
import { decodePaymentChannelsError } from "./errors.ts";

/** Any viem client (public or wallet) reaching the chain of the pool. */
export type PaymentsReadClient = Client<Transport, Chain | undefined, Account | undefined>;
/** A viem client bound to the account that sends the transaction. */
export type PaymentsWalletClient = Client<Transport, Chain | undefined, Account>;

type PoolAbi = typeof paymentChannelsAbi;
type WriteName = Extract<PoolAbi[number], { type: "function"; stateMutability: "nonpayable" | "payable" }>["name"];
type ReadName = Extract<PoolAbi[number], { type: "function"; stateMutability: "view" | "pure" }>["name"];

/**
 * Simulates, then sends a PaymentChannels call from the client's account. A revert surfaces as
 * the matching `PaymentChannelsError` (decoded custom error) before anything is sent; nothing is
 * ever retried.
 * @internal
 */
export async function writePool(
  client: PaymentsWalletClient,
  pool: Address,
  functionName: WriteName,
  args: readonly unknown[],
  value?: bigint,
): Promise<Hash> {
  try {
    const { request } = await simulateContract(client, {
      address: pool,
      abi: paymentChannelsAbi,
      functionName,
      args,
      account: client.account,
      chain: client.chain,
      ...(value === undefined ? {} : { value }),
    } as Parameters<typeof simulateContract>[1]);
    return await writeContract(client, request as Parameters<typeof writeContract>[1]);
  } catch (error) {
    throw decodePaymentChannelsError(error) ?? error;
  }
}

/** @internal Reads a PaymentChannels view. */
export async function readPool<T>(
  client: PaymentsReadClient,
  pool: Address,
  functionName: ReadName,
  args: readonly unknown[],
): Promise<T> {
  return (await readContract(client, {
    address: pool,
    abi: paymentChannelsAbi,
    functionName,
    args,
  } as Parameters<typeof readContract>[1])) as T;
}
