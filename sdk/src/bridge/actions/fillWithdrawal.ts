import type { Hex } from "viem";
import { readContract } from "viem/actions";

import { sendContract } from "../../contract.ts";

import { InvalidArgumentError } from "../../errors.ts";
import { inboxAbi, rootBridgeAbi } from "../abi.ts";
import { AlreadyExecutedError, AlreadyFilledError, bridgeRevert } from "../errors.ts";
import { decodeTransferPayload, WITHDRAW_KIND } from "../payload.ts";
import { toEvmAddress } from "../../tron/index.ts";
import type { AnyAddress, CrossChainMessage } from "../types.ts";
import { confirm, ensureAllowance, type SigningClient } from "./shared.ts";

export interface FillWithdrawalParameters {
  /** RootBridge on the client's chain (the withdrawal's destination). */
  rootBridge: AnyAddress;
  /** The WITHDRAW message as sent on BTTC (from `withdraw` or the Outbox logs). Read it at a
   * confirmation depth you trust: a fill of a message BTTC reorgs away is never repaid. */
  message: CrossChainMessage;
  /** Called at each stage, so a UI can show pending states (the approval stages only when one is sent). */
  onProgress?: (progress: FillWithdrawalProgress) => void;
}

/** The stages of a fill, in order. */
export type FillWithdrawalProgress =
  | { stage: "approval-sent"; hash: Hex }
  | { stage: "approval-confirmed"; hash: Hex }
  | { stage: "fill-sent"; hash: Hex }
  | { stage: "fill-confirmed"; hash: Hex };

export interface FillWithdrawalReturnType {
  hash: Hex;
  approvalHash?: Hex;
  /** The fill id the message will repay. */
  fillId: Hex;
  /** What the recipient received from the client's account. */
  paid: bigint;
}

/**
 * Fronts a fast withdrawal on its root chain from the client's own funds: the recipient gets
 * `amount - fastFee - deliveryFee` now, the client gets `amount - deliveryFee` when the proven
 * message executes. Every field comes from the message itself, so the fill is exact. Throws
 * `AlreadyFilledError` or `AlreadyExecutedError` before spending anything when it is too late.
 */
export async function fillWithdrawal(
  client: SigningClient,
  parameters: FillWithdrawalParameters,
): Promise<FillWithdrawalReturnType> {
  const bridge = toEvmAddress(parameters.rootBridge);
  const { message } = parameters;
  const t = decodeTransferPayload(message.payload);
  if (t.kind !== WITHDRAW_KIND) {
    throw new InvalidArgumentError("Only WITHDRAW messages can be filled", { details: { nonce: message.nonce } });
  }
  const [childChainId, inbox] = await Promise.all([
    readContract(client, { address: bridge, abi: rootBridgeAbi, functionName: "childChainId" }),
    readContract(client, { address: bridge, abi: rootBridgeAbi, functionName: "inbox" }),
  ]);
  if (message.sourceChainId !== childChainId || message.target.toLowerCase() !== bridge.toLowerCase()) {
    throw new InvalidArgumentError("The message is not a withdrawal to this RootBridge", {
      details: { sourceChainId: message.sourceChainId, target: message.target },
    });
  }
  const args = [message.nonce, t.rootToken, t.to, t.amount, t.fastFee, t.deliveryFee] as const;
  const fillId = await readContract(client, { address: bridge, abi: rootBridgeAbi, functionName: "fillId", args });
  const filler = await readContract(client, {
    address: bridge,
    abi: rootBridgeAbi,
    functionName: "fillerOf",
    args: [fillId],
  });
  if (filler !== "0x0000000000000000000000000000000000000000") {
    throw new AlreadyFilledError(`Withdrawal ${message.nonce} was filled by ${filler}`, {
      details: { fillId, filler },
    });
  }
  if (
    await readContract(client, {
      address: inbox,
      abi: inboxAbi,
      functionName: "isExecuted",
      args: [childChainId, message.nonce],
    })
  ) {
    throw new AlreadyExecutedError(`Withdrawal ${message.nonce} was executed already (the recipient was paid)`);
  }
  const paid = t.amount - t.fastFee - t.deliveryFee;
  const approvalHash = await ensureAllowance(client, t.rootToken, bridge, paid, {
    onSent: (approval) => parameters.onProgress?.({ stage: "approval-sent", hash: approval }),
    onConfirmed: (approval) => parameters.onProgress?.({ stage: "approval-confirmed", hash: approval }),
  });
  // Simulated first like every write, so a revert is a typed error and nothing is sent.
  const hash = await sendContract(
    client,
    { address: bridge, abi: rootBridgeAbi, functionName: "fill", args },
    bridgeRevert("RootBridge.fill"),
  );
  parameters.onProgress?.({ stage: "fill-sent", hash });
  await confirm(client, hash);
  parameters.onProgress?.({ stage: "fill-confirmed", hash });
  return approvalHash === undefined ? { hash, fillId, paid } : { hash, approvalHash, fillId, paid };
}
