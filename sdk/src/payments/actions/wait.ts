import type { Abi, ContractFunctionArgs, ContractFunctionName, Hash } from "viem";
import { waitForTransactionReceipt } from "viem/actions";

import { sendContract, type ContractWrite } from "../../contract.ts";
import { PaymentsError, paymentsRevert } from "../errors.ts";
import type { ReadClient, SigningClient } from "../client.ts";

/** @internal Sends a call to another contract (e.g. an ERC-20 approval) through the one write path and waits for success. */
export async function sendAndWait<
  const abi extends Abi,
  functionName extends ContractFunctionName<abi, "nonpayable" | "payable">,
  const args extends ContractFunctionArgs<abi, "nonpayable" | "payable", functionName>,
>(client: SigningClient, call: ContractWrite<abi, functionName, args>): Promise<void> {
  await waitForSuccess(client, await sendContract(client, call, paymentsRevert));
}

/** Waits for a transaction and throws if it reverted. */
export async function waitForSuccess(client: ReadClient, hash: Hash) {
  const receipt = await waitForTransactionReceipt(client, { hash });
  if (receipt.status !== "success") {
    throw new PaymentsError("Transaction reverted", { details: { hash }, hints: ["Inspect it with a trace"] });
  }
  return receipt;
}
