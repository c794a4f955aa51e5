import type { Address, Hash } from "viem";

import { InvalidArgumentError } from "../../errors.ts";
import { writePool, type SigningClient } from "../client.ts";
import { NATIVE_TOKEN } from "../types.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface PlanWithdrawalParameters {
  readonly pool: AnyAddress;
  readonly token?: AnyAddress;
  readonly amount: bigint;
}
export type PlanWithdrawalReturnType = Hash;

/**
 * Announces a withdrawal; it can be completed after the pool's delay, which ends the current
 * generation (outstanding vouchers die). Payees see the `WithdrawalPlanned` event and claim.
 */
export async function planWithdrawal(
  client: SigningClient,
  parameters: PlanWithdrawalParameters,
): Promise<PlanWithdrawalReturnType> {
  if (typeof parameters.amount !== "bigint" || parameters.amount <= 0n) {
    throw new InvalidArgumentError("Withdrawal amount must be a positive bigint", {
      details: { amount: String(parameters.amount) },
    });
  }
  return writePool(client, toEvmAddress(parameters.pool), "planWithdrawal", [
    toEvmAddress(parameters.token ?? NATIVE_TOKEN),
    parameters.amount,
  ]);
}
