import type { Address } from "viem";

import { readPool, type PaymentsReadClient } from "../client.ts";
import { NATIVE_TOKEN } from "../types.ts";

export interface GetCoverParameters {
  readonly pool: Address;
  readonly payer: Address;
  readonly payee: Address;
  readonly token?: Address;
}
export interface GetCoverReturnType {
  /** The payer's current generation of the deposit: vouchers must name it. */
  readonly generation: bigint;
  /** What the payee has claimed from the payer in this generation. */
  readonly claimed: bigint;
  /**
   * What the payee can count on beyond `claimed`: its remaining reservation, or 0 while the payer
   * has a live withdrawal plan (then claim instead of serving).
   */
  readonly covered: bigint;
  /**
   * The highest cumulative voucher amount (of `generation`) the payee may accept as payment for
   * work it has not been paid for: `claimed + covered`. A seeder extends credit only while the
   * payer's cumulative amount, including the credit, stays at or below it.
   */
  readonly creditLimit: bigint;
}

/**
 * The seeder's credit figure (DESIGN section 8): how much of the payer's deposit is guaranteed to
 * this payee. Only a reservation is cover: the free balance is first come, first served among
 * everyone the payer owes, its own other addresses included, and a live withdrawal plan makes the
 * cover zero (the payee claims before `unlockAt`). A payee that never accepts vouchers above
 * `creditLimit` is always paid in full, whatever the payer does.
 */
export async function getCover(client: PaymentsReadClient, parameters: GetCoverParameters): Promise<GetCoverReturnType> {
  const [covered, claimed, generation] = await readPool<readonly [bigint, bigint, bigint]>(
    client,
    parameters.pool,
    "coverOf",
    [parameters.payer, parameters.payee, parameters.token ?? NATIVE_TOKEN],
  );
  return { generation, claimed, covered, creditLimit: claimed + covered };
}
