import type { Address } from "viem";

import { signVoucher, type VoucherSigner } from "../payments/voucher.ts";
import { PaymentError, ProtocolError } from "./errors.ts";
import { encodeBid, encodePool, encodeVoucher, type Terms } from "./messages.ts";
import type { PayeeState } from "./partfile.ts";

/** How the downloader pays seeders that ask for payment. */
export interface DownloaderPaymentOptions {
  /** The payer's account (a viem `LocalAccount`): signs vouchers, and must also sign the handshake. */
  readonly signer: VoucherSigner;
  readonly chainId: bigint;
  readonly pool: Address;
  readonly token: Address;
  readonly generation: bigint;
  /** Seeders asking more per piece are not used; also the highest bid (`Downloader.raiseBid`). */
  readonly maxPricePerPiece: bigint;
  /**
   * Price per piece offered to seeders that take bids (hello feature 4), to rank above other
   * downloaders for their upload slots. Sent only when above a seeder's terms (a seeder asking
   * more is paid its terms, up to `maxPricePerPiece`); once sent it obliges: every piece
   * verified after it is paid at the bid. At most `maxPricePerPiece`.
   */
  readonly bid?: bigint;
  /** Least time between two vouchers to one peer, unless its credit runs low (default 250 ms). */
  readonly voucherIntervalMs?: number;
  /**
   * The most this payer knows it signed to the seeder on this stream before (e.g. from a stored
   * voucher of its own it has verified, or the amount already claimed on chain). The seeder's
   * first ack names the base the new vouchers build on; one above this is refused with a
   * `PaymentError`, or a seeder could have the payer sign over money it never owed. Default: the
   * ack is trusted (bounded by what the payer reserved for the seeder).
   */
  readonly signedBefore?: bigint;
}

/** What a `PeerPayer` needs from the connection and the download. */
export interface PayerHooks {
  send(frame: Uint8Array): void;
  /** Stop using this peer (and say why). */
  close(error: Error): void;
  /** Requests may flow again (credit restored). */
  unblocked(): void;
  /** A voucher went out: persist the new state for this payee. */
  record(state: PayeeState): void;
  /** Signing failed: a local fault that ends the download. */
  fail(error: Error): void;
}

/**
 * The paying side of one paid connection: accepts the seeder's terms, announces the pool, and
 * pays for verified pieces only, with cumulative vouchers on top of the seeder's acknowledged
 * base: one per `voucherIntervalMs`, sooner when half of the credit is used, at once when the
 * seeder asks. `amountPaid` is what this session signed over to the payee.
 */
export class PeerPayer {
  readonly payee: Address;
  private readonly options: DownloaderPaymentOptions | undefined;
  private readonly hooks: PayerHooks;
  terms: Terms | undefined;
  /** The seeder takes bids (its hello has feature 4). */
  private readonly acceptsBids: boolean;
  /** Price to offer once the terms are known (or raised meanwhile). */
  private wantedBid: bigint | undefined;
  /** Price per piece in force: the terms, or the bid sent. */
  price = 0n;
  /** The bid sent to this seeder, if any. */
  bid: bigint | undefined;
  /** The seeder's best voucher at session start (its first ack). */
  private base: bigint | undefined;
  /** Signed over to the payee this session, and owed for verified pieces not yet in a voucher. */
  private paidAmount = 0n;
  private unpaidAmount = 0n;
  private unpaid = 0;
  private signing = false;
  /** Settles when the voucher being signed went out (or signing failed). */
  private signed: Promise<void> = Promise.resolve();
  private onSigned: () => void = () => undefined;
  private awaitingAck = false;
  private lastVoucherAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private demands = 0;
  private stopped = false;
  /** Requests are on hold until the seeder acknowledges a payment. */
  blocked = false;
  amountPaid = 0n;

  constructor(
    payee: Address,
    options: DownloaderPaymentOptions | undefined,
    hooks: PayerHooks,
    acceptsBids = false,
    bid = options?.bid,
  ) {
    this.payee = payee;
    this.options = options;
    this.hooks = hooks;
    this.acceptsBids = acceptsBids;
    this.wantedBid = bid;
  }

  /** Terms known and the base acknowledged: requests may go out. */
  get ready(): boolean {
    return this.terms !== undefined && this.base !== undefined && !this.blocked;
  }

  /** Something is still to be paid or acknowledged. */
  get pending(): boolean {
    return !this.stopped && (this.unpaid > 0 || this.signing || this.awaitingAck);
  }

  /** Most pieces to have in progress with this peer: the half of its credit that vouchers do not cover. */
  get maxActive(): number {
    return this.terms === undefined ? 1 : Math.max(1, Math.floor(this.terms.creditPieces / 2));
  }

  onTerms(terms: Terms): void {
    if (this.terms !== undefined) throw new ProtocolError("Terms sent twice");
    const pay = this.options;
    if (pay === undefined) {
      this.hooks.close(
        new PaymentError("Peer requires payment and no payer is configured", {
          details: { pricePerPiece: terms.pricePerPiece },
          hints: ["Configure a payer (pool, token, key) to download from paid seeders"],
        }),
      );
      return;
    }
    if (terms.pricePerPiece > pay.maxPricePerPiece) {
      this.hooks.close(
        new PaymentError("Peer asks more per piece than the configured maximum", {
          details: { pricePerPiece: terms.pricePerPiece, maxPricePerPiece: pay.maxPricePerPiece },
        }),
      );
      return;
    }
    this.terms = terms;
    this.price = terms.pricePerPiece;
    this.hooks.send(encodePool({ chainId: pay.chainId, pool: pay.pool, token: pay.token, generation: pay.generation }));
    if (this.wantedBid !== undefined) this.raiseBid(this.wantedBid);
  }

  /**
   * Offers `price` per piece from now on, if the seeder takes bids and it is above the price in
   * force (bids only rise; the seeder closes the connection on a bid below its terms or a
   * lowered one, so neither is sent). Pieces verified from now on are paid at `price`; pieces
   * already verified keep their price. Before the terms arrive it is remembered.
   */
  raiseBid(price: bigint): void {
    const max = this.options?.maxPricePerPiece ?? 0n;
    if (price > max)
      throw new PaymentError("Bid above the configured maximum price per piece", {
        details: { bid: price, maxPricePerPiece: max },
      });
    if (!this.acceptsBids || this.stopped) return;
    if (this.terms === undefined) {
      if (this.wantedBid === undefined || price > this.wantedBid) this.wantedBid = price;
      return;
    }
    if (price <= this.price) return;
    this.price = price;
    this.bid = price;
    this.hooks.send(encodeBid(price));
  }

  onAck(cumulative: bigint): void {
    if (this.terms === undefined) throw new ProtocolError("Ack without terms");
    if (this.base === undefined) {
      const known = this.options?.signedBefore;
      if (known !== undefined && cumulative > known) {
        this.hooks.close(
          new PaymentError("Peer claims to hold a voucher above anything this payer signed to it", {
            details: { claimed: cumulative, signedBefore: known },
            hints: ["Do not pay this seeder: its acknowledgement would make new vouchers pay for nothing"],
          }),
        );
        return;
      }
      this.base = cumulative;
    } else if (cumulative < this.base + this.paidAmount) {
      return; // an ack of an older voucher
    } else {
      this.awaitingAck = false;
    }
    this.blocked = false;
    this.hooks.unblocked();
  }

  /** A piece from this peer verified: it is owed. */
  onVerified(): void {
    if (this.stopped) return;
    this.unpaid++;
    this.unpaidAmount += this.price;
    this.maybePay(false);
  }

  /**
   * The seeder stopped serving until paid. Pay for every verified piece now; if nothing verified
   * is unpaid (its credit went to pieces abandoned mid-way), retry a little later, and give up on
   * the peer after a few rounds rather than pay for data that was never verified.
   */
  onPaymentRequired(): void {
    if (this.blocked || this.stopped) return;
    this.blocked = true;
    if (this.pending) {
      this.maybePay(true);
      return;
    }
    if (++this.demands > 3) {
      this.hooks.close(new PaymentError("Peer demands payment for pieces that were not delivered and verified"));
      return;
    }
    setTimeout(() => {
      if (!this.pending) this.blocked = false;
      this.hooks.unblocked();
    }, 1000).unref();
  }

  /**
   * Pays whatever is owed now and resolves once the last voucher is written to the connection
   * (used before closing; the ack is not awaited: the seeder stores a voucher it received even
   * if the connection ends right after it).
   */
  async flush(): Promise<void> {
    while (!this.stopped && (this.unpaid > 0 || this.signing)) {
      if (!this.signing) this.maybePay(true);
      if (!this.signing) return; // nothing could be signed (e.g. no terms)
      await this.signed;
    }
  }

  /** The peer is gone or banned: nothing more is paid. */
  stop(): void {
    this.stopped = true;
    this.unpaid = 0;
    this.unpaidAmount = 0n;
    if (this.timer !== undefined) clearTimeout(this.timer);
  }

  private maybePay(urgent: boolean): void {
    const pay = this.options;
    const terms = this.terms;
    if (
      pay === undefined ||
      terms === undefined ||
      this.base === undefined ||
      this.signing ||
      this.stopped ||
      this.unpaid === 0
    )
      return;
    if (this.unpaidAmount === 0n) {
      this.unpaid = 0; // free under paid-mode framing: nothing to sign
      return;
    }
    const wait = this.lastVoucherAt + (pay.voucherIntervalMs ?? 250) - performance.now();
    // Half the credit unpaid: pay now, so the seeder never runs dry while a voucher is in flight
    // (the other half covers the pieces in progress, at most `maxActive`).
    const low = this.unpaid >= Math.max(1, Math.floor(terms.creditPieces / 2));
    if (!urgent && !low && wait > 0) {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.maybePay(false);
      }, wait);
      return;
    }
    const count = this.unpaid;
    const amount = this.unpaidAmount;
    const base = this.base;
    const cumulativeAmount = base + this.paidAmount + amount;
    const voucher = {
      chainId: pay.chainId,
      pool: pay.pool,
      payer: pay.signer.address,
      payee: this.payee,
      token: pay.token,
      cumulativeAmount,
      generation: pay.generation,
    };
    this.signing = true;
    this.signed = new Promise((resolve) => (this.onSigned = resolve));
    this.lastVoucherAt = performance.now();
    signVoucher(pay.signer, voucher).then(
      (signed) => {
        this.signing = false;
        this.onSigned();
        if (this.stopped) return;
        this.paidAmount += amount;
        this.unpaid -= count;
        this.unpaidAmount -= amount;
        this.amountPaid = cumulativeAmount - base;
        this.awaitingAck = true;
        this.hooks.record({
          chainId: pay.chainId.toString(),
          pool: pay.pool,
          token: pay.token,
          generation: pay.generation.toString(),
          cumulativeAmount: cumulativeAmount.toString(),
          pieces: count,
        });
        this.hooks.send(encodeVoucher(signed));
        if (this.unpaid > 0) this.maybePay(false);
      },
      (error: unknown) => {
        this.signing = false;
        this.onSigned();
        this.hooks.fail(new PaymentError("Could not sign a voucher", { cause: error }));
      },
    );
  }
}
