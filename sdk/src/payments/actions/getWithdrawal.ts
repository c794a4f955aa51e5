import type { Address } from "viem";

import { readPool, type PaymentsReadClient } from "../client.ts";
import { NATIVE_TOKEN } from "../types.ts";

export interface GetWithdrawalParameters {
  readonly pool: Address;
  readonly payer: Address;
  readonly token?: Address;
}
/** `undefined` when no withdrawal is planned (or the plan lapsed: it was not completed within its window). */
export type GetWithdrawalReturnType = { readonly amount: bigint; readonly unlockAt: bigint } | undefined;

/** Reads a payer's planned withdrawal. */
export async function getWithdrawal(
  client: PaymentsReadClient,
  parameters: GetWithdrawalParameters,
): Promise<GetWithdrawalReturnType> {
  const [amount, unlockAt] = await readPool<readonly [bigint, bigint]>(client, parameters.pool, "withdrawalOf", [
    parameters.payer,
    parameters.token ?? NATIVE_TOKEN,
  ]);
  return unlockAt === 0n ? undefined : { amount, unlockAt };
}
