import { readPool, type ReadClient } from "../client.ts";
import type { SignedVoucher, Voucher } from "../types.ts";

export interface GetClaimableParameters {
  readonly voucher: Voucher | SignedVoucher;
}
export interface GetClaimableReturnType {
  /**
   * The part of `owed` the payee can count on: at most its remaining reservation, and 0 while the
   * payer has a live withdrawal plan. Only this is cover (see `getCover`).
   */
  readonly covered: bigint;
  /** What the voucher is owed beyond earlier claims (0 for a stale generation or an old voucher). */
  readonly owed: bigint;
  /**
   * What a claim would pay now: the reservation plus the free balance, which anyone the payer owes
   * (its own other addresses included) may take first. Not cover.
   */
  readonly payable: bigint;
}

/** Reads what a voucher is owed, how much of it is covered, and what a claim would pay now (no signature check). */
export async function getClaimable(
  client: ReadClient,
  parameters: GetClaimableParameters,
): Promise<GetClaimableReturnType> {
  const v = "voucher" in parameters.voucher ? parameters.voucher.voucher : parameters.voucher;
  const [covered, owed, payable] = await readPool<readonly [bigint, bigint, bigint]>(client, v.pool, "claimable", [
    v.payer,
    v.payee,
    v.token,
    v.cumulativeAmount,
    v.generation,
  ]);
  return { covered, owed, payable };
}
