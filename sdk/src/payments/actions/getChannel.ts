import type { Address } from "viem";

import { readPool, type ReadClient } from "../client.ts";
import { NATIVE_TOKEN } from "../types.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface GetChannelParameters {
  readonly pool: AnyAddress;
  readonly payer: AnyAddress;
  readonly payee: AnyAddress;
  readonly token?: AnyAddress;
}
export interface GetChannelReturnType {
  /** Claimed by the payee from the payer in the payer's current generation. */
  readonly claimed: bigint;
  /** The payer's reservation for this payee. */
  readonly reserved: bigint;
}

/** Reads what a payee has claimed from a payer, and its reservation. */
export async function getChannel(client: ReadClient, parameters: GetChannelParameters): Promise<GetChannelReturnType> {
  const [claimed, reserved] = await readPool<readonly [bigint, bigint]>(
    client,
    toEvmAddress(parameters.pool),
    "channelOf",
    [toEvmAddress(parameters.payer), toEvmAddress(parameters.payee), toEvmAddress(parameters.token ?? NATIVE_TOKEN)],
  );
  return { claimed, reserved };
}
