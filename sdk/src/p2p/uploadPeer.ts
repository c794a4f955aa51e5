import type { Socket } from "node:net";

import { pieceRange } from "../commitment/index.ts";
import {
  BLOCK_SIZE,
  FEATURE_BIDS,
  FEATURE_PAID,
  FEATURE_PIECE_LAYER,
  LAYER_CHUNK,
  MAX_QUEUED_REQUESTS,
  MSG,
  REJECT,
  type RejectReason,
} from "./constants.ts";
import { Connection } from "./connection.ts";
import { PaymentError, ProtocolError } from "./errors.ts";
import type { SignedVoucher, Voucher } from "../payments/types.ts";
import {
  encodeAmount,
  encodeEmpty,
  encodeLayer,
  encodeReject,
  encodeTerms,
  type BlockRequest,
  type Hello,
  type Message,
  type PoolAnnouncement,
} from "./messages.ts";
import type { VoucherVerifier } from "../payments/verify.ts";
import type { SeederOptions, SeederPaymentOptions, SeederStats, VoucherKey } from "./seederOptions.ts";
import type { ContentSource } from "./source.ts";
import { TokenBucket } from "./tokenBucket.ts";
import { UnpaidBudget } from "./unpaidBudget.ts";

interface Queued {
  readonly req: BlockRequest;
  cancelled: boolean;
}

/** What an `UploadPeer` needs from the seeder that accepted it (the `Seeder` implements it). */
export interface UploadHost {
  readonly options: Pick<
    SeederOptions,
    "account" | "payment" | "peerRateLimit" | "handshakeTimeoutMs" | "idleTimeoutMs"
  >;
  readonly stats: SeederStats;
  /** The seeder-wide upload limit. */
  readonly bucket: TokenBucket;
  /** Voucher checks (paid mode), shared by all peers. */
  readonly verifier: VoucherVerifier | undefined;
  /** Unpaid credit across all peers (paid mode). */
  readonly budget: UnpaidBudget | undefined;
  /** The content served for `(root, size)`, if any. */
  lookup(root: string, size: bigint): ContentSource | undefined;
  /** The peer is interested: give it a slot if one is free. */
  onInterested(peer: UploadPeer): void;
  /** The connection closed (with the error that closed it, if any). */
  onPeerClosed(peer: UploadPeer, error: Error | undefined): void;
  /** Keeps a voucher check and save running after the connection closed (see `Seeder.settled`). */
  track(work: Promise<void>): void;
}

/**
 * One downloader connected to a `Seeder`: its request queue (every request answered once: piece
 * or reject), choke state, token bucket, and (paid mode) credit window and vouchers.
 */
export class UploadPeer {
  readonly conn: Connection;
  private readonly seeder: UploadHost;
  private source: ContentSource | undefined;
  /** The peer's hello, once the handshake completed. */
  peer: Hello | undefined;
  choked = true;
  interested = false;
  optimistic = false;
  private queue: Queued[] = [];
  private head = 0;
  private pumping = false;
  private again = false;
  private pumpScheduled = false;
  private waiting: NodeJS.Timeout | undefined;
  private readonly bucket: TokenBucket;
  /** Piece reads started ahead of serving (bounded: a flood of requests must not start a read each). */
  private prefetching = 0;
  private lastPrefetch = -1;
  private invalid = 0;
  private layerBytes = 0;
  // Ranking (reset at every re-rank).
  recentBytes = 0;
  recentPaid = 0n;
  // Payments.
  private key: VoucherKey | undefined;
  private paymentReady = false;
  private base = 0n;
  private best = 0n;
  /** The peer's bid (price per piece), once it sent one; never below the terms, never lowered. */
  bid: bigint | undefined;
  /**
   * What the bytes served are worth, in token units x bytes: each block adds the price in force
   * when it was sent times its length (a piece is `pieceSize` bytes), so a bid counts from the
   * first block served after it arrived.
   */
  private charged = 0n;
  private paymentRequiredSent = false;
  /** Closes the peer if it does not pay after `payment-required` (`paymentTimeoutMs`). */
  private paymentDue: NodeJS.Timeout | undefined;
  private vouchersPending = 0;
  private voucherChain: Promise<void> = Promise.resolve();
  /** This peer's unpaid exposure as registered in the seeder's budget (budget units). */
  private exposure = 0n;

  constructor(seeder: UploadHost, socket: Socket) {
    this.seeder = seeder;
    this.bucket = new TokenBucket(seeder.options.peerRateLimit ?? Number.POSITIVE_INFINITY);
    const features = FEATURE_PIECE_LAYER | (seeder.options.payment ? FEATURE_PAID | FEATURE_BIDS : 0);
    this.conn = new Connection({
      socket,
      account: seeder.options.account,
      initiator: false,
      handshakeTimeoutMs: seeder.options.handshakeTimeoutMs ?? 10_000,
      ...(seeder.options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: seeder.options.idleTimeoutMs }),
      // A downloader sends small frames only (a bitfield of up to 512k pieces is the largest).
      maxFrameLength: 1 << 16,
      content: (hello) => {
        const source = seeder.lookup(hello.root, hello.size);
        if (source === undefined) return undefined;
        this.source = source;
        return {
          root: source.commitment.root,
          size: source.commitment.size,
          pieceSize: source.geometry.pieceSize,
          features,
        };
      },
      handlers: {
        onReady: (peer) => this.onReady(peer),
        onMessage: (m) => this.onMessage(m),
        onClose: (error) => {
          if (this.waiting !== undefined) clearTimeout(this.waiting);
          if (this.paymentDue !== undefined) clearTimeout(this.paymentDue);
          this.queue = [];
          this.head = 0;
          // Vouchers still in flight may pay part of the debt; what is left is written off later.
          const budget = seeder.budget;
          if (budget !== undefined) void this.voucherChain.finally(() => budget.writeOff(this.exposure));
          seeder.onPeerClosed(this, error);
        },
        onDrain: () => void this.pump(),
      },
    });
  }

  private get pay(): SeederPaymentOptions | undefined {
    return this.seeder.options.payment;
  }

  /** Price per piece this peer pays: its bid, else the terms (0 when the seeder is free). */
  get price(): bigint {
    return this.bid ?? this.pay?.pricePerPiece ?? 0n;
  }

  /**
   * What ranks this peer for a regular slot: its price once its pool is acknowledged, and 0 while
   * it owes a payment the seeder asked for (a bid counts only while it is honoured).
   */
  get standingBid(): bigint {
    return this.paymentReady && !this.paymentRequiredSent ? this.price : 0n;
  }

  private onReady(peer: Hello): void {
    this.peer = peer;
    this.conn.send(encodeEmpty(MSG.haveAll));
    const pay = this.pay;
    if (pay) this.conn.send(encodeTerms({ pricePerPiece: pay.pricePerPiece, creditPieces: pay.creditPieces }));
    else this.paymentReady = true;
  }

  private onMessage(m: Message): void {
    switch (m.type) {
      case "request":
        this.onRequest(m.request);
        return;
      case "cancel":
        this.onCancel(m.request);
        return;
      case "interested":
        this.interested = true;
        this.seeder.onInterested(this);
        return;
      case "notInterested":
        this.interested = false;
        this.setChoked(true);
        return;
      case "layerRequest":
        this.onLayerRequest(m.start, m.count);
        return;
      case "pool":
        this.onPool(m.pool);
        return;
      case "voucher":
        this.onVoucher(m.voucher);
        return;
      case "bid":
        this.onBid(m.pricePerPiece);
        return;
      case "keepAlive":
      case "have":
      case "haveAll":
      case "haveNone":
      case "bitfield":
      case "choke":
      case "unchoke":
        return;
      default:
        throw new ProtocolError("Unexpected message for a seeder", { details: { type: m.type } });
    }
  }

  private reject(req: BlockRequest, reason: RejectReason): void {
    this.seeder.stats.rejects++;
    this.conn.sendSoon(encodeReject(req, reason));
  }

  private valid(req: BlockRequest): boolean {
    const source = this.source as ContentSource;
    if (req.piece >= source.geometry.count || req.length === 0 || req.length > BLOCK_SIZE) return false;
    const range = pieceRange(source.geometry, req.piece);
    return req.offset + req.length <= range.end - range.start;
  }

  private onRequest(req: BlockRequest): void {
    this.seeder.stats.requests++;
    if (!this.valid(req)) {
      this.reject(req, REJECT.invalid);
      if (++this.invalid > 16) throw new ProtocolError("Too many invalid requests");
      return;
    }
    if (this.choked) return this.reject(req, REJECT.choked);
    if (this.queue.length - this.head >= MAX_QUEUED_REQUESTS) return this.reject(req, REJECT.queueFull);
    this.queue.push({ req, cancelled: false });
    // Start reading the piece now so that disk reads overlap with sending earlier blocks.
    const source = this.source as ContentSource;
    if (req.piece !== this.lastPrefetch && this.prefetching < 4 && source.cachedPiece?.(req.piece) === undefined) {
      this.lastPrefetch = req.piece;
      this.prefetching++;
      source.readPiece(req.piece).then(
        () => this.prefetching--,
        () => this.prefetching--,
      );
    }
    this.schedulePump();
  }

  private onCancel(req: BlockRequest): void {
    for (let i = this.head; i < this.queue.length; i++) {
      const q = this.queue[i] as Queued;
      if (!q.cancelled && q.req.piece === req.piece && q.req.offset === req.offset && q.req.length === req.length) {
        q.cancelled = true;
        this.reject(q.req, REJECT.cancelled);
        return;
      }
    }
  }

  private onLayerRequest(start: number, count: number): void {
    const source = this.source as ContentSource;
    const total = source.geometry.count;
    if (count === 0 || count > LAYER_CHUNK || start >= total || start + count > total) {
      throw new ProtocolError("Piece-layer request out of range", { details: { start, count, pieces: total } });
    }
    this.layerBytes += count * 32;
    if (this.layerBytes > 4 * total * 32 + 4096) throw new ProtocolError("Too many piece-layer requests");
    this.conn.send(encodeLayer(start, source.pieceRoots.subarray(start * 32, (start + count) * 32)));
  }

  setChoked(choked: boolean): void {
    if (this.choked === choked || this.conn.closed) return;
    this.choked = choked;
    if (choked) {
      this.optimistic = false;
      for (let i = this.head; i < this.queue.length; i++) {
        const q = this.queue[i] as Queued;
        if (!q.cancelled) this.reject(q.req, REJECT.choked);
      }
      this.queue = [];
      this.head = 0;
      this.conn.send(encodeEmpty(MSG.choke));
    } else {
      this.conn.send(encodeEmpty(MSG.unchoke));
    }
  }

  // --- payments -------------------------------------------------------------------------------

  private onPool(announced: PoolAnnouncement): void {
    const pay = this.pay;
    if (pay === undefined) return; // free seeder: nothing to pay
    if (this.key !== undefined) throw new ProtocolError("Pool announced twice");
    if (
      announced.chainId !== pay.chainId ||
      announced.pool.toLowerCase() !== pay.pool.toLowerCase() ||
      announced.token.toLowerCase() !== pay.token.toLowerCase()
    ) {
      throw new ProtocolError("Peer pays from a pool this seeder does not accept", {
        details: { chainId: announced.chainId, pool: announced.pool, token: announced.token },
        hints: [`This seeder accepts chain ${pay.chainId}, pool ${pay.pool}, token ${pay.token}`],
      });
    }
    const key: VoucherKey = {
      chainId: pay.chainId,
      pool: pay.pool,
      payer: (this.peer as Hello).address,
      payee: this.seeder.options.account.address,
      token: pay.token,
      generation: announced.generation,
    };
    this.key = key;
    this.voucherChain = (async () => {
      try {
        const base = await this.storedBase(key);
        await this.requireSolvent(key, base + pay.pricePerPiece * BigInt(pay.creditPieces), "the credit window");
        if (this.conn.closed) return;
        this.base = base;
        this.best = base;
        this.paymentReady = true;
        this.conn.send(encodeAmount(MSG.ack, this.best));
        void this.pump();
      } catch (error) {
        this.conn.close(error instanceof Error ? error : new PaymentError(String(error)));
      }
    })();
  }

  /**
   * A bid obliges: blocks served from now on are charged at `price`, so the credit window and
   * `payment-required` expect vouchers at the bid. A free seeder ignores bids (like a pool
   * announcement); a bid before the pool, below the terms or below the previous bid is a
   * protocol error that closes the connection.
   */
  private onBid(price: bigint): void {
    const pay = this.pay;
    if (pay === undefined) return;
    if (this.key === undefined) throw new ProtocolError("Bid before a pool announcement");
    if (price < pay.pricePerPiece) {
      throw new ProtocolError("Bid below the seeder's price per piece", {
        details: { bid: price, pricePerPiece: pay.pricePerPiece },
        hints: ["A bid must be at least the price of the seeder's terms"],
      });
    }
    if (this.bid !== undefined && price < this.bid) {
      throw new ProtocolError("Bid lowered", {
        details: { bid: price, previous: this.bid },
        hints: ["A bid may only be raised"],
      });
    }
    this.bid = price;
  }

  /**
   * What the stored best voucher of this payer already pays on the announced generation (0 for
   * an older generation). A stored voucher of a later generation means the announcement is
   * stale: vouchers of it could never be claimed, so no credit.
   */
  private async storedBase(key: VoucherKey): Promise<bigint> {
    const stored = (await (this.pay as SeederPaymentOptions).store.get(key.payer, key.token))?.voucher;
    if (stored === undefined || stored.generation < key.generation) return 0n;
    if (stored.generation > key.generation) {
      throw new PaymentError("Pool announced with a generation older than the payer's stored voucher", {
        details: { announced: key.generation, stored: stored.generation },
        hints: ["Announce the deposit's current generation (PaymentChannels `accountOf`)"],
      });
    }
    return stored.cumulativeAmount;
  }

  /** Throws `PaymentError` unless `signed` is a valid voucher of `key`'s stream (fields, then signature). */
  private checkVoucher(key: VoucherKey, signed: SignedVoucher): Voucher {
    let voucher: Voucher;
    try {
      voucher = this.seeder.verifier!.verify(signed);
    } catch (error) {
      const reason = (error as { reason?: string }).reason;
      throw new PaymentError(
        reason === "bad-signature"
          ? "Voucher is not signed by the payer"
          : "Voucher is for another chain, pool, payee or token",
        { cause: error },
      );
    }
    if (voucher.payer.toLowerCase() !== key.payer.toLowerCase() || voucher.generation !== key.generation) {
      throw new PaymentError("Voucher is for another payer or generation", {
        details: {
          payer: voucher.payer,
          generation: voucher.generation,
          expectedPayer: key.payer,
          expectedGeneration: key.generation,
        },
      });
    }
    return voucher;
  }

  /** Drops the payer (throws) unless its deposit covers `amount` on `key`'s stream. */
  private async requireSolvent(key: VoucherKey, amount: bigint, what: string): Promise<void> {
    const solvency = this.pay?.solvency;
    if (solvency === undefined) return;
    if (!(await solvency.covers(key, amount))) {
      throw new PaymentError(`Payer's deposit does not cover ${what}`, {
        details: { payer: key.payer, token: key.token, generation: key.generation, amount },
        hints: ["The payer must top up its deposit (or it is withdrawing): vouchers stop being worth serving for"],
      });
    }
  }

  private onVoucher(v: SignedVoucher): void {
    const pay = this.pay;
    const key = this.key;
    if (pay === undefined || key === undefined) throw new ProtocolError("Voucher before a pool announcement");
    if (++this.vouchersPending > 8) throw new ProtocolError("Too many vouchers in flight");
    // Checked and stored even if the connection closes meanwhile: a downloader ends the session
    // right after its last voucher (it does not wait for the ack), and that voucher is owed.
    this.voucherChain = this.voucherChain.then(async () => {
      try {
        const voucher = this.checkVoucher(key, v);
        if (voucher.cumulativeAmount <= this.best) return; // stale or replayed: harmless, ignored
        await pay.store.put(v); // durable before any further credit
        await this.requireSolvent(key, voucher.cumulativeAmount, "its vouchers");
        const gained = voucher.cumulativeAmount - this.best;
        this.best = voucher.cumulativeAmount;
        this.syncExposure();
        this.recentPaid += gained;
        this.seeder.stats.vouchersAccepted++;
        this.paymentRequiredSent = false;
        if (this.paymentDue !== undefined) clearTimeout(this.paymentDue);
        this.paymentDue = undefined;
        this.conn.send(encodeAmount(MSG.ack, this.best));
        void this.pump();
      } catch (error) {
        this.conn.close(error instanceof Error ? error : new ProtocolError(String(error)));
      } finally {
        this.vouchersPending--;
      }
    });
    this.seeder.track(this.voucherChain);
  }

  /**
   * Whether serving `length` more bytes keeps the unpaid exposure within this peer's credit
   * window (else `"credit"`) and within the seeder's budget of unpaid credit across all peers
   * (else `"budget"`).
   */
  private creditFor(length: number): "ok" | "credit" | "budget" {
    const pay = this.pay;
    if (pay === undefined) return "ok";
    if (!this.paymentReady) return "credit";
    const price = this.price;
    if (price === 0n) return "ok";
    const pieceSize = (this.source as ContentSource).geometry.pieceSize;
    const charged = this.charged + price * BigInt(length);
    if (charged > (this.best - this.base + price * BigInt(pay.creditPieces)) * BigInt(pieceSize)) return "credit";
    const budget = this.seeder.budget;
    if (budget !== undefined && !budget.fits(this.exposureAt(charged) - this.exposure)) return "budget";
    return "ok";
  }

  /** Unpaid exposure in budget units if `charged` (token units x bytes) had been served. */
  private exposureAt(charged: bigint): bigint {
    const pieceSize = (this.source as ContentSource).geometry.pieceSize;
    const unpaid = UnpaidBudget.cost(charged, 1, pieceSize) - UnpaidBudget.amount(this.best - this.base);
    return unpaid > 0n ? unpaid : 0n;
  }

  /** Re-registers this peer's exposure in the seeder's budget after serving or a voucher. */
  private syncExposure(): void {
    const budget = this.seeder.budget;
    if (budget === undefined || this.source === undefined) return;
    const now = this.exposureAt(this.charged);
    budget.adjust(now - this.exposure);
    this.exposure = now;
  }

  /** The cumulative voucher that pays for everything served (a partial piece pro rata, rounded up). */
  private owed(): bigint {
    const pieceSize = BigInt((this.source as ContentSource).geometry.pieceSize);
    return this.base + (this.charged + pieceSize - 1n) / pieceSize;
  }

  // --- serving --------------------------------------------------------------------------------

  /**
   * Pumps once the current input chunk is parsed: a batch of requests is then answered with one
   * corked write (one syscall) rather than one write per request.
   */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    queueMicrotask(() => {
      this.pumpScheduled = false;
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.waiting !== undefined) return;
    if (this.pumping) {
      this.again = true; // e.g. a drain that fired while serve() was finishing
      return;
    }
    this.pumping = true;
    try {
      do {
        this.again = false;
        await this.serve();
      } while (this.again && this.waiting === undefined && !this.conn.closed);
    } catch (error) {
      this.conn.close(error instanceof Error ? error : new ProtocolError(String(error)));
    } finally {
      this.pumping = false;
    }
  }

  private async serve(): Promise<void> {
    const source = this.source as ContentSource;
    const stats = this.seeder.stats;
    this.conn.cork();
    try {
      while (this.head < this.queue.length) {
        if (!this.conn.writable) return;
        const q = this.queue[this.head] as Queued;
        if (q.cancelled) {
          this.head++;
          continue;
        }
        const { req } = q;
        const credit = this.creditFor(req.length);
        if (credit === "budget") {
          // Paid up, but the seeder's unpaid credit is spent on others: ask again later.
          this.head++;
          this.reject(req, REJECT.queueFull);
          continue;
        }
        if (credit === "credit") {
          this.head++;
          this.reject(req, REJECT.paymentRequired);
          if (this.paymentReady && !this.paymentRequiredSent) {
            this.paymentRequiredSent = true;
            const owed = this.owed();
            this.conn.send(encodeAmount(MSG.paymentRequired, owed));
            // At the deadline, vouchers already received are checked first (a check reads the chain).
            this.paymentDue = setTimeout(
              () =>
                void this.voucherChain.then(() => {
                  if (!this.paymentRequiredSent || this.conn.closed) return;
                  this.conn.close(
                    new PaymentError("Peer did not pay for what it was served", {
                      details: { payer: this.peer?.address, owed, paid: this.best },
                      hints: ["A payer must send a voucher when the seeder asks for payment"],
                    }),
                  );
                }),
              this.pay?.paymentTimeoutMs ?? 30_000,
            );
            this.paymentDue.unref();
          }
          continue;
        }
        const wait = Math.max(this.bucket.take(req.length), this.seeder.bucket.take(req.length));
        if (wait > 0) {
          this.waiting = setTimeout(() => {
            this.waiting = undefined;
            void this.pump();
          }, wait);
          return;
        }
        let data = source.cachedPiece?.(req.piece);
        if (data === undefined)
          try {
            const read = source.readPiece(req.piece);
            this.conn.uncork();
            data = await read;
            this.conn.cork();
          } catch {
            this.head++;
            this.reject(req, REJECT.unavailable);
            continue;
          }
        if (this.conn.closed) return;
        if (q.cancelled || this.queue[this.head] !== q) continue; // cancelled or choked while reading
        this.head++;
        const block = data.subarray(req.offset, req.offset + req.length);
        this.conn.sendPiece(req.piece, req.offset, block, source.pin?.(block));
        if (this.pay !== undefined) {
          this.charged += this.price * BigInt(req.length);
          this.syncExposure();
        }
        this.recentBytes += req.length;
        stats.blocksSent++;
        stats.bytesSent += req.length;
      }
      if (this.head > 0) {
        this.queue = [];
        this.head = 0;
      }
    } finally {
      this.conn.uncork();
    }
  }

  close(error?: Error): void {
    if (this.waiting !== undefined) clearTimeout(this.waiting);
    this.conn.close(error);
  }
}
