import { pieceRange, type PieceGeometry } from "../../commitment/index.ts";
import type { Bitfield } from "../bitfield.ts";
import { BLOCK_SIZE, MSG, REJECT } from "../constants.ts";
import { ProtocolError } from "../errors.ts";
import { encodeRequest, type BlockRequest } from "../messages.ts";
import type { PiecePicker } from "../picker.ts";
import type { Download, Outstanding, Peer } from "./peer.ts";

/** Bytes of one request frame on the wire. */
const REQUEST_FRAME = 17;

/** A peer that refuses this many requests in a row (and sends no block) is of no use: it is closed. */
const MAX_REFUSALS = 64;

export interface SchedulerOptions {
  /**
   * Bounds of the request pipeline in blocks: at least `minInFlight` per peer (default 32), at
   * most `maxInFlight` across all peers that are being asked (default 512, i.e. 8 MiB).
   */
  readonly minInFlight?: number;
  readonly maxInFlight?: number;
}

/**
 * Piece buffers kept for reuse by every download of the process, by byte length. A download
 * allocating its own (some 50 of 256 KiB at full speed) drove old-space collections through the
 * external-memory accounting on every run; a shared pool is allocated once.
 */
const piecePools = new Map<number, Uint8Array[]>();
/** Most buffers a pool keeps (64 MiB of 256 KiB pieces). */
const POOL_LIMIT = 256;

/** What the scheduler asks of the download around it. */
export interface SchedulerHooks {
  /** Requests may go out (the piece layer is known and the download is not over). */
  running(): boolean;
  /** Every block of `dl` arrived: verify it. */
  complete(dl: Download): void;
}

/**
 * Which blocks to ask which peer for: whole pieces per peer picked rarest-first, a request
 * pipeline per peer sized to 0.5 s of its rate, re-requests of rejected blocks, endgame
 * duplicates with cancels, and the bookkeeping of every request until it is answered.
 */
export class RequestScheduler {
  readonly peers: Peer[] = [];
  /** Pieces being fetched, each by one peer (two in endgame). */
  readonly downloads = new Map<number, Download[]>();
  /** Pieces verified and being written. */
  readonly writing = new Set<number>();
  /** Copies of a piece being hashed right now (endgame may verify two). */
  readonly verifying = new Map<number, number>();
  /** Block requests sent. */
  requests = 0;
  private readonly geometry: PieceGeometry;
  private readonly options: SchedulerOptions;
  private readonly picker: PiecePicker;
  private readonly done: Bitfield;
  private readonly hooks: SchedulerHooks;
  private readonly blocksPerPiece: number;
  private readonly freeBuffers: Uint8Array[];
  /** Peers that may be asked for blocks right now: they share the in-flight budget (`recount`). */
  private requesting = 1;

  constructor(
    geometry: PieceGeometry,
    options: SchedulerOptions,
    picker: PiecePicker,
    done: Bitfield,
    hooks: SchedulerHooks,
  ) {
    this.geometry = geometry;
    this.options = options;
    this.picker = picker;
    this.done = done;
    this.hooks = hooks;
    this.blocksPerPiece = Math.ceil(geometry.pieceSize / BLOCK_SIZE);
    let pool = piecePools.get(geometry.pieceSize);
    if (pool === undefined) piecePools.set(geometry.pieceSize, (pool = []));
    this.freeBuffers = pool;
  }

  /** A piece buffer (owning its whole ArrayBuffer, as the hasher's workers need) from the shared pool. */
  takeBuffer(): Uint8Array {
    return this.freeBuffers.pop() ?? Buffer.allocUnsafeSlow(this.geometry.pieceSize);
  }

  /** Returns a buffer from `takeBuffer` once nothing refers to it any more. */
  releaseBuffer(buf: Uint8Array): void {
    if (this.freeBuffers.length < POOL_LIMIT && buf.byteLength === this.geometry.pieceSize) this.freeBuffers.push(buf);
  }

  /** Tops up every peer's pipeline. */
  fillAll(except?: Peer): void {
    this.recount();
    for (const p of this.peers) if (p !== except) this.fill(p, true);
  }

  /** Counts the peers that may be asked for blocks now, among which `maxInFlight` is shared. */
  recount(): void {
    const now = performance.now();
    let n = 0;
    for (const p of this.peers) if (this.canRequest(p, now)) n++;
    this.requesting = Math.max(1, n);
  }

  private canRequest(peer: Peer, now: number): boolean {
    return (
      this.hooks.running() &&
      !peer.closed &&
      peer.conn.ready &&
      peer.has !== undefined &&
      !peer.choked &&
      now >= peer.snubbedUntil &&
      (peer.payer === undefined || peer.payer.ready)
    );
  }

  /**
   * Blocks to keep requested from `peer`: 0.5 s of its rate, within its share of the total
   * budget. The budget is shared, not per peer, because four seeders with 512 blocks each kept
   * 32 MiB in flight: the blocks left the cache between the seeders' sends and our reads, and
   * 4 seeders -> 1 cost the leecher ~15% more CPU per byte than 1 -> 1 (and ran slower).
   */
  private pipeline(peer: Peer): number {
    const min = this.options.minInFlight ?? 32;
    const max = Math.max(min, Math.floor((this.options.maxInFlight ?? 512) / this.requesting));
    const wanted = Math.ceil((peer.rate * 0.5) / BLOCK_SIZE);
    return Math.max(min, Math.min(max, Math.max(wanted, peer.outstanding.size === 0 && peer.rate === 0 ? 128 : 0)));
  }

  /**
   * Keeps `peer`'s request pipeline full. Requests go out in batches (at least a quarter of the
   * pipeline, or whatever a new piece needs), all in one buffer and one socket write.
   */
  fill(peer: Peer, force = false): void {
    const now = performance.now();
    if (!this.canRequest(peer, now)) return;
    if (force) this.recount();
    const limit = this.pipeline(peer);
    const room = limit - peer.outstanding.size;
    if (room <= 0 || (!force && room < Math.max(16, limit >> 2))) return;
    const maxActive = peer.payer?.maxActive ?? Number.POSITIVE_INFINITY;
    const batch = Buffer.allocUnsafe(room * REQUEST_FRAME);
    let n = 0;
    let cursor = 0;
    while (n < room) {
      let dl: Download | undefined;
      while (cursor < peer.active.length) {
        const d = peer.active[cursor] as Download;
        if (d.retry.length > 0 || d.nextBlock < d.blocks) {
          dl = d;
          break;
        }
        cursor++;
      }
      if (dl === undefined) {
        if (peer.active.length >= maxActive) break;
        let piece = this.picker.pick(
          peer.has as Bitfield,
          (i) => !this.done.get(i) && !this.writing.has(i) && !this.verifying.has(i) && !this.downloads.has(i),
          peer.nextPiece,
        );
        const copy = piece < 0;
        if (copy) piece = this.endgamePick(peer, n);
        if (piece < 0) break;
        peer.nextPiece = piece + 1;
        dl = this.startDownload(peer, piece, copy);
      }
      const block = dl.retry.pop() ?? dl.nextBlock++;
      const offset = block * BLOCK_SIZE;
      const length = Math.min(BLOCK_SIZE, dl.length - offset);
      const key = dl.piece * this.blocksPerPiece + block;
      if (peer.outstanding.size === 0) peer.lastReceived = now;
      peer.outstanding.set(key, { dl, length });
      const at = n * REQUEST_FRAME;
      batch.writeUInt32BE(13, at);
      batch[at + 4] = MSG.request;
      batch.writeUInt32BE(dl.piece, at + 5);
      batch.writeUInt32BE(offset, at + 9);
      batch.writeUInt32BE(length, at + 13);
      n++;
    }
    if (n === 0) return;
    this.requests += n;
    peer.conn.send(batch.subarray(0, n * REQUEST_FRAME));
  }

  /**
   * Endgame: nothing left unassigned, so duplicate a piece another peer is still fetching, but
   * only once this peer has (almost) run dry, and one copy at a time. Duplicating as soon as
   * every piece was assigned (with pipelines of up to 512 blocks per peer) re-requested about a
   * fifth of the file with four seeders, and the bytes and cancels cost both sides more CPU than
   * the extra peers gained: the main reason 4 seeders -> 1 was slower than 1 -> 1.
   */
  private endgamePick(peer: Peer, batched: number): number {
    if (this.done.count + this.writing.size + this.verifying.size + this.downloads.size < this.geometry.count)
      return -1;
    if (peer.outstanding.size + batched > this.blocksPerPiece || peer.active.some((d) => d.copy)) return -1;
    let best = -1;
    let bestLeft = 0;
    for (const [piece, list] of this.downloads) {
      if (list.length >= 2 || list.some((d) => d.peer === peer) || !(peer.has as Bitfield).get(piece)) continue;
      const left = (list[0] as Download).blocks - (list[0] as Download).received;
      if (left > bestLeft) {
        best = piece;
        bestLeft = left;
      }
    }
    return best;
  }

  private startDownload(peer: Peer, piece: number, copy: boolean): Download {
    const { start, end } = pieceRange(this.geometry, piece);
    const length = end - start;
    const dl: Download = {
      piece,
      peer,
      buf: this.takeBuffer(),
      length,
      blocks: Math.ceil(length / BLOCK_SIZE),
      nextBlock: 0,
      retry: [],
      received: 0,
      dropped: false,
      copy,
    };
    peer.active.push(dl);
    const list = this.downloads.get(piece);
    if (list === undefined) this.downloads.set(piece, [dl]);
    else list.push(dl);
    return dl;
  }

  /** Abandons a download: its piece goes back to the picker; outstanding blocks are cancelled. */
  dropDownload(dl: Download, cancel: boolean): void {
    if (dl.dropped) return;
    dl.dropped = true;
    const peer = dl.peer;
    if (cancel && !peer.closed) {
      peer.conn.cork();
      for (let b = 0; b < dl.nextBlock; b++) {
        const entry = peer.outstanding.get(dl.piece * this.blocksPerPiece + b);
        if (entry?.dl !== dl) continue;
        entry.dl = undefined; // its answer (piece or reject) is still expected and ignored
        peer.conn.send(encodeRequest(MSG.cancel, { piece: dl.piece, offset: b * BLOCK_SIZE, length: entry.length }));
        peer.cancels++;
      }
      peer.conn.uncork();
    } else {
      for (const entry of peer.outstanding.values()) if (entry.dl === dl) entry.dl = undefined;
    }
    this.detach(dl);
    this.releaseBuffer(dl.buf);
  }

  /** Drops every piece `peer` is fetching (cancelled at the peer when `cancel`). */
  dropAll(peer: Peer, cancel: boolean): void {
    for (const dl of [...peer.active]) this.dropDownload(dl, cancel);
  }

  /** Removes `dl` from its peer's and its piece's lists (it completed or was dropped). */
  detach(dl: Download): void {
    const active = dl.peer.active;
    const i = active.indexOf(dl);
    if (i >= 0) active.splice(i, 1);
    const list = this.downloads.get(dl.piece);
    if (list !== undefined) {
      const j = list.indexOf(dl);
      if (j >= 0) list.splice(j, 1);
      if (list.length === 0) this.downloads.delete(dl.piece);
    }
  }

  private answered(peer: Peer, piece: number, offset: number, what: string): Outstanding {
    const block = offset / BLOCK_SIZE;
    const key = piece * this.blocksPerPiece + block;
    const entry = Number.isInteger(block) && piece < this.geometry.count ? peer.outstanding.get(key) : undefined;
    if (entry === undefined) throw new ProtocolError(`Unsolicited ${what}`, { details: { piece, offset } });
    peer.outstanding.delete(key);
    return entry;
  }

  onBlock(peer: Peer, piece: number, offset: number, data: Uint8Array): void {
    const entry = this.answered(peer, piece, offset, "block");
    if (data.length !== entry.length)
      throw new ProtocolError("Block has the wrong length", {
        details: { piece, offset, got: data.length, expected: entry.length },
      });
    peer.lastReceived = performance.now();
    peer.refusals = 0;
    peer.bytes += data.length;
    peer.rateBytes += data.length;
    const dl = entry.dl;
    if (dl !== undefined && !dl.dropped) {
      dl.buf.set(data, offset); // the only copy of the block: into its piece buffer
      if (++dl.received === dl.blocks) this.hooks.complete(dl);
    }
    if (!peer.closed) this.fill(peer, peer.outstanding.size === 0);
  }

  onReject(peer: Peer, req: BlockRequest, reason: number): void {
    const entry = this.answered(peer, req.piece, req.offset, "reject");
    const dl = entry.dl;
    const retry = reason === REJECT.paymentRequired || reason === REJECT.choked || reason === REJECT.queueFull;
    if (dl !== undefined && !dl.dropped) {
      // Keep what was received (in paid mode it is owed); ask again for this block later.
      if (retry) dl.retry.push(req.offset / BLOCK_SIZE);
      else this.dropDownload(dl, true);
    }
    if (reason === REJECT.paymentRequired) peer.payer?.onPaymentRequired();
    else if (reason === REJECT.unavailable && peer.has?.get(req.piece) === true) peer.has.clear(req.piece);
    // Answers to our own cancels are not refusals.
    if ((reason === REJECT.invalid || reason === REJECT.unavailable) && ++peer.refusals > MAX_REFUSALS) {
      throw new ProtocolError("Peer refuses every request", {
        details: { refusals: peer.refusals, reason },
        hints: ["It advertises pieces it does not serve; other peers are used instead"],
      });
    }
    if (!retry) this.fillAll();
  }
}
