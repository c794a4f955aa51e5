import type { Address } from "viem";

import { readPool, type ReadClient } from "../client.ts";
import { NATIVE_TOKEN } from "../types.ts";

export interface GetChannelParameters {
  readonly pool: Address;
  readonly payer: Address;
  readonly payee: Address;
  readonly token?: Address;
}
export interface GetChannelReturnType {
  /** Claimed by the payee from the payer in the payer's current generation. */
  readonly claimed: bigint;
  /** The payer's reservation for this payee. */
  readonly reserved: bigint;
}

/** Reads what a payee has claimed from a payer, and its reservation. */
export async function getChannel(
  client: ReadClient,
  parameters: GetChannelParameters,
): Promise<GetChannelReturnType> {
  const [claimed, reserved] = await readPool<readonly [bigint, bigint]>(client, parameters.pool, "channelOf", [
    parameters.payer,
    parameters.payee,
    parameters.token ?? NATIVE_TOKEN,
  ]);
  return { claimed, reserved };
}
