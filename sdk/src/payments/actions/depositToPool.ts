import { erc20Abi, type Address, type Hash } from "viem";
import { getBalance, readContract } from "viem/actions";

import { InsufficientTokenBalanceError, InvalidArgumentError } from "../../errors.ts";
import { assertTokenBalance } from "../../token/balance.ts";
import { writePool, type SigningClient } from "../client.ts";
import { NATIVE_TOKEN } from "../types.ts";
import { sendContract } from "../../contract.ts";
import { paymentsRevert } from "../errors.ts";
import { waitForSuccess } from "./wait.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface DepositToPoolParameters {
  /** The PaymentChannels contract. */
  readonly pool: AnyAddress;
  /** ERC-20 to deposit; omit (or the zero address) for native BTT. */
  readonly token?: AnyAddress;
  readonly amount: bigint;
  /** For an ERC-20: first approve the pool if the allowance is short (default true). */
  readonly approve?: boolean;
  /** Called at each stage, so a UI can show pending states (the approval stages only when one is sent). */
  readonly onProgress?: (progress: DepositToPoolProgress) => void;
}

/** The stages of a pool deposit, in order. */
export type DepositToPoolProgress =
  | { readonly stage: "approval-sent"; readonly hash: Hash }
  | { readonly stage: "approval-confirmed"; readonly hash: Hash }
  | { readonly stage: "deposit-sent"; readonly hash: Hash };
export type DepositToPoolReturnType = Hash;

/**
 * Adds `amount` to the caller's pooled deposit (the first deposit or a top-up: they are the same
 * call). Native BTT is sent as value; an ERC-20 is pulled after an approval if needed.
 * @example await depositToPool(wallet, { pool, amount: 10n ** 21n });
 */
export async function depositToPool(
  client: SigningClient,
  parameters: DepositToPoolParameters,
): Promise<DepositToPoolReturnType> {
  const { amount } = parameters;
  const pool = toEvmAddress(parameters.pool);
  if (typeof amount !== "bigint" || amount <= 0n) {
    throw new InvalidArgumentError("Deposit amount must be a positive bigint", { details: { amount: String(amount) } });
  }
  const token = toEvmAddress(parameters.token ?? NATIVE_TOKEN);
  if (token === NATIVE_TOKEN) {
    const balance = await getBalance(client, { address: client.account.address });
    if (balance < amount) {
      throw new InsufficientTokenBalanceError(
        `${client.account.address} holds ${balance} wei of native BTT, needs ${amount} plus gas`,
        {
          details: { owner: client.account.address, balance, needed: amount },
          hints: ["Lower the amount or fund the account first; nothing was sent"],
        },
      );
    }
    const hash = await writePool(client, pool, "depositNative", [], amount);
    parameters.onProgress?.({ stage: "deposit-sent", hash });
    return hash;
  }
  // Before any approval: a deposit above the balance sends nothing.
  await assertTokenBalance(client, { token, owner: client.account.address, amount });
  if (parameters.approve ?? true) {
    const allowance = await readContract(client, {
      address: token,
      abi: erc20Abi,
      functionName: "allowance",
      args: [client.account.address, pool],
    });
    if (allowance < amount) {
      const approval = await sendContract(
        client,
        { address: token, abi: erc20Abi, functionName: "approve", args: [pool, amount] },
        paymentsRevert,
      );
      parameters.onProgress?.({ stage: "approval-sent", hash: approval });
      await waitForSuccess(client, approval);
      parameters.onProgress?.({ stage: "approval-confirmed", hash: approval });
    }
  }
  const hash = await writePool(client, pool, "deposit", [token, amount]);
  parameters.onProgress?.({ stage: "deposit-sent", hash });
  return hash;
}

/** A top-up is a deposit onto an existing balance; the alias reads better at call sites. */
export const topUp = depositToPool;
export type TopUpParameters = DepositToPoolParameters;
export type TopUpReturnType = DepositToPoolReturnType;
