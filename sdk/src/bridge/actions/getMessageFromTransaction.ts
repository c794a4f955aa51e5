import type { Client, Hex } from "viem";
import { getChainId, getTransactionReceipt } from "viem/actions";

import { InvalidArgumentError } from "../../errors.ts";
import { toEvmAddress } from "../../tron/index.ts";
import { MessageNotFoundError } from "../errors.ts";
import { messagesFromLogs } from "../logs.ts";
import type { AnyAddress, OutboxMessage } from "../types.ts";

export interface GetMessageFromTransactionParameters {
  /** The transaction that sent the message (a deposit or a withdrawal), on the client's chain. */
  hash: Hex;
  /** The Outbox on the client's chain: only its `MessageSent` logs count (anyone can emit a look-alike). */
  outbox: AnyAddress;
}
/** The message with the leaf its log carries, as `deposit` and `withdraw` return it. */
export type GetMessageFromTransactionReturnType = OutboxMessage;
export type GetMessageFromTransactionErrorType = MessageNotFoundError | InvalidArgumentError;

/**
 * The cross-chain message a transaction sent through the Outbox, read from its receipt on the
 * source chain (as matic.js's `isDeposited(txHash)` starts). Throws `MessageNotFoundError` when the
 * transaction is unknown on this chain, reverted, or sent no message through this Outbox.
 */
export async function getMessageFromTransaction(
  client: Client,
  parameters: GetMessageFromTransactionParameters,
): Promise<GetMessageFromTransactionReturnType> {
  const outbox = toEvmAddress(parameters.outbox);
  const chainId = BigInt(await getChainId(client));
  const receipt = await getTransactionReceipt(client, { hash: parameters.hash }).catch((cause: unknown) => {
    throw new MessageNotFoundError(`No transaction ${parameters.hash} on chain ${chainId}`, {
      cause,
      hints: ["Pass a client of the chain the transaction was sent on (the message's source chain), after it is mined"],
    });
  });
  if (receipt.status !== "success") {
    throw new MessageNotFoundError(`Transaction ${parameters.hash} reverted: it sent no message`, {
      details: { chainId },
    });
  }
  const messages = messagesFromLogs(chainId, outbox, receipt.logs);
  if (messages.length === 0) {
    throw new MessageNotFoundError(`Transaction ${parameters.hash} sent no message through the Outbox ${outbox}`, {
      details: { chainId },
      hints: ["Check the Outbox address (the deployment manifest's outbox on the source chain)"],
    });
  }
  if (messages.length > 1) {
    throw new InvalidArgumentError(`Transaction ${parameters.hash} sent ${messages.length} messages`, {
      hints: ["Read them with getOutboxMessages and pass the one you want as `message`"],
    });
  }
  return messages[0]!;
}
