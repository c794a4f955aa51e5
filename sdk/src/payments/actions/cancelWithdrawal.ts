import type { Address, Hash } from "viem";

import { writePool, type SigningClient } from "../client.ts";
import { NATIVE_TOKEN } from "../types.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface CancelWithdrawalParameters {
  readonly pool: AnyAddress;
  readonly token?: AnyAddress;
}
export type CancelWithdrawalReturnType = Hash;

/** Cancels the caller's planned withdrawal. */
export async function cancelWithdrawal(
  client: SigningClient,
  parameters: CancelWithdrawalParameters,
): Promise<CancelWithdrawalReturnType> {
  return writePool(client, toEvmAddress(parameters.pool), "cancelWithdrawal", [
    toEvmAddress(parameters.token ?? NATIVE_TOKEN),
  ]);
}
