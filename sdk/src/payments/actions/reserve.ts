import type { Address, Hash } from "viem";

import { InvalidArgumentError } from "../../errors.ts";
import { writePool, type SigningClient } from "../client.ts";
import { NATIVE_TOKEN } from "../types.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface ReserveParameters {
  readonly pool: AnyAddress;
  readonly payee: AnyAddress;
  readonly token?: AnyAddress;
  readonly amount: bigint;
}
export type ReserveReturnType = Hash;

/**
 * Sets `amount` of the caller's free deposit aside for `payee` until the current generation
 * ends (a completed withdrawal). Only that payee's claims draw on it.
 */
export async function reserve(client: SigningClient, parameters: ReserveParameters): Promise<ReserveReturnType> {
  if (typeof parameters.amount !== "bigint" || parameters.amount <= 0n) {
    throw new InvalidArgumentError("Reserved amount must be a positive bigint", {
      details: { amount: String(parameters.amount) },
    });
  }
  return writePool(client, toEvmAddress(parameters.pool), "reserve", [
    toEvmAddress(parameters.token ?? NATIVE_TOKEN),
    toEvmAddress(parameters.payee),
    parameters.amount,
  ]);
}
