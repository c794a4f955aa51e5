/** The offer a client sends a host (`POST /offers`): the signed deal terms, as JSON with decimal strings. */
import { getAddress, type Hex } from "viem";
import { z } from "zod";

import type { StorageDeal } from "@btt-network/sdk/messages";

const uint = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform((v) => BigInt(v));
const addr = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/)
  .transform((v) => getAddress(v));
const bytes32 = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/)
  .transform((v) => v.toLowerCase() as Hex);

export const offerSchema = z.strictObject({
  terms: z.strictObject({
    chainId: uint,
    market: addr,
    client: addr,
    host: addr,
    root: bytes32,
    size: uint,
    start: uint,
    periods: uint,
    periodLength: uint,
    pricePerPeriod: uint,
    collateral: uint,
    challengesPerPeriod: uint,
    nonce: uint,
    deadline: uint,
  }),
  signature: z.string().regex(/^0x[0-9a-fA-F]{130}$/),
});

export interface Offer {
  readonly terms: StorageDeal;
  readonly signature: Hex;
}

/** Refusal codes a host answers an offer with (the client shows the code and the host's message). */
export type RefusalReason =
  | "malformed"
  | "wrong_chain"
  | "wrong_market"
  | "wrong_host"
  | "bad_signature"
  | "price_below_terms"
  | "collateral_above_terms"
  | "periods_out_of_range"
  | "too_many_challenges"
  | "capacity_exceeded"
  | "deadline_expired"
  | "start_passed"
  | "client_unfunded"
  | "duplicate"
  | "root_mismatch"
  | "pull_failed"
  | "interrupted"
  | "accept_failed";

/** Offer states a host reports on `GET /offers/<id>`. */
export interface OfferStatus {
  readonly id: Hex;
  readonly state: "offered" | "pulling" | "accepting" | "accepted" | "ended" | "refused";
  readonly reason?: RefusalReason;
  readonly message?: string;
  readonly bytes?: number;
}
