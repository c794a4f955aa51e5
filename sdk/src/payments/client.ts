import type { Address, ContractFunctionArgs, ContractFunctionName, Hash } from "viem";
import { readContract } from "viem/actions";

import { sendContract, type ReadClient, type SigningClient } from "../contract.ts";
import { paymentChannelsAbi } from "./abi.ts";
import { paymentsRevert } from "./errors.ts";

export type { ReadClient, SigningClient };

type PoolAbi = typeof paymentChannelsAbi;
type WriteName = ContractFunctionName<PoolAbi, "nonpayable" | "payable">;
type ReadName = ContractFunctionName<PoolAbi, "view" | "pure">;

/**
 * The SDK's one write path (`sendContract`: simulate, send, decode) for a PaymentChannels call from
 * the client's account. A revert surfaces as the matching `PaymentChannelsError` before anything
 * is sent; nothing is ever retried.
 * @internal
 */
export function writePool<const F extends WriteName>(
  client: SigningClient,
  pool: Address,
  functionName: F,
  args: ContractFunctionArgs<PoolAbi, "nonpayable" | "payable", F>,
  value?: bigint,
): Promise<Hash> {
  return sendContract(
    client,
    { address: pool, abi: paymentChannelsAbi, functionName, args, ...(value === undefined ? {} : { value }) },
    paymentsRevert,
  );
}

/** @internal Reads a PaymentChannels view. */
export async function readPool<T>(
  client: ReadClient,
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
