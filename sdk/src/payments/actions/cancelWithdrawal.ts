import type { Address, Hash } from "viem";

import { writePool, type SigningClient } from "../client.ts";
import { NATIVE_TOKEN } from "../types.ts";

export interface CancelWithdrawalParameters {
  readonly pool: Address;
  readonly token?: Address;
}
export type CancelWithdrawalReturnType = Hash;

/** Cancels the caller's planned withdrawal. */
export async function cancelWithdrawal(
  client: SigningClient,
  parameters: CancelWithdrawalParameters,
): Promise<CancelWithdrawalReturnType> {
  return writePool(client, parameters.pool, "cancelWithdrawal", [parameters.token ?? NATIVE_TOKEN]);
}
