import type { Address } from "viem";

import { readPool, type ReadClient } from "../client.ts";
import { NATIVE_TOKEN } from "../types.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface GetAccountParameters {
  readonly pool: AnyAddress;
  readonly payer: AnyAddress;
  readonly token?: AnyAddress;
}
export interface GetAccountReturnType {
  /** Everything the payer still has in the pool, reserved or not. */
  readonly balance: bigint;
  /** The part reserved for particular payees. */
  readonly reserved: bigint;
  /** Vouchers must name this generation. */
  readonly generation: bigint;
}

/** Reads a payer's deposit of one token. */
export async function getAccount(client: ReadClient, parameters: GetAccountParameters): Promise<GetAccountReturnType> {
  const [balance, reserved, generation] = await readPool<readonly [bigint, bigint, bigint]>(
    client,
    toEvmAddress(parameters.pool),
    "accountOf",
    [toEvmAddress(parameters.payer), parameters.token ?? NATIVE_TOKEN],
  );
  return { balance, reserved, generation };
}
