import { readPool, type ReadClient } from "../client.ts";
import { InvalidVoucherError } from "../errors.ts";
import { getClaimable, type GetClaimableParameters, type GetClaimableReturnType } from "./getClaimable.ts";

export type AssertVoucherSolventParameters = GetClaimableParameters;
export type AssertVoucherSolventReturnType = GetClaimableReturnType;

/**
 * On-chain half of voucher verification: the voucher names the payer's current generation,
 * raises the claimed amount, and the payer's reservation for this payee covers it in full with
 * no withdrawal planned (the free balance is not cover: anyone the payer owes may take it first).
 * Throws `InvalidVoucherError` with reason `wrong-generation`, `not-increasing` or `insolvent`.
 * Combine with a `VoucherVerifier` (signature and fields) before extending credit.
 */
export async function assertVoucherSolvent(
  client: ReadClient,
  parameters: AssertVoucherSolventParameters,
): Promise<AssertVoucherSolventReturnType> {
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
