import type { Address, Client } from "viem";
import { readContract } from "viem/actions";

import { inboxAbi, rootBridgeAbi } from "../abi.ts";
import { decodeTransferPayload } from "../payload.ts";
import { toEvmAddress } from "../../tron/index.ts";
import type { AnyAddress, CrossChainMessage } from "../types.ts";

/**
 * Where a withdrawal's money is, on its root chain:
 * - `sent`: burnt on BTTC; nobody has paid the recipient yet;
 * - `filled`: a relayer paid the recipient (`amount - fastFee - deliveryFee`); not checkpointed yet;
 * - `checkpointed`: covered by a checkpoint; executable (`filled` tells whether the recipient was paid already);
 * - `executed`: the slow path paid the recipient (`amount - deliveryFee`);
 * - `repaid`: executed after a fill: the filler got its funds back.
 */
export type WithdrawalStage = "sent" | "filled" | "checkpointed" | "executed" | "repaid";

export interface WithdrawalProgress {
  stage: WithdrawalStage;
  /** Whether the recipient has been paid (by a filler or by the execution). */
  recipientPaid: boolean;
  /** The filler, when the withdrawal was fronted. */
  filler?: Address;
  /** What the recipient receives (or received): less the fast fee only when filled. */
  recipientAmount: bigint;
}

export interface GetWithdrawalProgressParameters {
  rootBridge: AnyAddress;
  /** The WITHDRAW message as sent on BTTC. */
  message: CrossChainMessage;
}

/** Reads the stage of a withdrawal on its root chain (the client's chain). */
export async function getWithdrawalProgress(
  client: Client,
  parameters: GetWithdrawalProgressParameters,
): Promise<WithdrawalProgress> {
  const bridge = toEvmAddress(parameters.rootBridge);
  const { message } = parameters;
  const t = decodeTransferPayload(message.payload);
  const inbox = await readContract(client, { address: bridge, abi: rootBridgeAbi, functionName: "inbox" });
  const fillId = await readContract(client, {
    address: bridge,
    abi: rootBridgeAbi,
    functionName: "fillId",
    args: [message.nonce, t.rootToken, t.to, t.amount, t.fastFee, t.deliveryFee],
  });
  const [filler, executed, state] = await Promise.all([
    readContract(client, { address: bridge, abi: rootBridgeAbi, functionName: "fillerOf", args: [fillId] }),
    readContract(client, {
      address: inbox,
      abi: inboxAbi,
      functionName: "isExecuted",
      args: [message.sourceChainId, message.nonce],
    }),
    readContract(client, { address: inbox, abi: inboxAbi, functionName: "sourceState", args: [message.sourceChainId] }),
  ]);
  const filled = filler !== "0x0000000000000000000000000000000000000000";
  const recipientAmount = t.amount - t.deliveryFee - (filled ? t.fastFee : 0n);
  const stage: WithdrawalStage = executed
    ? filled
      ? "repaid"
      : "executed"
    : message.nonce < state.messageCount
      ? "checkpointed"
      : filled
        ? "filled"
        : "sent";
  return { stage, recipientPaid: filled || executed, ...(filled ? { filler } : {}), recipientAmount };
}
