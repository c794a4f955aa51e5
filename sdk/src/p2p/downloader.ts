import { availableParallelism } from "node:os";

import type { Address, LocalAccount } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { DEFAULT_PIECE_SIZE, pieceGeometry, type PieceGeometry } from "../commitment/index.ts";
import { Bitfield } from "./bitfield.ts";
import { FEATURE_BIDS, FEATURE_PAID, FEATURE_PIECE_LAYER, MSG } from "./constants.ts";
import { checkDownloadOptions, type DownloadOptions, type DownloadResult } from "./download/options.ts";
import type { PeerAddress } from "./download/options.ts";
import { dialPeer, remoteOf, type Download, type Peer } from "./download/peer.ts";
import { PieceLayerFetch, rootMatches } from "./download/pieceLayer.ts";
import { progressOf, reportOf } from "./download/progress.ts";
import { resumeVerified } from "./download/resume.ts";
import { RequestScheduler } from "./download/scheduler.ts";
import { NoProgressError, PaymentError, ProtocolError, TransferError } from "./errors.ts";
import { PieceHasher, type HashedPiece } from "./hasher.ts";
import { encodeEmpty, type Hello, type Message } from "./messages.ts";
import { PartFile } from "./partfile.ts";
import { PeerPayer } from "./payer.ts";
import { PiecePicker } from "./picker.ts";

export type { DownloadOptions, DownloadProgress, DownloadResult, PeerAddress, PeerReport } from "./download/options.ts";

/**
 * Downloads content identified by (root, size) from several peers: piece layer fetched once and
 * verified against the root (download/pieceLayer.ts), rarest-first picking with random
 * tie-breaks, pipelined 16 KiB requests sized to each peer's rate, re-requests and endgame
 * (download/scheduler.ts), time-outs, every piece verified before it is written or paid, bans
 * for bad pieces, payments per verified piece (payer.ts), resume from `<out>.part`
 * (download/resume.ts). This class wires them together and owns the verify-write path.
 */
export class Downloader {
  readonly options: DownloadOptions;
  readonly geometry: PieceGeometry;
  private readonly account: LocalAccount;
  private readonly picker: PiecePicker;
  private readonly scheduler: RequestScheduler;
  private readonly pieceLayer: PieceLayerFetch;
  private readonly peers: Peer[];
  private hasher: PieceHasher | undefined;
  private readonly done: Bitfield;
  private part: PartFile | undefined;
  private ready = false;
  private finished = false;
  private resumedPieces = 0;
  private sidecarDirty = false;
  private lastSidecar = 0;
  private tick: NodeJS.Timeout | undefined;
  private lastProgress = 0;
  /** When something last moved forward (a piece verified, a layer chunk, the resume): the stall watchdog. */
  private movedAt = 0;
  private startedAt = 0;
  private bytesThisRun = 0;
  private resolve!: (r: DownloadResult) => void;
  private reject!: (e: Error) => void;
  private readonly result: Promise<DownloadResult>;
  private readonly pendingWrites = new Set<Promise<void>>();
  /** Dials of refused peers waiting for their backoff. */
  private redialing = 0;
  private readonly redials = new Set<NodeJS.Timeout>();
  /** Price per piece offered to seeders that take bids (`payment.bid`, raised by `raiseBid`). */
  private bid: bigint | undefined;

  constructor(options: DownloadOptions) {
    this.options = options;
    this.geometry = pieceGeometry(options.size, options.pieceSize ?? DEFAULT_PIECE_SIZE);
    checkDownloadOptions(options, this.geometry);
    this.bid = options.payment?.bid;
    this.account = options.account ?? privateKeyToAccount(generatePrivateKey());
    this.picker = new PiecePicker(this.geometry.count, options.random);
    this.done = new Bitfield(this.geometry.count);
    this.scheduler = new RequestScheduler(this.geometry, options, this.picker, this.done, {
      running: () => this.ready && !this.finished,
      complete: (dl) => this.completePiece(dl),
    });
    this.peers = this.scheduler.peers;
    this.pieceLayer = new PieceLayerFetch({ root: options.root, size: options.size }, this.geometry);
    this.result = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.result.catch(() => undefined);
  }

  /** Runs the download to completion (or failure / abort). */
  async run(): Promise<DownloadResult> {
    const { options } = this;
    options.signal?.throwIfAborted();
    this.part = await PartFile.open(options.out, options.root, this.geometry);
    this.hasher = new PieceHasher(
      options.size,
      this.geometry.pieceSize,
      options.hashWorkers ?? (availableParallelism() >= 4 && this.geometry.count >= 16 ? 1 : 0),
    );
    this.startedAt = performance.now();
    this.movedAt = this.startedAt;
    const onAbort = () =>
      this.fail(
        new TransferError("Download aborted", {
          cause: options.signal?.reason,
          hints: ["Run the same fetch again to resume"],
        }),
      );
    options.signal?.addEventListener("abort", onAbort, { once: true });
    const timeout = options.requestTimeoutMs ?? 10_000;
    this.tick = setInterval(() => this.onTick(), Math.min(250, timeout / 4));
    for (const address of options.peers) this.connectPeer(address);
    try {
      return await this.result;
    } finally {
      options.signal?.removeEventListener("abort", onAbort);
    }
  }

  // --- peers ----------------------------------------------------------------------------------

  private connectPeer(address: PeerAddress, replacing?: Peer): void {
    const features = FEATURE_PIECE_LAYER | (this.options.payment ? FEATURE_PAID | FEATURE_BIDS : 0);
    const content = { root: this.options.root, size: this.options.size, pieceSize: this.geometry.pieceSize, features };
    const peer = dialPeer(address, this.account, content, (p) => ({
      onReady: (hello) => this.onReady(p, hello),
      onMessage: (m) => this.onMessage(p, m),
      onClose: (error) => this.onPeerClosed(p, error),
    }));
    peer.dials = (replacing?.dials ?? 0) + 1;
    const at = replacing === undefined ? -1 : this.peers.indexOf(replacing);
    if (at >= 0) this.peers[at] = peer;
    else this.peers.push(peer);
  }

  /**
   * A refused connection (the seeder not listening yet, or restarting) is dialled again after
   * 100 ms, 200 ms, 400 ms ... for `connectRetryMs`. Returns true if a new dial is scheduled.
   */
  private redial(peer: Peer, error: Error | undefined): boolean {
    const refused = (error as NodeJS.ErrnoException | undefined)?.code === "ECONNREFUSED";
    const window = this.options.connectRetryMs ?? 5_000;
    if (!refused || this.finished || peer.hello !== undefined || performance.now() - this.startedAt > window)
      return false;
    this.redialing++;
    const delayMs = Math.min(100 * 2 ** (peer.dials - 1), 2_000);
    const timer = setTimeout(() => {
      this.redials.delete(timer);
      this.redialing--;
      if (!this.finished) this.connectPeer(peer.address, peer);
    }, delayMs);
    this.redials.add(timer);
    this.options.onRedial?.(peer.address, peer.dials, delayMs, error as Error);
    return true;
  }

  private onReady(peer: Peer, hello: Hello): void {
    peer.hello = hello;
    if ((hello.features & FEATURE_PAID) !== 0)
      peer.payer = this.payerFor(peer, hello.address, (hello.features & FEATURE_BIDS) !== 0);
    peer.conn.send(encodeEmpty(MSG.haveNone));
    peer.conn.send(encodeEmpty(MSG.interested));
    this.pieceLayer.request(this.peers);
  }

  private onMessage(peer: Peer, m: Message): void {
    switch (m.type) {
      case "piece":
        this.scheduler.onBlock(peer, m.piece, m.offset, m.data);
        return;
      case "reject":
        this.scheduler.onReject(peer, m.request, m.reason);
        return;
      case "haveAll":
        this.setHas(peer, Bitfield.full(this.geometry.count));
        return;
      case "haveNone":
        this.setHas(peer, new Bitfield(this.geometry.count));
        return;
      case "bitfield":
        this.setHas(peer, new Bitfield(this.geometry.count, m.bits));
        return;
      case "have":
        if (m.piece >= this.geometry.count)
          throw new ProtocolError("Have for a piece out of range", { details: { piece: m.piece } });
        if (peer.has === undefined) throw new ProtocolError("Have before a bitfield");
        if (peer.has.set(m.piece)) this.picker.add(m.piece);
        this.scheduler.fill(peer);
        return;
      case "unchoke":
        peer.choked = false;
        this.scheduler.fill(peer, true);
        return;
      case "choke":
        // The seeder rejected whatever it still had queued; let other peers take these pieces.
        peer.choked = true;
        this.scheduler.dropAll(peer, true);
        this.scheduler.fillAll();
        return;
      case "layer":
        this.onLayer(peer, m.start, m.roots);
        return;
      case "terms":
        if (peer.payer === undefined) throw new ProtocolError("Terms from a peer that did not announce paid mode");
        peer.payer.onTerms(m.terms);
        return;
      case "ack":
        if (peer.payer === undefined) throw new ProtocolError("Ack from a peer that did not announce paid mode");
        peer.payer.onAck(m.cumulativeAmount);
        return;
      case "paymentRequired":
        peer.payer?.onPaymentRequired();
        return;
      case "keepAlive":
      case "interested":
      case "notInterested":
        return;
      default:
        throw new ProtocolError("Unexpected message for a downloader", { details: { type: m.type } });
    }
  }

  private setHas(peer: Peer, has: Bitfield): void {
    if (peer.has !== undefined) throw new ProtocolError("Second bitfield");
    peer.has = has;
    this.picker.addPeer(has);
    this.scheduler.fill(peer);
  }

  private onPeerClosed(peer: Peer, error: Error | undefined): void {
    peer.closed = true;
    peer.error ??= error;
    if (this.redial(peer, error)) return;
    peer.payer?.stop();
    if (peer.has !== undefined) this.picker.removePeer(peer.has);
    this.scheduler.dropAll(peer, false);
    peer.outstanding.clear();
    if (this.pieceLayer.source === peer) {
      this.pieceLayer.forget(peer);
      this.pieceLayer.request(this.peers);
    }
    if (this.finished) return;
    this.scheduler.fillAll();
    if (this.redialing === 0 && this.peers.every((p) => p.closed) && !this.done.complete) {
      this.fail(
        new NoProgressError("No peer left to download from", {
          details: {
            piecesDone: this.done.count,
            pieceCount: this.geometry.count,
            peers: this.peers.map((p) => `${remoteOf(p)}: ${p.error?.message.split("\n")[0] ?? "closed"}`),
          },
          hints: ["Check the peers' addresses and that they seed this root and size; run again to resume"],
        }),
      );
    }
  }

  private ban(peer: Peer, reason: string, details: Record<string, unknown>): void {
    peer.banned = true;
    peer.payer?.stop(); // never paid for anything after sending bad data
    peer.conn.close(new ProtocolError(reason, { details }));
  }

  // --- piece layer and resume -----------------------------------------------------------------

  private onLayer(peer: Peer, start: number, roots: Uint8Array): void {
    const outcome = this.pieceLayer.onLayer(peer, start, roots);
    this.movedAt = performance.now();
    if (outcome === "more") return;
    if (outcome === "bad") {
      this.ban(peer, "Piece layer does not match the content root", { root: this.options.root });
      this.pieceLayer.request(this.peers);
      return;
    }
    const layer = this.pieceLayer.layer as Uint8Array;
    void resumeVerified(
      this.part as PartFile,
      layer,
      this.geometry,
      this.hasher as PieceHasher,
      this.done,
      this.scheduler.takeBuffer(),
      (b) => this.scheduler.releaseBuffer(b),
    ).then(
      (resumed) => {
        this.resumedPieces = resumed;
        this.movedAt = performance.now();
        this.ready = true;
        this.checkComplete();
        this.scheduler.fillAll();
      },
      (error: unknown) => this.fail(new TransferError("Cannot read the partial file", { cause: error })),
    );
  }

  // --- verify and write -----------------------------------------------------------------------

  /** All blocks of a piece arrived: hash it (off the event loop), then pay, write and mark it, or ban the peer. */
  private completePiece(dl: Download): void {
    const peer = dl.peer;
    const piece = dl.piece;
    const verifying = this.scheduler.verifying;
    this.scheduler.detach(dl);
    dl.dropped = true;
    verifying.set(piece, (verifying.get(piece) ?? 0) + 1);
    (this.hasher as PieceHasher).hash(piece, dl.buf.subarray(0, dl.length)).then(
      (hashed) => this.onHashed(peer, piece, hashed),
      (error: unknown) => this.fail(new TransferError("Cannot verify pieces", { cause: error })),
    );
  }

  private onHashed(peer: Peer, piece: number, { root, data, whole }: HashedPiece): void {
    const { verifying, writing } = this.scheduler;
    const left = (verifying.get(piece) as number) - 1;
    if (left === 0) verifying.delete(piece);
    else verifying.set(piece, left);
    if (this.finished) return;
    if (!rootMatches(this.pieceLayer.layer as Uint8Array, piece, root)) {
      this.scheduler.releaseBuffer(whole);
      if (!peer.closed)
        this.ban(peer, "Peer sent a piece that failed verification", { piece, peer: peer.hello?.address });
      this.scheduler.fillAll();
      return;
    }
    peer.piecesVerified++;
    this.movedAt = performance.now();
    peer.payer?.onVerified();
    if (this.done.get(piece) || writing.has(piece)) {
      this.scheduler.releaseBuffer(whole); // endgame duplicate
      return;
    }
    // Endgame: the other copies of this piece are no longer needed.
    for (const other of [...(this.scheduler.downloads.get(piece) ?? [])]) this.scheduler.dropDownload(other, true);
    writing.add(piece);
    this.bytesThisRun += data.length;
    const write = (this.part as PartFile).writePiece(piece, data).then(
      () => {
        writing.delete(piece);
        this.done.set(piece);
        this.sidecarDirty = true;
        this.scheduler.releaseBuffer(whole);
        this.progress(false);
        this.checkComplete();
      },
      (error: unknown) =>
        this.fail(
          new TransferError("Cannot write the partial file", { details: { path: this.options.out }, cause: error }),
        ),
    );
    this.pendingWrites.add(write);
    void write.finally(() => this.pendingWrites.delete(write));
  }

  // --- payments -------------------------------------------------------------------------------

  /**
   * Raises the price per piece offered to every seeder that takes bids (now and later ones),
   * to climb their slot rankings at their next re-rank. Bids only rise; a seeder whose terms
   * are higher keeps being paid its terms. Throws above `payment.maxPricePerPiece`.
   */
  raiseBid(price: bigint): void {
    const max = this.options.payment?.maxPricePerPiece;
    if (max === undefined || price > max) {
      throw new PaymentError("Bid above the maximum price per piece (or no payment configured)", {
        details: { bid: price, maxPricePerPiece: max },
      });
    }
    if (this.bid !== undefined && price <= this.bid) return;
    this.bid = price;
    for (const p of this.peers) if (!p.closed && !p.banned) p.payer?.raiseBid(price);
  }

  private payerFor(peer: Peer, payee: Address, acceptsBids: boolean): PeerPayer {
    return new PeerPayer(
      payee,
      this.options.payment,
      {
        send: (frame) => peer.conn.send(frame),
        close: (error) => peer.conn.close(error),
        unblocked: () => this.scheduler.fill(peer, true),
        record: (state) => {
          const part = this.part as PartFile;
          const prior = part.payments[payee];
          part.payments[payee] = { ...state, pieces: (prior?.pieces ?? 0) + state.pieces };
          this.sidecarDirty = true;
        },
        fail: (error) => this.fail(error),
      },
      acceptsBids,
      this.bid,
    );
  }

  /**
   * Pays for the last verified pieces: resolves once every final voucher is written to its
   * connection. Acks are not awaited (a round trip through the seeder's signature check and
   * fsync): connections then end gracefully, and a seeder stores a voucher it received even if
   * the connection ends right after it.
   */
  private async flushVouchers(): Promise<void> {
    await Promise.all(
      this.peers
        .filter((p) => !p.closed && !p.banned && p.payer !== undefined)
        .map((p) => (p.payer as PeerPayer).flush()),
    );
  }

  // --- housekeeping ---------------------------------------------------------------------------

  private onTick(): void {
    const now = performance.now();
    const timeout = this.options.requestTimeoutMs ?? 10_000;
    for (const peer of this.peers) {
      if (peer.closed) continue;
      const dt = 0.25;
      const sample = peer.rateBytes / dt;
      peer.rate = peer.rate === 0 ? sample : peer.rate * 0.6 + sample * 0.4;
      peer.rateBytes = 0;
      if (peer.outstanding.size > 0 && now - peer.lastReceived > timeout) {
        // Snubbed: give its pieces to others, stop asking it for a while; twice and it is dropped.
        peer.timeouts++;
        this.scheduler.dropAll(peer, true);
        peer.snubbedUntil = now + timeout;
        peer.lastReceived = now;
        if (peer.timeouts >= 3)
          peer.conn.close(new TransferError("Peer stopped answering requests", { details: { timeoutMs: timeout } }));
        this.scheduler.fillAll(peer);
      } else {
        this.scheduler.fill(peer, true);
      }
    }
    if (this.pieceLayer.checkTimeout(this.peers, timeout) !== undefined) this.movedAt = now; // a fresh try elsewhere
    this.checkProgress(now, timeout);
    if (this.finished) return;
    if (this.sidecarDirty && now - this.lastSidecar > 500 && this.part !== undefined && !this.finished) {
      this.sidecarDirty = false;
      this.lastSidecar = now;
      this.part.saveSidecar(this.done).catch(() => undefined);
    }
    this.progress(false);
  }

  /**
   * Fails with `NoProgressError` when nothing moved for `stallTimeoutMs`, or already after
   * `requestTimeoutMs` when no connected peer could supply what is missing (the piece layer, or
   * any missing piece).
   */
  private checkProgress(now: number, timeout: number): void {
    if (this.finished) return;
    const idle = now - this.movedAt;
    const stallMs = this.options.stallTimeoutMs ?? 60_000;
    let reason: string | undefined;
    if (idle > stallMs) reason = "No peer made progress";
    else if (idle > timeout && !this.anyPeerCanHelp())
      reason =
        this.pieceLayer.layer === undefined
          ? "No connected peer delivers the piece layer"
          : "No connected peer has the missing pieces";
    if (reason === undefined) return;
    this.fail(
      new NoProgressError(reason, {
        details: {
          piecesDone: this.done.count,
          pieceCount: this.geometry.count,
          idleMs: Math.round(idle),
          peers: this.peers.map(
            (p) =>
              `${remoteOf(p)}: ${p.closed ? (p.error?.message.split("\n")[0] ?? "closed") : `${p.piecesVerified} pieces`}`,
          ),
        },
        hints: ["Add peers that seed this root and size, or try again later; verified pieces are kept for a resume"],
      }),
    );
  }

  /** True while some connected peer could still move the download forward. */
  private anyPeerCanHelp(): boolean {
    const open = this.peers.filter((p) => !p.closed);
    if (open.some((p) => !p.conn.ready)) return true; // still in its handshake
    if (this.pieceLayer.layer === undefined)
      return this.pieceLayer.source !== undefined || open.some((p) => this.pieceLayer.canServe(p));
    if (!this.ready || this.scheduler.writing.size > 0 || this.scheduler.verifying.size > 0) return true;
    for (const p of open) {
      if (p.has === undefined) return true;
      for (let i = 0; i < this.geometry.count; i++) if (!this.done.get(i) && p.has.get(i)) return true;
    }
    return false;
  }

  private progress(final: boolean): void {
    const cb = this.options.onProgress;
    if (cb === undefined) return;
    const now = performance.now();
    if (!final && now - this.lastProgress < 200) return;
    this.lastProgress = now;
    cb(
      progressOf(this.options, this.geometry, this.done, this.peers, this.bytesThisRun, (now - this.startedAt) / 1000),
    );
  }

  private checkComplete(): void {
    if (this.finished || !this.ready || !this.done.complete) return;
    this.finished = true;
    void this.finish();
  }

  private async finish(): Promise<void> {
    try {
      this.progress(true);
      await Promise.all([this.flushVouchers(), (this.part as PartFile).finish()]);
      this.shutdown(true);
      this.resolve(this.report());
    } catch (error) {
      this.shutdown();
      this.reject(
        new TransferError("Cannot complete the output file", { details: { path: this.options.out }, cause: error }),
      );
    }
  }

  /** What happened so far (also after a failure or abort). */
  report(): DownloadResult {
    return reportOf(this.options, this.peers, this.resumedPieces, this.scheduler.requests);
  }

  /** Stops everything; after a completed download, connections end gracefully (last vouchers delivered). */
  private shutdown(graceful = false): void {
    if (this.tick !== undefined) clearInterval(this.tick);
    for (const t of this.redials) clearTimeout(t);
    this.redials.clear();
    void this.hasher?.close();
    for (const p of this.peers) {
      p.payer?.stop();
      if (graceful) p.conn.end();
      else p.conn.close();
    }
  }

  private fail(error: Error): void {
    if (this.finished) return;
    this.finished = true;
    this.shutdown();
    void (async () => {
      await Promise.allSettled([...this.pendingWrites]);
      // Keep the partial file only if there is something to resume.
      if (this.done.count > 0 || (this.part?.claimed.count ?? 0) > 0)
        await this.part?.close(this.done).catch(() => undefined);
      else await this.part?.discard().catch(() => undefined);
      this.reject(error);
    })();
  }
}

/** Downloads `(root, size)` to `out` from `peers`; see `Downloader`. Bad options reject, never throw. */
export async function download(options: DownloadOptions): Promise<DownloadResult> {
  return new Downloader(options).run();
}
