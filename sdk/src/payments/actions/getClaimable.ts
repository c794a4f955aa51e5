import { readPool, type PaymentsReadClient } from "../client.ts";
import { InvalidVoucherError } from "../errors.ts";
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
  client: PaymentsReadClient,
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

/**
 * On-chain half of voucher verification: the voucher names the payer's current generation,
 * raises the claimed amount, and the payer's reservation for this payee covers it in full with
 * no withdrawal planned (the free balance is not cover: anyone the payer owes may take it first).
 * Throws `InvalidVoucherError` with reason `wrong-generation`, `not-increasing` or `insolvent`.
 * Combine with a `VoucherVerifier` (signature and fields) before extending credit.
 */
export async function assertVoucherSolvent(
  client: PaymentsReadClient,
  parameters: GetClaimableParameters,
): Promise<GetClaimableReturnType> {
  const v = "voucher" in parameters.voucher ? parameters.voucher.voucher : parameters.voucher;
  const claimable = await getClaimable(client, parameters);
  const { covered, owed, payable } = claimable;
  if (owed === 0n) {
    const [, , generation] = await readPool<readonly [bigint, bigint, bigint]>(client, v.pool, "accountOf", [
      v.payer,
      v.token,
    ]);
    if (generation !== v.generation) {
      throw new InvalidVoucherError("wrong-generation", "The voucher names another generation of the deposit", {
        details: { generation: v.generation, current: generation },
        hints: ["Ask the payer for a voucher of the current generation"],
      });
    }
    throw new InvalidVoucherError("not-increasing", "The voucher does not raise the amount already claimed", {
      details: { cumulativeAmount: v.cumulativeAmount },
    });
  }
  if (covered < owed) {
    throw new InvalidVoucherError("insolvent", "The payer's reservation for this payee does not cover the voucher", {
      details: { owed, covered, payable },
      hints: [
        "Stop serving this payer until it reserves more for you (reserve) and has no withdrawal planned",
        "Claim what you hold now: a claim would pay `payable`",
      ],
    });
  }
  return claimable;
}
