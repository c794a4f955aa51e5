import type { Hash } from "viem";

import { writePool, type SigningClient } from "../client.ts";
import type { SignedVoucher } from "../types.ts";
import { toVoucherClaim } from "../voucher.ts";

export interface ClaimVoucherParameters {
  readonly voucher: SignedVoucher;
}
export type ClaimVoucherReturnType = Hash;

/**
 * Claims one voucher on the pool it names; anyone may send it, the payee is paid. Reverts (before
 * sending) with a typed error: `WrongGenerationError`, `NothingToClaimError`,
 * `VoucherSignatureError` or `InsolventPayerError`.
 */
export async function claimVoucher(
  client: SigningClient,
  parameters: ClaimVoucherParameters,
): Promise<ClaimVoucherReturnType> {
  const { voucher } = parameters.voucher;
  return writePool(client, voucher.pool, "claim", [voucher.payee, voucher.token, toVoucherClaim(parameters.voucher)]);
}
