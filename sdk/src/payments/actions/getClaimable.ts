import { readPool, type ReadClient } from "../client.ts";
import type { SignedVoucher, Voucher } from "../types.ts";

export interface GetClaimableParameters {
  readonly voucher: Voucher | SignedVoucher;
}
export interface GetClaimableReturnType {
  /** What a claim would pay now. */
  readonly payable: bigint;
  /** What the voucher is owed beyond earlier claims (0 for a stale generation or an old voucher). */
  readonly owed: bigint;
}

/** Reads what a voucher would pay now (does not check its signature). */
export async function getClaimable(
  client: ReadClient,
  parameters: GetClaimableParameters,
): Promise<GetClaimableReturnType> {
  const v = "voucher" in parameters.voucher ? parameters.voucher.voucher : parameters.voucher;
  const [payable, owed] = await readPool<readonly [bigint, bigint]>(client, v.pool, "claimable", [
    v.payer,
    v.payee,
    v.token,
    v.cumulativeAmount,
    v.generation,
  ]);
  return { payable, owed };
}
