import type { Client } from "viem";

import { WaitTimeoutError } from "../errors.ts";
import type { MessageStatus } from "../types.ts";
import { getMessageStatus, type GetMessageStatusParameters } from "./getMessageStatus.ts";

const rank: Record<MessageStatus, number> = {
  "waiting-for-checkpoint": 0,
  "ready-to-execute": 1,
  failed: 1,
  executed: 2,
};

export type WaitForMessageStatusParameters = GetMessageStatusParameters & {
  /** Stage to reach: `ready-to-execute` (checkpointed) or `executed`. Default `executed`. */
  status?: "ready-to-execute" | "executed";
  /** Poll period in ms. Default 1000. */
  pollingInterval?: number;
  /** Give up after this many ms. Default 30 minutes. */
  timeout?: number;
};
export type WaitForMessageStatusReturnType = MessageStatus;

/** The parameters of a wait whose target status is fixed (`waitForDeposit`, `waitForWithdrawalCheckpoint`). */
export type WaitForStageParameters = WaitForMessageStatusParameters extends infer T
  ? T extends unknown
    ? Omit<T, "status">
    : never
  : never;

/**
 * Polls until the message reaches `status` (or a later stage) and returns the status seen. A
 * `failed` message counts as checkpointed; waiting for `executed` goes on through failures, since
 * anyone may retry them. A message that cannot exist fails at once (see `getMessageStatus`).
 */
export async function waitForMessageStatus(
  client: Client,
  parameters: WaitForMessageStatusParameters,
): Promise<WaitForMessageStatusReturnType> {
  const target = parameters.status ?? "executed";
  const interval = parameters.pollingInterval ?? 1000;
  const deadline = Date.now() + (parameters.timeout ?? 30 * 60_000);
  for (;;) {
    const status = await getMessageStatus(client, parameters);
    if (rank[status] >= rank[target]) return status;
    if (Date.now() + interval > deadline) {
      const what =
        "hash" in parameters
          ? `The message of ${parameters.hash}`
          : `Message ${parameters.message.nonce} of chain ${parameters.message.sourceChainId}`;
      throw new WaitTimeoutError(`${what} is still "${status}"`, {
        details: { expected: target },
        hints: [
          target === "executed"
            ? "Check that a relayer executes messages for this route"
            : "Check that checkpoints are being submitted to this chain",
        ],
      });
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** Waits until a deposit is executed on BTTC. */
export function waitForDeposit(client: Client, parameters: WaitForStageParameters): Promise<MessageStatus> {
  return waitForMessageStatus(client, { ...parameters, status: "executed" } as WaitForMessageStatusParameters);
}

/** Waits until a withdrawal is checkpointed on its root chain (ready to exit). */
export function waitForWithdrawalCheckpoint(
  client: Client,
  parameters: WaitForStageParameters,
): Promise<MessageStatus> {
  return waitForMessageStatus(client, { ...parameters, status: "ready-to-execute" } as WaitForMessageStatusParameters);
}
