import type { Address, Hash } from "viem";

import { InvalidArgumentError } from "../../errors.ts";
import { writePool, type SigningClient } from "../client.ts";
import type { SignedVoucher } from "../types.ts";
import { toVoucherClaim } from "../voucher.ts";

export interface ClaimVouchersParameters {
  /** Vouchers of any payers for one payee, one token and one pool. */
  readonly vouchers: readonly SignedVoucher[];
}
export type ClaimVouchersReturnType = Hash;

/**
 * Claims many vouchers for one payee in one transaction (one transfer); bad vouchers are skipped
 * on-chain with a `ClaimSkipped` event (see `parseClaimReceipt`).
 */
export async function claimVouchers(
  client: SigningClient,
  parameters: ClaimVouchersParameters,
): Promise<ClaimVouchersReturnType> {
  const { pool, payee, token } = sameTarget(parameters.vouchers);
  return writePool(client, pool, "claimBatch", [payee, token, parameters.vouchers.map(toVoucherClaim)]);
}

function sameTarget(vouchers: readonly SignedVoucher[]): { pool: Address; payee: Address; token: Address } {
  const first = vouchers[0];
  if (first === undefined) throw new InvalidArgumentError("Nothing to claim: the batch is empty");
  const { pool, payee, token, chainId } = first.voucher;
  for (const { voucher } of vouchers) {
    if (
      voucher.pool.toLowerCase() !== pool.toLowerCase() ||
      voucher.payee.toLowerCase() !== payee.toLowerCase() ||
      voucher.token.toLowerCase() !== token.toLowerCase() ||
      voucher.chainId !== chainId
    ) {
      throw new InvalidArgumentError("A batch claims vouchers of one chain, pool, payee and token", {
        details: { expected: { chainId, pool, payee, token }, got: voucher },
        hints: ["Group vouchers by (pool, payee, token) and send one batch per group"],
      });
    }
  }
  return { pool, payee, token };
}
