import { erc20Abi, type Address, type Client, type Hex, type TransactionReceipt } from "viem";
import { getChainId, readContract, waitForTransactionReceipt } from "viem/actions";

import { sendContract, type SigningClient } from "../../contract.ts";
import { TransactionRevertedError } from "../../errors.ts";
import { bridgeRevert } from "../errors.ts";

import { rootBridgeAbi } from "../abi.ts";
import { MessageNotFoundError } from "../errors.ts";
import { messagesFromLogs } from "../logs.ts";
import type { CrossChainMessage } from "../types.ts";

export type { SigningClient };

/** Waits for a receipt and throws when the transaction reverted. */
export async function confirm(client: Client, hash: Hex): Promise<TransactionReceipt> {
  const receipt = await waitForTransactionReceipt(client, { hash });
  if (receipt.status !== "success") {
    throw new TransactionRevertedError(`Transaction ${hash} reverted in block ${receipt.blockNumber}`, {
      details: { hash, blockNumber: receipt.blockNumber },
      hints: ["It passed its simulation, so the chain changed before its inclusion: read the state again and retry"],
    });
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

/**
 * Approves `spender` for `amount` of `token` when the allowance is short and waits for the approval;
 * returns its hash (undefined when none was needed). `onSent`/`onConfirmed` report the stages.
 */
export async function ensureAllowance(
  client: SigningClient,
  token: Address,
  spender: Address,
  amount: bigint,
  progress: { onSent?: (hash: Hex) => void; onConfirmed?: (hash: Hex) => void } = {},
): Promise<Hex | undefined> {
  const allowance = await readContract(client, {
    address: token,
    abi: erc20Abi,
    functionName: "allowance",
    args: [client.account.address, spender],
  });
  if (allowance >= amount) return undefined;
  const hash = await sendContract(
    client,
    { address: token, abi: erc20Abi, functionName: "approve", args: [spender, amount] },
    bridgeRevert(`ERC20(${token}).approve`),
  );
  progress.onSent?.(hash);
  await confirm(client, hash);
  progress.onConfirmed?.(hash);
  return hash;
}
