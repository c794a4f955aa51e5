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
}

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
    throw new InvalidArgumentError("Withdrawal amount must be a positive bigint", { details: { amount: parameters.amount } });
  }
  const fee = await readContract(client, { address: bridge, abi: childBridgeAbi, functionName: "fee" }).catch(async (error: unknown) => {
    throw await explainFailure(client, bridge, "ChildBridge.fee", error);
  });
  const base = { address: bridge, abi: childBridgeAbi } as const;
  const hash =
    parameters.token === "native"
      ? await sendContract(
          client,
          { ...base, functionName: "withdrawNative", args: [parameters.rootChainId, recipient], value: parameters.amount + fee },
          bridgeRevert("ChildBridge.withdrawNative"),
        )
      : await sendContract(
          client,
          {
            ...base,
            functionName: "withdraw",
            args: [toEvmAddress(parameters.token), parameters.rootChainId, recipient, parameters.amount],
            value: fee,
          },
          bridgeRevert("ChildBridge.withdraw"),
        );
  const receipt = await confirm(client, hash);
  return { hash, message: await sentMessage(client, await outboxOf(client, bridge), receipt) };
}
