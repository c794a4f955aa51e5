import { getCover } from "../payments/actions/getCover.ts";
import type { ReadClient } from "../payments/client.ts";
import type { SolvencyCheck } from "./seederOptions.ts";

/**
 * The seeder's on-chain check of a payer (PaymentChannels `coverOf`, read through the payments
 * module's `getCover`): the payer's cumulative amount `cumulativeAmount` on its stream to this
 * seeder stays within the seeder's `creditLimit` (what it has claimed plus what the payer has
 * reserved for it and not yet paid out), on the payer's current generation. Only a reservation is
 * cover: a free balance, however large, is first come, first served among everyone the payer
 * owes, and a live withdrawal plan makes the cover zero. Called before any credit (the credit
 * window must be covered) and after each voucher (the voucher must be covered).
 *
 * So a payer with no reservation for this seeder gets no credit at all (it is dropped at its pool
 * announcement); a payer that reserved `R` is served while its vouchers stay within `claimed + R`,
 * plus at most one credit window beyond its last covered voucher, which the seeder's one budget
 * of unpaid credit bounds across all peers.
 */
export function onChainSolvency(client: ReadClient): SolvencyCheck {
  return {
    async covers(key, cumulativeAmount) {
      const cover = await getCover(client, { pool: key.pool, payer: key.payer, payee: key.payee, token: key.token });
      return (
        cover.generation === key.generation && cumulativeAmount > cover.claimed && cumulativeAmount <= cover.creditLimit
      );
    },
  };
}
