import type { Abi, Account, Address, ContractFunctionArgs, ContractFunctionName, Hash } from "viem";

import { sendContract as send, type ContractWrite, type ReadClient } from "../contract.ts";
import { governanceRevert } from "./errors.ts";

/** Options shared by every write action. */
export interface WriteOptions {
  /** Sender; defaults to the client's account. */
  account?: Account | Address;
}

type WriteMutability = "nonpayable" | "payable";

/** The SDK's one write path bound to the governance errors (`governanceErrorTable`). Never retries. */
export function sendContract<
  const abi extends Abi,
  functionName extends ContractFunctionName<abi, WriteMutability>,
  const args extends ContractFunctionArgs<abi, WriteMutability, functionName>,
>(client: ReadClient, call: ContractWrite<abi, functionName, args>): Promise<Hash> {
  return send(client, call, governanceRevert);
}
