import type { Client } from "viem";
import { readContract } from "viem/actions";

import { WaitTimeoutError } from "../errors.ts";
import { inboxAbi } from "../abi.ts";
import { toEvmAddress } from "../../tron/index.ts";
import type { AnyAddress, CrossChainMessage, MessageStatus } from "../types.ts";

export interface GetMessageStatusParameters {
  /** The Inbox on the destination chain (the client's chain). */
  inbox: AnyAddress;
  message: Pick<CrossChainMessage, "sourceChainId" | "nonce">;
}

export type GetMessageStatusReturnType = MessageStatus;

/** Where a message stands on its destination chain (see `MessageStatus`). */
export async function getMessageStatus(
  client: Client,
  parameters: GetMessageStatusParameters,
): Promise<GetMessageStatusReturnType> {
  const address = toEvmAddress(parameters.inbox);
  const { sourceChainId, nonce } = parameters.message;
  const executed = await readContract(client, { address, abi: inboxAbi, functionName: "isExecuted", args: [sourceChainId, nonce] });
  if (executed) return "executed";
  const state = await readContract(client, { address, abi: inboxAbi, functionName: "sourceState", args: [sourceChainId] });
  if (nonce >= state.messageCount) return "waiting-for-checkpoint";
  const failed = await readContract(client, { address, abi: inboxAbi, functionName: "hasFailed", args: [sourceChainId, nonce] });
  return failed ? "failed" : "ready-to-execute";
}

const rank: Record<MessageStatus, number> = {
  "waiting-for-checkpoint": 0,
  "ready-to-execute": 1,
  failed: 1,
  executed: 2,
};

export interface WaitForMessageStatusParameters extends GetMessageStatusParameters {
  /** Stage to reach: `ready-to-execute` (checkpointed) or `executed`. Default `executed`. */
  status?: "ready-to-execute" | "executed";
  /** Poll period in ms. Default 1000. */
  pollingInterval?: number;
  /** Give up after this many ms. Default 30 minutes. */
  timeout?: number;
}

/**
 * Polls until the message reaches `status` (or a later stage) and returns the status seen. A
 * `failed` message counts as checkpointed; waiting for `executed` goes on through failures, since
 * anyone may retry them.
 */
export async function waitForMessageStatus(
  client: Client,
  parameters: WaitForMessageStatusParameters,
): Promise<MessageStatus> {
  const target = parameters.status ?? "executed";
  const interval = parameters.pollingInterval ?? 1000;
  const deadline = Date.now() + (parameters.timeout ?? 30 * 60_000);
  for (;;) {
    const status = await getMessageStatus(client, parameters);
    if (rank[status] >= rank[target]) return status;
    if (Date.now() + interval > deadline) {
      throw new WaitTimeoutError(`Message ${parameters.message.nonce} of chain ${parameters.message.sourceChainId} is still "${status}"`, {
        details: { expected: target },
        hints: [
          target === "executed" ? "Check that a relayer executes messages for this route" : "Check that checkpoints are being submitted to this chain",
        ],
      });
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** Deposit status on BTTC (the deposit's destination). */
export const getDepositStatus = getMessageStatus;

/** Waits until a deposit is executed on BTTC. */
export function waitForDeposit(
  client: Client,
  parameters: Omit<WaitForMessageStatusParameters, "status">,
): Promise<MessageStatus> {
  return waitForMessageStatus(client, { ...parameters, status: "executed" });
}

/** Withdrawal status on the destination root chain. */
export const getWithdrawalStatus = getMessageStatus;

/** Waits until a withdrawal is checkpointed on its root chain (ready to exit). */
export function waitForWithdrawalCheckpoint(
  client: Client,
  parameters: Omit<WaitForMessageStatusParameters, "status">,
): Promise<MessageStatus> {
  return waitForMessageStatus(client, { ...parameters, status: "ready-to-execute" });
}
