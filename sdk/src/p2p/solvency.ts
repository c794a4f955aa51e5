import { getClaimable } from "../payments/actions/getClaimable.ts";
import type { PaymentsReadClient } from "../payments/client.ts";
import type { SolvencyCheck } from "./seederOptions.ts";

/**
 * The seeder's on-chain check of a payer (PaymentChannels, read through the payments module):
 * a claim of `cumulativeAmount` on the payer's stream to this seeder would be paid in full now,
 * i.e. it names the payer's current generation and the deposit covers it. Called before any
 * credit (for the credit window) and after each voucher.
 *
 * The one place to change when the pool's rules change (e.g. to require cover reserved for this
 * payee, so that a payer cannot promise one deposit to every seeder at once).
 */
export function onChainSolvency(client: PaymentsReadClient): SolvencyCheck {
  return {
    async covers(key, cumulativeAmount) {
      const { payable, owed } = await getClaimable(client, { voucher: { ...key, cumulativeAmount } });
      return owed > 0n && payable >= owed;
    },
  };
}
