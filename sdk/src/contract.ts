import type {
  Abi,
  Account,
  Address,
  Chain,
  Client,
  ContractFunctionArgs,
  ContractFunctionName,
  Hash,
  Transport,
} from "viem";
import { simulateContract, writeContract } from "viem/actions";

import { revertedCustomError, type ContractRevertError, type RevertedCustomError } from "./errors.ts";
import { erc20ErrorsAbi } from "./token/abi.ts";

/** Any viem client that can read: a public client, or a wallet client with or without an account. */
export type ReadClient = Client<Transport, Chain | undefined, Account | undefined>;
/** A viem client that signs and sends: a wallet client bound to an account. */
export type SigningClient = Client<Transport, Chain | undefined, Account>;

type WriteMutability = "nonpayable" | "payable";

/** A state-changing call of `abi`, typed by viem from the ABI (function name, arguments, value). */
export interface ContractWrite<
  abi extends Abi,
  functionName extends ContractFunctionName<abi, WriteMutability>,
  args extends ContractFunctionArgs<abi, WriteMutability, functionName>,
> {
  readonly address: Address;
  readonly abi: abi;
  readonly functionName: functionName;
  readonly args: args;
  /** Native value sent with the call (payable functions). */
  readonly value?: bigint;
  /** Sender; defaults to the client's account. */
  readonly account?: Account | Address;
}

/** Turns a decoded custom error into the domain's `ContractRevertError` subclass. */
export type RevertDecoder = (revert: RevertedCustomError, cause: unknown) => ContractRevertError;

/**
 * The one write path of the SDK: simulates the call (so a revert is caught before anything is
 * signed), sends it, and turns a revert into the domain's typed error via `decode`. ERC-20 errors
 * are decoded too (they bubble up through deposits and stakes). Returns the transaction hash; it
 * never retries and never waits for the receipt.
 */
export async function sendContract<
  const abi extends Abi,
  functionName extends ContractFunctionName<abi, WriteMutability>,
  const args extends ContractFunctionArgs<abi, WriteMutability, functionName>,
>(client: ReadClient, call: ContractWrite<abi, functionName, args>, decode: RevertDecoder): Promise<Hash> {
  try {
    const { request } = await simulateContract(client, {
      address: call.address,
      abi: [...call.abi, ...erc20ErrorsAbi],
      functionName: call.functionName,
      args: call.args,
      account: call.account ?? client.account,
      chain: client.chain,
      ...(call.value === undefined ? {} : { value: call.value }),
    } as never);
    return await writeContract(client, request as never);
  } catch (error) {
    throw decodeRevert(error, decode);
  }
}

/** Maps a viem error to the domain's revert class when it carries a decoded custom error; else returns it unchanged. */
export function decodeRevert(error: unknown, decode: RevertDecoder): unknown {
  const reverted = revertedCustomError(error);
  return reverted === undefined ? error : decode(reverted, error);
}
