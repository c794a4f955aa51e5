import type { Client, Hex } from "viem";
import { getChainId, readContract } from "viem/actions";

import { WrongChainError } from "../../errors.ts";
import { toEvmAddress } from "../../tron/index.ts";
import { inboxAbi, outboxAbi } from "../abi.ts";
import { MessageNotFoundError } from "../errors.ts";
import type { AnyAddress, CrossChainMessage, MessageStatus } from "../types.ts";
import { getMessageFromTransaction } from "./getMessageFromTransaction.ts";

/** The source chain of a message: a client of it and its Outbox. */
export interface MessageSource {
  client: Client;
  outbox: AnyAddress;
}

/** A message by its ids; `destChainId` (present in what `deposit`/`withdraw` return) lets the client's chain be checked. */
export type MessageRef = Pick<CrossChainMessage, "sourceChainId" | "nonce"> &
  Partial<Pick<CrossChainMessage, "destChainId">>;

export type GetMessageStatusParameters =
  | {
      /** The Inbox on the destination chain (the client's chain). */
      inbox: AnyAddress;
      message: MessageRef;
      /**
       * The source chain. With it a message that was never sent is a `MessageNotFoundError`;
       * without it, a message the Inbox has not seen can only be `waiting-for-checkpoint`.
       */
      source?: MessageSource;
    }
  | {
      inbox: AnyAddress;
      /** The transaction that sent the message, on the source chain. */
      hash: Hex;
      source: MessageSource;
    };

export type GetMessageStatusReturnType = MessageStatus;
export type GetMessageStatusErrorType = MessageNotFoundError | WrongChainError;

/**
 * Where a message stands on its destination chain (see `MessageStatus`). Never answers for a
 * message that cannot exist: a client on another chain than the message's destination (or the
 * source client on another chain than its source) is a `WrongChainError`; with `source`, a nonce
 * the source Outbox never sent to this chain, or a transaction that sent no message, is a
 * `MessageNotFoundError`.
 */
export async function getMessageStatus(
  client: Client,
  parameters: GetMessageStatusParameters,
): Promise<GetMessageStatusReturnType> {
  const address = toEvmAddress(parameters.inbox);
  const source = parameters.source;
  const message: MessageRef =
    "hash" in parameters
      ? await getMessageFromTransaction(parameters.source.client, {
          hash: parameters.hash,
          outbox: parameters.source.outbox,
        })
      : parameters.message;
  const { sourceChainId, nonce } = message;
  const chainId = BigInt(await getChainId(client));
  if (message.destChainId !== undefined && message.destChainId !== chainId) {
    throw new WrongChainError(
      `The message goes to chain ${message.destChainId}, but the client is on chain ${chainId}`,
      {
        hints: ["Ask the destination chain: a deposit's status on BTTC, a withdrawal's on its root chain"],
      },
    );
  }
  if (sourceChainId === chainId) {
    throw new WrongChainError(`The message comes from chain ${sourceChainId}, the client's own chain`, {
      hints: ["Pass a client of the destination chain"],
    });
  }
  if (source !== undefined && !("hash" in parameters)) {
    const sourceChain = BigInt(await getChainId(source.client));
    if (sourceChain !== sourceChainId) {
      throw new WrongChainError(
        `The message comes from chain ${sourceChainId}, but the source client is on chain ${sourceChain}`,
      );
    }
  }
  const executed = await readContract(client, {
    address,
    abi: inboxAbi,
    functionName: "isExecuted",
    args: [sourceChainId, nonce],
  });
  if (executed) return "executed";
  const state = await readContract(client, {
    address,
    abi: inboxAbi,
    functionName: "sourceState",
    args: [sourceChainId],
  });
  if (nonce < state.messageCount) {
    const failed = await readContract(client, {
      address,
      abi: inboxAbi,
      functionName: "hasFailed",
      args: [sourceChainId, nonce],
    });
    return failed ? "failed" : "ready-to-execute";
  }
  if (source !== undefined) {
    const sent = await readContract(source.client, {
      address: toEvmAddress(source.outbox),
      abi: outboxAbi,
      functionName: "messageCount",
      args: [chainId],
    });
    if (nonce >= sent) {
      throw new MessageNotFoundError(`Chain ${sourceChainId} never sent message ${nonce} to chain ${chainId}`, {
        details: { sent },
        hints: [
          "Check the nonce and the chains; take the message from what deposit/withdraw returned, or pass the transaction hash",
        ],
      });
    }
  }
  return "waiting-for-checkpoint";
}

/** Deposit status on BTTC (the deposit's destination). */
export const getDepositStatus = getMessageStatus;

/** Withdrawal status on the destination root chain. */
export const getWithdrawalStatus = getMessageStatus;
