import type { Address, Hash } from "viem";

import type { SigningClient } from "../client.ts";
import type { VoucherStore } from "../store.ts";
import type { SignedVoucher } from "../types.ts";
import { claimVouchers } from "./claimVouchers.ts";
import { getClaimable } from "./getClaimable.ts";
import { waitForSuccess } from "./wait.ts";

export interface ClaimStoredVouchersParameters {
  readonly pool: Address;
  readonly payee: Address;
  readonly store: VoucherStore;
  /** Only these payers (default: every payer in the store). */
  readonly payers?: readonly Address[];
  /** Only this token (default: every token). */
  readonly token?: Address;
  /** Vouchers per transaction (default 100). */
  readonly batchSize?: number;
}
/** One transaction hash per batch sent (empty when nothing was owed). */
export type ClaimStoredVouchersReturnType = readonly Hash[];

/**
 * Claims every stored voucher that is owed something on-chain, in batches per token, and waits
 * for each batch to succeed.
 */
export async function claimStoredVouchers(
  client: SigningClient,
  parameters: ClaimStoredVouchersParameters,
): Promise<ClaimStoredVouchersReturnType> {
  const payers = parameters.payers?.map((p) => p.toLowerCase());
  const candidates = (await parameters.store.list()).filter(
    ({ voucher }) =>
      voucher.pool.toLowerCase() === parameters.pool.toLowerCase() &&
      voucher.payee.toLowerCase() === parameters.payee.toLowerCase() &&
      (payers === undefined || payers.includes(voucher.payer.toLowerCase())) &&
      (parameters.token === undefined || voucher.token.toLowerCase() === parameters.token.toLowerCase()),
  );
  const owed = await Promise.all(candidates.map((signed) => getClaimable(client, { voucher: signed })));
  const byToken = new Map<string, SignedVoucher[]>();
  candidates.forEach((signed, i) => {
    if ((owed[i]?.payable ?? 0n) === 0n) return;
    const key = signed.voucher.token.toLowerCase();
    byToken.set(key, [...(byToken.get(key) ?? []), signed]);
  });
  const size = parameters.batchSize ?? 100;
  const hashes: Hash[] = [];
  for (const vouchers of byToken.values()) {
    for (let i = 0; i < vouchers.length; i += size) {
      const hash = await claimVouchers(client, { vouchers: vouchers.slice(i, i + size) });
      await waitForSuccess(client, hash);
      hashes.push(hash);
    }
  }
  return hashes;
}
