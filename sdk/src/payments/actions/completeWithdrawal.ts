import type { Address, Hash } from "viem";

import { writePool, type SigningClient } from "../client.ts";
import { NATIVE_TOKEN } from "../types.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface CompleteWithdrawalParameters {
  readonly pool: AnyAddress;
  readonly token?: AnyAddress;
}
export type CompleteWithdrawalReturnType = Hash;

/** Completes the planned withdrawal once unlocked: pays the caller and bumps its generation. */
export async function completeWithdrawal(
  client: SigningClient,
  parameters: CompleteWithdrawalParameters,
): Promise<CompleteWithdrawalReturnType> {
  return writePool(client, toEvmAddress(parameters.pool), "withdraw", [toEvmAddress(parameters.token ?? NATIVE_TOKEN)]);
}
