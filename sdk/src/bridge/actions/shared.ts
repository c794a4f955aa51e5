import type { Account, Address, Chain, Client, Hex, TransactionReceipt, Transport } from "viem";
import { erc20Abi } from "viem";
import { getChainId, readContract, waitForTransactionReceipt, writeContract } from "viem/actions";

import { rootBridgeAbi } from "../abi.ts";
import { MessageNotFoundError } from "../errors.ts";
import { messagesFromLogs } from "../logs.ts";
import type { CrossChainMessage } from "../types.ts";

/** A viem client that can sign and send (a wallet client with an account). */
export type SigningClient = Client<Transport, Chain | undefined, Account>;

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

/** Approves `spender` for `amount` of `token` when the allowance is short; returns the approval hash. */
export async function ensureAllowance(client: SigningClient, token: Address, spender: Address, amount: bigint): Promise<Hex | undefined> {
  const allowance = await readContract(client, { address: token, abi: erc20Abi, functionName: "allowance", args: [client.account.address, spender] });
  if (allowance >= amount) return undefined;
  const hash = await writeContract(client, {
    account: client.account,
    chain: client.chain,
    address: token,
    abi: erc20Abi,
    functionName: "approve",
    args: [spender, amount],
  });
  await confirm(client, hash);
  return hash;
}
