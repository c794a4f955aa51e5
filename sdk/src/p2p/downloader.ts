import { connect } from "node:net";
import { availableParallelism } from "node:os";

import { isHex, type Address, type Hex, type LocalAccount } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { ContentTree, DEFAULT_PIECE_SIZE, pieceGeometry, pieceRange, verifyPieceRoot, type PieceGeometry } from "../commitment/index.ts";
import { Bitfield } from "./bitfield.ts";
import { BLOCK_SIZE, FEATURE_BIDS, FEATURE_PAID, FEATURE_PIECE_LAYER, LAYER_CHUNK, MSG, REJECT } from "./constants.ts";
import { Connection } from "./connection.ts";
import { PaymentError, ProtocolError, TransferError } from "./errors.ts";
import { encodeEmpty, encodeLayerRequest, encodeRequest, type BlockRequest, type Hello, type Message } from "./messages.ts";
import { PartFile } from "./partfile.ts";
import { PeerPayer, type DownloaderPaymentOptions } from "./payer.ts";
import { PieceHasher, type HashedPiece } from "./hasher.ts";
import { PiecePicker } from "./picker.ts";

export interface PeerAddress {
  readonly host: string;
  readonly port: number;
}

export interface DownloadProgress {
  readonly bytesDone: number;
  readonly size: bigint;
  readonly piecesDone: number;
  readonly pieceCount: number;
  readonly bytesPerSecond: number;
  readonly peers: number;
  readonly paid: bigint;
}

export interface PeerReport {
  readonly remote: string;
  readonly address: Address | undefined;
  readonly piecesVerified: number;
  readonly paid: bigint;
  /** The bid this peer took (price per piece), if one was sent. */
  readonly bid: bigint | undefined;
  readonly banned: boolean;
  /** Times the peer let requests time out (its pieces were re-requested elsewhere). */
  readonly timeouts: number;
  /** Requests cancelled at this peer (endgame copies fetched elsewhere first, abandoned pieces). */
  readonly cancels: number;
  readonly error: string | undefined;
}

export interface DownloadResult {
  readonly path: string;
  readonly root: Hex;
  readonly size: bigint;
  /** Pieces taken from a previous run's partial file (re-verified). */
  readonly resumedPieces: number;
  /** Block requests sent in this run. */
  readonly requests: number;
  readonly paid: bigint;
  readonly peers: readonly PeerReport[];
}

export interface DownloadOptions {
  readonly root: Hex;
  readonly size: bigint;
  /** Output path; `<out>.part` and `<out>.part.json` hold the download until it completes. */
  readonly out: string;
  readonly peers: readonly PeerAddress[];
  readonly pieceSize?: number;
  /** Signs the handshake (an ephemeral key if absent); with `payment`, must be the payer. */
  readonly account?: LocalAccount;
  readonly payment?: DownloaderPaymentOptions;
  /** A peer that delivers nothing for this long has its requests re-issued elsewhere (default 10 s). */
  readonly requestTimeoutMs?: number;
  /** Bounds of the per-peer request pipeline in blocks (default 32..512, sized to 0.5 s of the peer's rate). */
  readonly minInFlight?: number;
  readonly maxInFlight?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: DownloadProgress) => void;
  readonly random?: () => number;
  /**
   * Worker threads hashing pieces for verification. Default: one when the machine has 4 or more
   * cores and the content 16 or more pieces, else 0 (inline on the event loop). Hashing is most
   * of the receiver's work, so a worker can nearly double a download on idle cores; on the
   * loaded 2-core machine measured here it cost more than it gained.
   */
  readonly hashWorkers?: number;
}

/**
 * Size of each peer's reusable socket read buffer. 256 KiB (one piece) rather than 1 MiB: read
 * buffer and piece buffer then stay in L2 between the kernel's copy, ours and the hash, which
 * cut the leecher's CPU time per 256 MiB by ~9% and its wall time by ~10% here (64 and 128 KiB
 * were slower again: more reads).
 */
const READ_BUFFER = 1 << 18;

/** Bytes of one request frame on the wire. */
const REQUEST_FRAME = 17;

interface Download {
  readonly piece: number;
  readonly peer: Peer;
  readonly buf: Uint8Array;
  readonly length: number;
  readonly blocks: number;
  nextBlock: number;
  /** Blocks to ask for again (rejected while choked, over credit or over the peer's queue). */
  readonly retry: number[];
  received: number;
  dropped: boolean;
}

interface Outstanding {
  dl: Download | undefined;
  readonly length: number;
}

interface Peer {
  readonly address: PeerAddress;
  conn: Connection;
  hello: Hello | undefined;
  has: Bitfield | undefined;
  choked: boolean;
  readonly active: Download[];
  readonly outstanding: Map<number, Outstanding>;
  lastReceived: number;
  snubbedUntil: number;
  timeouts: number;
  cancels: number;
  bytes: number;
  rateBytes: number;
  rate: number;
  layerStarts: Set<number> | undefined;
  banned: boolean;
  closed: boolean;
  error: Error | undefined;
  piecesVerified: number;
  /** Set when the peer announced paid mode. */
  payer: PeerPayer | undefined;
  /** Where this peer's next pick starts (after its last piece); random for its first. */
  nextPiece: number | undefined;
}

/**
 * Downloads content identified by (root, size) from several peers: piece layer fetched once and
 * verified against the root, rarest-first picking with random tie-breaks, pipelined 16 KiB
 * requests sized to each peer's rate, time-outs and re-requests, endgame with cancels, every
 * piece verified before it is written or paid, bans for bad pieces, resume from `<out>.part`.
 */
export class Downloader {
  readonly options: DownloadOptions;
  readonly geometry: PieceGeometry;
  private readonly account: LocalAccount;
  private readonly picker: PiecePicker;
  private readonly blocksPerPiece: number;
  private readonly peers: Peer[] = [];
  private readonly downloads = new Map<number, Download[]>();
  private readonly writing = new Set<number>();
  /** Copies of a piece being hashed right now (endgame may verify two). */
  private readonly verifying = new Map<number, number>();
  private hasher: PieceHasher | undefined;
  private done: Bitfield;
  private part: PartFile | undefined;
  /** The verified piece layer: 32 bytes per piece. */
  private layer: Uint8Array | undefined;
  private layerBuf: Uint8Array | undefined;
  private layerPeer: Peer | undefined;
  private ready = false;
  private finished = false;
  private readonly freeBuffers: Uint8Array[] = [];
  private requests = 0;
  private resumedPieces = 0;
  private sidecarDirty = false;
  private lastSidecar = 0;
  private tick: NodeJS.Timeout | undefined;
  private lastProgress = 0;
  private startedAt = 0;
  private bytesThisRun = 0;
  private resolve!: (r: DownloadResult) => void;
  private reject!: (e: Error) => void;
  private readonly result: Promise<DownloadResult>;
  private readonly pendingWrites = new Set<Promise<void>>();
  /** Price per piece offered to seeders that take bids (`payment.bid`, raised by `raiseBid`). */
  private bid: bigint | undefined;

  constructor(options: DownloadOptions) {
    this.options = options;
    this.geometry = pieceGeometry(options.size, options.pieceSize ?? DEFAULT_PIECE_SIZE);
    if (this.geometry.pieceSize < BLOCK_SIZE && this.geometry.count > 1) {
      throw new TransferError("Piece size must be at least one 16 KiB block", { details: { pieceSize: this.geometry.pieceSize } });
    }
    if (options.payment !== undefined && options.account === undefined) {
      throw new PaymentError("Paid downloads need the payer's account", {
        hints: ["Pass `account`: it signs the handshake, which binds the connection to the address that pays"],
      });
    }
    if (options.payment !== undefined && options.account !== undefined && options.account.address !== options.payment.signer.address) {
      throw new PaymentError("The handshake account must be the voucher payer", {
        details: { account: options.account.address, payer: options.payment.signer.address },
      });
    }
    const pay = options.payment;
    if (pay?.bid !== undefined && (pay.bid < 0n || pay.bid > pay.maxPricePerPiece)) {
      throw new PaymentError("Bid must be between 0 and the maximum price per piece", {
        details: { bid: pay.bid, maxPricePerPiece: pay.maxPricePerPiece },
      });
    }
    this.bid = pay?.bid;
    if (options.peers.length === 0) throw new TransferError("No peers given", { hints: ["Pass at least one peer as host:port"] });
    for (const peer of options.peers) {
      if (typeof peer.host !== "string" || peer.host.length === 0 || !Number.isInteger(peer.port) || peer.port <= 0 || peer.port > 65535) {
        throw new TransferError("Peer address must be a host and a port in 1..65535", { details: { host: String(peer.host), port: String(peer.port) } });
      }
    }
    if (typeof options.root !== "string" || !isHex(options.root, { strict: true }) || options.root.length !== 66) {
      throw new TransferError("Content root must be 32 bytes of hex (0x + 64 hex digits)", { details: { root: String(options.root) } });
    }
    this.account = options.account ?? privateKeyToAccount(generatePrivateKey());
    this.picker = new PiecePicker(this.geometry.count, options.random);
    this.blocksPerPiece = Math.ceil(this.geometry.pieceSize / BLOCK_SIZE);
    this.done = new Bitfield(this.geometry.count);
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
    this.hasher = new PieceHasher(options.size, this.geometry.pieceSize, options.hashWorkers ?? (availableParallelism() >= 4 && this.geometry.count >= 16 ? 1 : 0));
    this.startedAt = performance.now();
    const onAbort = () => this.fail(new TransferError("Download aborted", { cause: options.signal?.reason, hints: ["Run the same fetch again to resume"] }));
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

  private connectPeer(address: PeerAddress): void {
    // Reads land in one reusable buffer per peer; the parser copies what it keeps.
    const readBuffer = Buffer.allocUnsafeSlow(READ_BUFFER);
    const socket = connect({
      host: address.host,
      port: address.port,
      onread: { buffer: readBuffer, callback: (n: number, buf: Uint8Array) => {
          peer.conn.receive(buf.subarray(0, n));
          return true;
        } },
    });
    const features = FEATURE_PIECE_LAYER | (this.options.payment ? FEATURE_PAID | FEATURE_BIDS : 0);
    const peer: Peer = {
      address,
      conn: undefined as unknown as Connection,
      hello: undefined,
      has: undefined,
      choked: true,
      active: [],
      outstanding: new Map(),
      lastReceived: 0,
      snubbedUntil: 0,
      timeouts: 0,
      cancels: 0,
      bytes: 0,
      rateBytes: 0,
      rate: 0,
      layerStarts: undefined,
      banned: false,
      closed: false,
      error: undefined,
      piecesVerified: 0,
      payer: undefined,
      nextPiece: undefined,
    };
    peer.conn = new Connection({
      socket,
      account: this.account,
      initiator: true,
      content: { root: this.options.root, size: this.options.size, pieceSize: this.geometry.pieceSize, features },
      externalReads: true,
      handlers: {
        onReady: (hello) => this.onReady(peer, hello),
        onMessage: (m) => this.onMessage(peer, m),
        onClose: (error) => this.onPeerClosed(peer, error),
      },
    });
    this.peers.push(peer);
  }

  private onReady(peer: Peer, hello: Hello): void {
    peer.hello = hello;
    if ((hello.features & FEATURE_PAID) !== 0) peer.payer = this.payerFor(peer, hello.address, (hello.features & FEATURE_BIDS) !== 0);
    peer.conn.send(encodeEmpty(MSG.haveNone));
    peer.conn.send(encodeEmpty(MSG.interested));
    this.maybeFetchLayer();
  }

  private onMessage(peer: Peer, m: Message): void {
    switch (m.type) {
      case "piece":
        this.onBlock(peer, m.piece, m.offset, m.data);
        return;
      case "reject":
        this.onReject(peer, m.request, m.reason);
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
        if (m.piece >= this.geometry.count) throw new ProtocolError("Have for a piece out of range", { details: { piece: m.piece } });
        if (peer.has === undefined) throw new ProtocolError("Have before a bitfield");
        if (peer.has.set(m.piece)) this.picker.add(m.piece);
        this.fill(peer);
        return;
      case "unchoke":
        peer.choked = false;
        this.fill(peer, true);
        return;
      case "choke":
        // The seeder rejected whatever it still had queued; let other peers take these pieces.
        peer.choked = true;
        for (const dl of [...peer.active]) this.dropDownload(dl, true);
        for (const p of this.peers) this.fill(p, true);
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
    this.fill(peer);
  }

  private onPeerClosed(peer: Peer, error: Error | undefined): void {
    peer.closed = true;
    peer.error ??= error;
    peer.payer?.stop();
    if (peer.has !== undefined) this.picker.removePeer(peer.has);
    for (const dl of [...peer.active]) this.dropDownload(dl, false);
    peer.outstanding.clear();
    if (this.layerPeer === peer) {
      this.layerPeer = undefined;
      this.maybeFetchLayer();
    }
    if (this.finished) return;
    for (const p of this.peers) this.fill(p, true);
    if (this.peers.every((p) => p.closed) && !this.done.complete) {
      this.fail(new TransferError("No peer left to download from", {
        details: { piecesDone: this.done.count, pieceCount: this.geometry.count, peers: this.peers.map((p) => `${p.address.host}:${p.address.port}: ${p.error?.message.split("\n")[0] ?? "closed"}`) },
        hints: ["Check the peers' addresses and that they seed this root and size; run again to resume"],
      }));
    }
  }

  private ban(peer: Peer, reason: string, details: Record<string, unknown>): void {
    peer.banned = true;
    peer.payer?.stop(); // never paid for anything after sending bad data
    peer.conn.close(new ProtocolError(reason, { details }));
  }

  // --- piece layer ----------------------------------------------------------------------------

  private maybeFetchLayer(): void {
    if (this.layer !== undefined || this.layerPeer !== undefined) return;
    const peer = this.peers.find((p) => p.conn.ready && !p.closed && p.hello !== undefined && (p.hello.features & FEATURE_PIECE_LAYER) !== 0);
    if (peer === undefined) return;
    this.layerPeer = peer;
    this.layerBuf = new Uint8Array(this.geometry.count * 32);
    peer.layerStarts = new Set();
    for (let start = 0; start < this.geometry.count; start += LAYER_CHUNK) {
      const count = Math.min(LAYER_CHUNK, this.geometry.count - start);
      peer.layerStarts.add(start);
      peer.conn.send(encodeLayerRequest(start, count));
    }
  }

  private onLayer(peer: Peer, start: number, roots: Uint8Array): void {
    const expected = Math.min(LAYER_CHUNK, this.geometry.count - start) * 32;
    if (peer !== this.layerPeer || peer.layerStarts?.delete(start) !== true || roots.length !== expected) {
      throw new ProtocolError("Unsolicited or malformed piece layer", { details: { start, bytes: roots.length } });
    }
    (this.layerBuf as Uint8Array).set(roots, start * 32);
    if (peer.layerStarts.size > 0) return;
    const layerBytes = this.layerBuf as Uint8Array;
    this.layerBuf = undefined;
    const commitment = { root: this.options.root, size: this.options.size };
    const tree = new ContentTree(commitment, this.geometry.pieceSize, layerBytes);
    // The proof of piece 0 is computed from the announced layer: it leads to the root only if
    // every piece root in the layer is right.
    if (!verifyPieceRoot(commitment, tree.provePiece(0), tree.pieceRoot(0))) {
      this.layerPeer = undefined;
      this.ban(peer, "Piece layer does not match the content root", { root: this.options.root });
      return;
    }
    this.layer = layerBytes;
    void this.resume().then(
      () => {
        this.ready = true;
        this.checkComplete();
        for (const p of this.peers) this.fill(p, true);
      },
      (error: unknown) => this.fail(new TransferError("Cannot read the partial file", { cause: error })),
    );
  }

  /** Re-verifies the pieces a previous run recorded, straight from the partial file. */
  private async resume(): Promise<void> {
    const part = this.part as PartFile;
    const layer = this.layer as Uint8Array;
    let buf = this.takeBuffer();
    try {
      for (let i = 0; i < this.geometry.count; i++) {
        if (!part.claimed.get(i)) continue;
        const data = await part.readPiece(i, buf);
        const { start, end } = pieceRange(this.geometry, i);
        if (data.length !== end - start) continue;
        const hashed = await (this.hasher as PieceHasher).hash(i, data);
        buf = hashed.whole;
        if (rootMatches(layer, i, hashed.root)) {
          this.done.set(i);
          this.resumedPieces++;
        }
      }
    } finally {
      this.freeBuffers.push(buf);
    }
  }

  // --- requests -------------------------------------------------------------------------------

  private takeBuffer(): Uint8Array {
    return this.freeBuffers.pop() ?? Buffer.allocUnsafeSlow(this.geometry.pieceSize);
  }

  private releaseBuffer(buf: Uint8Array): void {
    if (this.freeBuffers.length < 256) this.freeBuffers.push(buf);
  }

  private canRequest(peer: Peer, now: number): boolean {
    return (
      this.ready &&
      !this.finished &&
      !peer.closed &&
      peer.conn.ready &&
      peer.has !== undefined &&
      !peer.choked &&
      now >= peer.snubbedUntil &&
      (peer.payer === undefined || peer.payer.ready)
    );
  }

  private pipeline(peer: Peer): number {
    const min = this.options.minInFlight ?? 32;
    const max = this.options.maxInFlight ?? 512;
    const wanted = Math.ceil((peer.rate * 0.5) / BLOCK_SIZE);
    return Math.max(min, Math.min(max, Math.max(wanted, peer.outstanding.size === 0 && peer.rate === 0 ? 128 : 0)));
  }

  /**
   * Keeps `peer`'s request pipeline full. Requests go out in batches (at least a quarter of the
   * pipeline, or whatever a new piece needs), all in one buffer and one socket write.
   */
  private fill(peer: Peer, force = false): void {
    const now = performance.now();
    if (!this.canRequest(peer, now)) return;
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
        let piece = this.picker.pick(peer.has as Bitfield, (i) => !this.done.get(i) && !this.writing.has(i) && !this.verifying.has(i) && !this.downloads.has(i), peer.nextPiece);
        if (piece < 0) piece = this.endgamePick(peer);
        if (piece < 0) break;
        peer.nextPiece = piece + 1;
        dl = this.startDownload(peer, piece);
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

  /** Endgame: nothing left unassigned, so duplicate a piece another peer is still fetching. */
  private endgamePick(peer: Peer): number {
    if (this.done.count + this.writing.size + this.verifying.size + this.downloads.size < this.geometry.count) return -1;
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

  private startDownload(peer: Peer, piece: number): Download {
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
    };
    peer.active.push(dl);
    const list = this.downloads.get(piece);
    if (list === undefined) this.downloads.set(piece, [dl]);
    else list.push(dl);
    return dl;
  }

  /** Abandons a download: its piece goes back to the picker; outstanding blocks are cancelled. */
  private dropDownload(dl: Download, cancel: boolean): void {
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

  private detach(dl: Download): void {
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

  private onBlock(peer: Peer, piece: number, offset: number, data: Uint8Array): void {
    const entry = this.answered(peer, piece, offset, "block");
    if (data.length !== entry.length) throw new ProtocolError("Block has the wrong length", { details: { piece, offset, got: data.length, expected: entry.length } });
    peer.lastReceived = performance.now();
    peer.bytes += data.length;
    peer.rateBytes += data.length;
    const dl = entry.dl;
    if (dl !== undefined && !dl.dropped) {
      dl.buf.set(data, offset); // the only copy of the block: into its piece buffer
      if (++dl.received === dl.blocks) this.completePiece(dl);
    }
    if (!peer.closed) this.fill(peer, peer.outstanding.size === 0);
  }

  private onReject(peer: Peer, req: BlockRequest, reason: number): void {
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
    if (!retry) for (const p of this.peers) this.fill(p, true);
  }

  /** All blocks of a piece arrived: hash it (off the event loop), then pay, write and mark it, or ban the peer. */
  private completePiece(dl: Download): void {
    const peer = dl.peer;
    const piece = dl.piece;
    this.detach(dl);
    dl.dropped = true;
    this.verifying.set(piece, (this.verifying.get(piece) ?? 0) + 1);
    (this.hasher as PieceHasher).hash(piece, dl.buf.subarray(0, dl.length)).then(
      (hashed) => this.onHashed(peer, piece, hashed),
      (error: unknown) => this.fail(new TransferError("Cannot verify pieces", { cause: error })),
    );
  }

  private onHashed(peer: Peer, piece: number, { root, data, whole }: HashedPiece): void {
    const left = (this.verifying.get(piece) as number) - 1;
    if (left === 0) this.verifying.delete(piece);
    else this.verifying.set(piece, left);
    if (this.finished) return;
    if (!rootMatches(this.layer as Uint8Array, piece, root)) {
      this.releaseBuffer(whole);
      if (!peer.closed) this.ban(peer, "Peer sent a piece that failed verification", { piece, peer: peer.hello?.address });
      for (const p of this.peers) this.fill(p, true);
      return;
    }
    peer.piecesVerified++;
    peer.payer?.onVerified();
    if (this.done.get(piece) || this.writing.has(piece)) {
      this.releaseBuffer(whole); // endgame duplicate
      return;
    }
    // Endgame: the other copies of this piece are no longer needed.
    for (const other of [...(this.downloads.get(piece) ?? [])]) this.dropDownload(other, true);
    this.writing.add(piece);
    this.bytesThisRun += data.length;
    const write = (this.part as PartFile).writePiece(piece, data).then(
      () => {
        this.writing.delete(piece);
        this.done.set(piece);
        this.sidecarDirty = true;
        this.releaseBuffer(whole);
        this.progress(false);
        this.checkComplete();
      },
      (error: unknown) => this.fail(new TransferError("Cannot write the partial file", { details: { path: this.options.out }, cause: error })),
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
      throw new PaymentError("Bid above the maximum price per piece (or no payment configured)", { details: { bid: price, maxPricePerPiece: max } });
    }
    if (this.bid !== undefined && price <= this.bid) return;
    this.bid = price;
    for (const p of this.peers) if (!p.closed && !p.banned) p.payer?.raiseBid(price);
  }

  private payerFor(peer: Peer, payee: Address, acceptsBids: boolean): PeerPayer {
    return new PeerPayer(payee, this.options.payment, {
      send: (frame) => peer.conn.send(frame),
      close: (error) => peer.conn.close(error),
      unblocked: () => this.fill(peer, true),
      record: (state) => {
        const part = this.part as PartFile;
        const prior = part.payments[payee];
        part.payments[payee] = { ...state, pieces: (prior?.pieces ?? 0) + state.pieces };
        this.sidecarDirty = true;
      },
      fail: (error) => this.fail(error),
    }, acceptsBids, this.bid);
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
        for (const dl of [...peer.active]) this.dropDownload(dl, true);
        peer.snubbedUntil = now + timeout;
        peer.lastReceived = now;
        if (peer.timeouts >= 3) peer.conn.close(new TransferError("Peer stopped answering requests", { details: { timeoutMs: timeout } }));
        for (const p of this.peers) if (p !== peer) this.fill(p, true);
      } else {
        this.fill(peer, true);
      }
    }
    if (this.sidecarDirty && now - this.lastSidecar > 500 && this.part !== undefined && !this.finished) {
      this.sidecarDirty = false;
      this.lastSidecar = now;
      this.part.saveSidecar(this.done).catch(() => undefined);
    }
    this.progress(false);
  }

  private paidTotal(): bigint {
    return this.peers.reduce((sum, p) => sum + (p.payer?.amountPaid ?? 0n), 0n);
  }

  private progress(final: boolean): void {
    const cb = this.options.onProgress;
    if (cb === undefined) return;
    const now = performance.now();
    if (!final && now - this.lastProgress < 200) return;
    this.lastProgress = now;
    let bytesDone = 0;
    for (let i = 0; i < this.geometry.count; i++) {
      if (this.done.get(i)) {
        const r = pieceRange(this.geometry, i);
        bytesDone += r.end - r.start;
      }
    }
    cb({
      bytesDone,
      size: this.options.size,
      piecesDone: this.done.count,
      pieceCount: this.geometry.count,
      bytesPerSecond: this.bytesThisRun / Math.max(1e-3, (now - this.startedAt) / 1000),
      peers: this.peers.filter((p) => p.conn.ready && !p.closed).length,
      paid: this.paidTotal(),
    });
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
      this.reject(new TransferError("Cannot complete the output file", { details: { path: this.options.out }, cause: error }));
    }
  }

  /**
   * Pays for the last verified pieces: resolves once every final voucher is written to its
   * connection. Acks are not awaited (a round trip through the seeder's signature check and
   * fsync): connections then end gracefully, and a seeder stores a voucher it received even if
   * the connection ends right after it.
   */
  private async flushVouchers(): Promise<void> {
    await Promise.all(this.peers.filter((p) => !p.closed && !p.banned && p.payer !== undefined).map((p) => (p.payer as PeerPayer).flush()));
  }

  /** What happened so far (also after a failure or abort). */
  report(): DownloadResult {
    return {
      path: this.options.out,
      root: this.options.root,
      size: this.options.size,
      resumedPieces: this.resumedPieces,
      requests: this.requests,
      paid: this.paidTotal(),
      peers: this.peers.map((p) => ({
        remote: `${p.address.host}:${p.address.port}`,
        address: p.hello?.address,
        piecesVerified: p.piecesVerified,
        paid: p.payer?.amountPaid ?? 0n,
        bid: p.payer?.bid,
        banned: p.banned,
        timeouts: p.timeouts,
        cancels: p.cancels,
        error: p.error?.message,
      })),
    };
  }

  /** Stops everything; after a completed download, connections end gracefully (last vouchers delivered). */
  private shutdown(graceful = false): void {
    if (this.tick !== undefined) clearInterval(this.tick);
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
      await this.part?.close(this.done).catch(() => undefined);
      this.reject(error);
    })();
  }
}

/** True if `root` equals entry `piece` of the piece layer. */
function rootMatches(layer: Uint8Array, piece: number, root: Uint8Array): boolean {
  if (root.length !== 32) return false;
  const at = piece * 32;
  for (let i = 0; i < 32; i++) if (layer[at + i] !== root[i]) return false;
  return true;
}

/** Downloads `(root, size)` to `out` from `peers`; see `Downloader`. Bad options reject, never throw. */
export async function download(options: DownloadOptions): Promise<DownloadResult> {
  return new Downloader(options).run();
}
