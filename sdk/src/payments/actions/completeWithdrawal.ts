import type { Address, Hash } from "viem";

import { writePool, type SigningClient } from "../client.ts";
import { NATIVE_TOKEN } from "../types.ts";

export interface CompleteWithdrawalParameters {
  readonly pool: Address;
  readonly token?: Address;
}
export type CompleteWithdrawalReturnType = Hash;

/** Completes the planned withdrawal once unlocked: pays the caller and bumps its generation. */
export async function completeWithdrawal(
  client: SigningClient,
  parameters: CompleteWithdrawalParameters,
): Promise<CompleteWithdrawalReturnType> {
  return writePool(client, parameters.pool, "withdraw", [parameters.token ?? NATIVE_TOKEN]);
}
