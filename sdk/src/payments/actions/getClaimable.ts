import { readPool, type PaymentsReadClient } from "../client.ts";
import { InvalidVoucherError } from "../errors.ts";
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
  client: PaymentsReadClient,
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

/**
 * On-chain half of voucher verification: the voucher names the payer's current generation,
 * raises the claimed amount, and the deposit covers it in full. Throws `InvalidVoucherError`
 * with reason `wrong-generation`, `not-increasing` or `insolvent`. Combine with a
 * `VoucherVerifier` (signature and fields) before extending credit.
 */
export async function assertVoucherSolvent(
  client: PaymentsReadClient,
  parameters: GetClaimableParameters,
): Promise<GetClaimableReturnType> {
  const v = "voucher" in parameters.voucher ? parameters.voucher.voucher : parameters.voucher;
  const { payable, owed } = await getClaimable(client, parameters);
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
  if (payable < owed) {
    throw new InvalidVoucherError("insolvent", "The payer's deposit does not cover the voucher", {
      details: { owed, payable },
      hints: ["Stop serving this payer until it tops up"],
    });
  }
  return { payable, owed };
}
