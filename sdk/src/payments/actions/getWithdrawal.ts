import type { Address } from "viem";

import { readPool, type ReadClient } from "../client.ts";
import { NATIVE_TOKEN } from "../types.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface GetWithdrawalParameters {
  readonly pool: AnyAddress;
  readonly payer: AnyAddress;
  readonly token?: AnyAddress;
}
/** `undefined` when no withdrawal is planned (or the plan lapsed: it was not completed within its window). */
export type GetWithdrawalReturnType = { readonly amount: bigint; readonly unlockAt: bigint } | undefined;

/** Reads a payer's planned withdrawal. */
export async function getWithdrawal(
  client: ReadClient,
  parameters: GetWithdrawalParameters,
): Promise<GetWithdrawalReturnType> {
  const [amount, unlockAt] = await readPool<readonly [bigint, bigint]>(
    client,
    toEvmAddress(parameters.pool),
    "withdrawalOf",
    [toEvmAddress(parameters.payer), toEvmAddress(parameters.token ?? NATIVE_TOKEN)],
  );
  return unlockAt === 0n ? undefined : { amount, unlockAt };
}
