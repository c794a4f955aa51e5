import type { Address, Client, Hex, TransactionReceipt } from "viem";
import { getChainId, readContract, waitForTransactionReceipt } from "viem/actions";

import { rootBridgeAbi } from "../abi.ts";
import { MessageNotFoundError } from "../errors.ts";
import { messagesFromLogs } from "../logs.ts";
import type { CrossChainMessage } from "../types.ts";

export type { SigningClient } from "../../contract.ts";

/** Waits for a receipt and throws when the transaction reverted. */
export async function confirm(client: Client, hash: Hex): Promise<TransactionReceipt> {
  const receipt = await waitForTransactionReceipt(client, { hash });
  if (receipt.status !== "success") {
    throw new MessageNotFoundError(`Transaction ${hash} reverted`, { details: { hash } });
  }
  return receipt;
}

/** The one Outbox message a bridge transaction emitted. */
export async function sentMessage(
  client: Client,
  outbox: Address,
  receipt: TransactionReceipt,
): Promise<CrossChainMessage> {
  const chainId = BigInt(await getChainId(client));
  const [message] = messagesFromLogs(chainId, outbox, receipt.logs);
  if (message === undefined) {
    throw new MessageNotFoundError(`Transaction ${receipt.transactionHash} sent no message through ${outbox}`);
  }
  return message;
}

/** Reads `outbox()` of a bridge (both bridges have it). */
export async function outboxOf(client: Client, bridge: Address): Promise<Address> {
  return readContract(client, { address: bridge, abi: rootBridgeAbi, functionName: "outbox" });
}
