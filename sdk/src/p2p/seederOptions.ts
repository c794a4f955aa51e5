import type { Address, LocalAccount } from "viem";

import type { VoucherStore } from "../payments/store.ts";
import type { Voucher } from "../payments/types.ts";
import type { VoucherVerifier } from "../payments/verify.ts";
import type { AdmissionOptions } from "./admission.ts";
import type { ContentSource, DirectoryStore } from "./source.ts";

/** The fields that identify one cumulative voucher stream (a voucher without its amount). */
export type VoucherKey = Omit<Voucher, "cumulativeAmount">;

/**
 * The seeder's view of the payer's deposit (`onChainSolvency`: PaymentChannels' `coverOf`):
 * whether a cumulative amount of `cumulativeAmount` on the stream `key` is covered, i.e. within
 * what the payer has reserved for this seeder (a free balance is not cover).
 */
export interface SolvencyCheck {
  covers(key: VoucherKey, cumulativeAmount: bigint): Promise<boolean>;
}

/** What a seeder asks for its bandwidth and where it accepts vouchers. */
export interface SeederPaymentOptions {
  readonly pricePerPiece: bigint;
  /** Pieces (of the piece size) served beyond the best voucher. */
  readonly creditPieces: number;
  readonly chainId: bigint;
  readonly pool: Address;
  readonly token: Address;
  /** Durable best-voucher store; a voucher is stored here before more credit is extended. */
  readonly store: VoucherStore;
  /**
   * Checks voucher fields and signatures. Default: `createVoucherVerifier` for this chain, pool,
   * token and the seeder's address (one per seeder, so each payer's key is recovered once).
   */
  readonly verifier?: VoucherVerifier;
  /**
   * Checks the payer's cover for this seeder: before any credit (it must cover the credit window)
   * and after each voucher (it must cover the voucher). A payer that fails is dropped; its stored
   * vouchers can still be claimed for what the deposit holds. Without it, credit is extended on
   * trust, bounded per peer by the window and across peers by `maxUnpaidPieces`.
   */
  readonly solvency?: SolvencyCheck;
  /**
   * The one budget of unpaid credit across all peers, in pieces at the terms price (default
   * `creditPieces x (uploadSlots + 1)`: every slot's window at once). A peer that leaves owing
   * keeps its debt counted for `unpaidWriteOffMs` (default 5 minutes), so new identities cannot
   * multiply the credit window. Past the budget, requests are rejected with `queue full`.
   */
  readonly maxUnpaidPieces?: number;
  readonly unpaidWriteOffMs?: number;
  /**
   * A peer asked to pay (`payment-required`) that sends no voucher the seeder accepts within this
   * time is closed with a `PaymentError` (default 30 s), so a payer that stops paying does not
   * keep its connection and slot by sending requests.
   */
  readonly paymentTimeoutMs?: number;
}

export interface SeederOptions extends AdmissionOptions {
  /** The seeder's payment address (payee); also signs the handshake. */
  readonly account: LocalAccount;
  /** One file or a store of files keyed by (root, size). */
  readonly content: ContentSource | DirectoryStore;
  readonly host?: string;
  readonly port?: number;
  /** Regular upload slots (default 4), ranked by bid, then paid rate, then bytes served; plus one optimistic slot. */
  readonly uploadSlots?: number;
  /** Global and per-peer upload limits in bytes per second (default unlimited). */
  readonly rateLimit?: number;
  readonly peerRateLimit?: number;
  readonly payment?: SeederPaymentOptions;
  /** Re-rank the slots every `rerankMs` (default 10 s); rotate the optimistic slot every third time. */
  readonly rerankMs?: number;
  /**
   * Connections kept (default 64). When full, a newcomer evicts the least useful choked peer
   * (handshake unfinished, then not interested, then the longest silent), never an unchoked one.
   */
  readonly maxPeers?: number;
  readonly handshakeTimeoutMs?: number;
  /** A peer that completes no frame for this long is closed (default 120 s; our keep-alives do not count). */
  readonly idleTimeoutMs?: number;
}

/** Counters for monitoring and tests. */
export interface SeederStats {
  connections: number;
  requests: number;
  blocksSent: number;
  bytesSent: number;
  rejects: number;
  protocolErrors: number;
  vouchersAccepted: number;
  /** Connections refused at once (address full, handshake rate, or no peer to evict). */
  refused: number;
  /** Peers closed to make room for a newcomer. */
  evicted: number;
}
