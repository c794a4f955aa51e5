import type { Hex } from "viem";
import { readContract } from "viem/actions";

import { explainFailure, sendContract } from "../../contract.ts";

import { InvalidArgumentError } from "../../errors.ts";
import { childBridgeAbi } from "../abi.ts";
import { bridgeRevert } from "../errors.ts";
import { toEvmAddress } from "../../tron/index.ts";
import type { AnyAddress, CrossChainMessage } from "../types.ts";
import { confirm, outboxOf, sentMessage, type SigningClient } from "./shared.ts";

export interface WithdrawParameters {
  /** ChildBridge on BTTC (the client's chain). */
  childBridge: AnyAddress;
  /** The child token (e.g. USDT_t), or `"native"` for BTT. */
  token: AnyAddress | "native";
  /** Root chain to exit on: the one the token is mapped on. */
  rootChainId: bigint;
  amount: bigint;
  /** Recipient on the root chain (hex or TRON base58). Default: the client's account. */
  recipient?: AnyAddress;
  /**
   * Ask for a fast exit: a relayer may pay the recipient `amount - maxFee - deliveryFee` on the
   * root chain at once and keep `maxFee`. Unfilled, the withdrawal takes the slow path and the
   * fast fee is not charged.
   */
  fast?: { maxFee: bigint };
  /** Paid out of `amount`, in the token, to whoever executes the message on the root chain. Default 0. */
  deliveryFee?: bigint;
  /** Called at each stage, so a UI can show pending states. */
  onProgress?: (progress: WithdrawProgress) => void;
}

/** The stages of a withdrawal on BTTC, in order. */
export type WithdrawProgress =
  { stage: "withdraw-sent"; hash: Hex } | { stage: "withdraw-confirmed"; hash: Hex; message: CrossChainMessage };

export interface WithdrawReturnType {
  hash: Hex;
  /** The WITHDRAW message: wait for `ready-to-execute` on the root chain, then `exit`. */
  message: CrossChainMessage;
}

/** Burns child tokens (or locks native BTT) on BTTC for an exit on `rootChainId`, paying the flat fee. */
export async function withdraw(client: SigningClient, parameters: WithdrawParameters): Promise<WithdrawReturnType> {
  const bridge = toEvmAddress(parameters.childBridge);
  const recipient = toEvmAddress(parameters.recipient ?? client.account.address);
  if (typeof parameters.amount !== "bigint" || parameters.amount <= 0n) {
    throw new InvalidArgumentError("Withdrawal amount must be a positive bigint", {
      details: { amount: parameters.amount },
    });
  }
  const fastFee = parameters.fast?.maxFee ?? 0n;
  const deliveryFee = parameters.deliveryFee ?? 0n;
  if (
    typeof fastFee !== "bigint" ||
    typeof deliveryFee !== "bigint" ||
    fastFee < 0n ||
    deliveryFee < 0n ||
    fastFee + deliveryFee >= parameters.amount
  ) {
    throw new InvalidArgumentError("Fees must be non-negative bigints that leave the recipient part of the amount", {
      details: { amount: parameters.amount, fastFee, deliveryFee },
      hints: ["fast.maxFee + deliveryFee must be below amount"],
    });
  }
  const withFees = fastFee !== 0n || deliveryFee !== 0n;
  const fee = await readContract(client, { address: bridge, abi: childBridgeAbi, functionName: "fee" }).catch(
    async (error: unknown) => {
      throw await explainFailure(client, bridge, "ChildBridge.fee", error);
    },
  );
  const base = { address: bridge, abi: childBridgeAbi } as const;
  const { rootChainId, amount } = parameters;
  let hash: Hex;
  if (parameters.token === "native") {
    const value = amount + fee;
    hash = withFees
      ? await sendContract(
          client,
          {
            ...base,
            functionName: "withdrawNativeWithFees",
            args: [rootChainId, recipient, fastFee, deliveryFee],
            value,
          },
          bridgeRevert("ChildBridge.withdrawNativeWithFees"),
        )
      : await sendContract(
          client,
          { ...base, functionName: "withdrawNative", args: [rootChainId, recipient], value },
          bridgeRevert("ChildBridge.withdrawNative"),
        );
  } else {
    const token = toEvmAddress(parameters.token);
    hash = withFees
      ? await sendContract(
          client,
          {
            ...base,
            functionName: "withdrawWithFees",
            args: [token, rootChainId, recipient, amount, fastFee, deliveryFee],
            value: fee,
          },
          bridgeRevert("ChildBridge.withdrawWithFees"),
        )
      : await sendContract(
          client,
          { ...base, functionName: "withdraw", args: [token, rootChainId, recipient, amount], value: fee },
          bridgeRevert("ChildBridge.withdraw"),
        );
  }
  parameters.onProgress?.({ stage: "withdraw-sent", hash });
  const receipt = await confirm(client, hash);
  const message = await sentMessage(client, await outboxOf(client, bridge), receipt);
  parameters.onProgress?.({ stage: "withdraw-confirmed", hash, message });
  return { hash, message };
}
