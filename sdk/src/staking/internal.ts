import type { Abi, Account, Address, ContractFunctionArgs, ContractFunctionName, Hash } from "viem";

import { sendContract as send, type ContractWrite, type ReadClient } from "../contract.ts";
import { stakingRevert } from "./errors.ts";

/** Options shared by every write action. */
export interface WriteOptions {
  /** Sender; defaults to the client's account. */
  account?: Account | Address;
}

type WriteMutability = "nonpayable" | "payable";

/**
 * The SDK's one write path (`sendContract`: simulate, send, decode) bound to the staking errors
 * (`stakingErrorTable`), ERC-20 errors included. Never retries.
 */
export function sendContract<
  const abi extends Abi,
  functionName extends ContractFunctionName<abi, WriteMutability>,
  const args extends ContractFunctionArgs<abi, WriteMutability, functionName>,
>(client: ReadClient, call: ContractWrite<abi, functionName, args>): Promise<Hash> {
  return send(client, call, stakingRevert);
}
