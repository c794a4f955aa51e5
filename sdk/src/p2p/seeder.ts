import { createServer, type AddressInfo, type Server, type Socket } from "node:net";

import type { Address } from "viem";

import { createVoucherVerifier, type VoucherVerifier } from "../payments/verify.ts";
import { Admission } from "./admission.ts";
import { ProtocolError, TransferError } from "./errors.ts";
import type { SeederOptions, SeederStats } from "./seederOptions.ts";
import { DirectoryStore, type ContentSource } from "./source.ts";
import { TokenBucket } from "./tokenBucket.ts";
import { UnpaidBudget } from "./unpaidBudget.ts";
import { UploadPeer, type UploadHost } from "./uploadPeer.ts";

export type { SeederOptions, SeederPaymentOptions, SeederStats, SolvencyCheck, VoucherKey } from "./seederOptions.ts";

/** One connection as `Seeder.slotTable` reports it. */
export interface PeerSlot {
  /** The peer's payment address (undefined during the handshake). */
  readonly address: Address | undefined;
  /** Its current bid, if it sent one. */
  readonly bid: bigint | undefined;
  readonly interested: boolean;
  readonly choked: boolean;
  /** Holds the optimistic slot (unchoked regardless of rank). */
  readonly optimistic: boolean;
}

/** Higher standing bid first, then more paid, then more bytes served since the last re-rank. */
function byRank(a: UploadPeer, b: UploadPeer): number {
  const bidA = a.standingBid;
  const bidB = b.standingBid;
  if (bidA !== bidB) return bidB > bidA ? 1 : -1;
  if (a.recentPaid !== b.recentPaid) return b.recentPaid > a.recentPaid ? 1 : -1;
  return b.recentBytes - a.recentBytes;
}

/**
 * The peer a newcomer may replace when the seeder is full: never an unchoked one; first a peer
 * still in its handshake (oldest first), then one not interested, then an interested one
 * waiting for a slot, each time the one silent for longest.
 */
function evictionCandidate(peers: Iterable<UploadPeer>): UploadPeer | undefined {
  let best: UploadPeer | undefined;
  let bestKey: [number, number] | undefined;
  for (const p of peers) {
    if (!p.choked) continue;
    const tier = !p.conn.ready ? 0 : !p.interested ? 1 : 2;
    const key: [number, number] = [tier, tier === 0 ? p.conn.openedAt : p.conn.lastFrameAt];
    if (bestKey === undefined || key[0] < bestKey[0] || (key[0] === bestKey[0] && key[1] < bestKey[1])) {
      best = p;
      bestKey = key;
    }
  }
  return best;
}

/**
 * Serves content to downloaders: verified piece layer, 16 KiB blocks, a few upload slots ranked
 * by bid, then amount paid, then bytes served, plus an optimistic slot, token-bucket limits, and (paid mode) a
 * credit window that only grows after the latest voucher is stored durably.
 */
export class Seeder implements UploadHost {
  readonly options: SeederOptions;
  readonly stats: SeederStats = {
    connections: 0,
    requests: 0,
    blocksSent: 0,
    bytesSent: 0,
    rejects: 0,
    protocolErrors: 0,
    vouchersAccepted: 0,
    refused: 0,
    evicted: 0,
  };
  readonly bucket: TokenBucket;
  /** Checks vouchers (paid mode); shared by all peers, so each payer's key is recovered once. */
  readonly verifier: VoucherVerifier | undefined;
  /** Unpaid credit across all peers (paid mode). */
  readonly budget: UnpaidBudget | undefined;
  private readonly admission: Admission;
  private readonly server: Server;
  private readonly peers = new Set<UploadPeer>();
  private readonly addresses = new Map<UploadPeer, string>();
  private readonly timer: NodeJS.Timeout;
  private reranks = 0;
  /** Voucher checks and saves in progress (also of connections that closed meanwhile). */
  private readonly storing = new Set<Promise<void>>();
  /** Errors that closed peer connections (last 32), for diagnostics. */
  readonly errors: Error[] = [];

  private constructor(options: SeederOptions, server: Server) {
    this.options = options;
    this.server = server;
    this.bucket = new TokenBucket(options.rateLimit ?? Number.POSITIVE_INFINITY);
    const pay = options.payment;
    this.verifier =
      pay === undefined
        ? undefined
        : (pay.verifier ??
          createVoucherVerifier({
            chainId: pay.chainId,
            pool: pay.pool,
            payee: options.account.address,
            tokens: [pay.token],
          }));
    this.budget =
      pay === undefined
        ? undefined
        : new UnpaidBudget(
            pay.pricePerPiece * BigInt(pay.maxUnpaidPieces ?? pay.creditPieces * ((options.uploadSlots ?? 4) + 1)),
            pay.unpaidWriteOffMs ?? 300_000,
          );
    this.admission = new Admission(options);
    this.timer = setInterval(() => this.rerank(), options.rerankMs ?? 10_000).unref();
  }

  static async start(options: SeederOptions): Promise<Seeder> {
    const server = createServer();
    const seeder = new Seeder(options, server);
    server.on("connection", (socket) => seeder.onConnection(socket));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    server.on("error", () => undefined);
    return seeder;
  }

  /** Open connections. */
  get peerCount(): number {
    return this.peers.size;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get host(): string {
    return (this.server.address() as AddressInfo).address;
  }

  lookup(root: string, size: bigint): ContentSource | undefined {
    const content = this.options.content;
    if (content instanceof DirectoryStore) return content.get(root, size);
    return content.commitment.root.toLowerCase() === root.toLowerCase() && content.commitment.size === size
      ? content
      : undefined;
  }

  private onConnection(socket: Socket): void {
    const address = socket.remoteAddress ?? "?";
    if (this.admission.admit(address) !== undefined) {
      this.stats.refused++;
      socket.destroy();
      return;
    }
    if (this.peers.size >= (this.options.maxPeers ?? 64)) {
      const victim = evictionCandidate(this.peers);
      if (victim === undefined) {
        this.admission.release(address);
        this.stats.refused++;
        socket.destroy();
        return;
      }
      this.stats.evicted++;
      victim.close(
        new ProtocolError("Evicted to make room for a new peer", { details: { remote: victim.conn.remote } }),
      );
    }
    this.stats.connections++;
    const peer = new UploadPeer(this, socket);
    this.addresses.set(peer, address);
    this.peers.add(peer);
  }

  onPeerClosed(peer: UploadPeer, error: Error | undefined): void {
    this.peers.delete(peer);
    const address = this.addresses.get(peer);
    if (address !== undefined) {
      this.addresses.delete(peer);
      this.admission.release(address);
    }
    if (error !== undefined) {
      if (error instanceof ProtocolError) this.stats.protocolErrors++;
      this.errors.push(error);
      if (this.errors.length > 32) this.errors.shift();
    }
    if (!peer.choked) this.fillSlots();
  }

  onInterested(peer: UploadPeer): void {
    if (peer.choked) this.fillSlots();
  }

  private get slots(): number {
    return this.options.uploadSlots ?? 4;
  }

  private unchokedCount(): number {
    let n = 0;
    for (const p of this.peers) if (!p.choked) n++;
    return n;
  }

  /** Unchokes waiting interested peers while regular or optimistic slots are free. */
  private fillSlots(): void {
    for (const p of this.peers) {
      if (this.unchokedCount() >= this.slots + 1) return;
      if (p.choked && p.interested && p.conn.ready) p.setChoked(false);
    }
  }

  /**
   * Ranks interested peers by bid (price per piece they pay: their bid, else the terms; 0 in
   * unpaid mode, or while a peer owes a payment the seeder asked for), then amount paid, then
   * bytes served since the last re-rank: the first `uploadSlots` are unchoked, plus one
   * optimistic slot rotated every third call among the others. Runs every `rerankMs`; public so
   * that an operator (or a test) can force one.
   */
  rerank(): void {
    this.reranks++;
    const interested = [...this.peers].filter((p) => p.interested && p.conn.ready);
    interested.sort(byRank);
    const regular = new Set(interested.slice(0, this.slots));
    const rest = interested.filter((p) => !regular.has(p));
    let optimistic = rest.find((p) => p.optimistic);
    if (optimistic === undefined || this.reranks % 3 === 0) {
      optimistic = rest.length > 0 ? rest[Math.floor(Math.random() * rest.length)] : undefined;
    }
    for (const p of interested) {
      p.optimistic = p === optimistic;
      p.setChoked(!(regular.has(p) || p === optimistic));
      p.recentBytes = 0;
      p.recentPaid = 0n;
    }
  }

  /** Each connected peer's payment address, bid and slot (for monitoring and tests). */
  slotTable(): PeerSlot[] {
    return [...this.peers].map((p) => ({
      address: p.peer?.address,
      bid: p.bid,
      interested: p.interested,
      choked: p.choked,
      optimistic: p.optimistic,
    }));
  }

  /** Keeps `work` (a voucher check and save) in `settled` until it ends. */
  track(work: Promise<void>): void {
    this.storing.add(work);
    void work.finally(() => this.storing.delete(work));
  }

  /**
   * Resolves once every voucher received so far is checked and, if it pays more, stored. A
   * downloader sends its last voucher and closes without waiting for the ack, so that voucher
   * may still be in flight through the store after its connection closed.
   */
  async settled(): Promise<void> {
    while (this.storing.size > 0) await Promise.allSettled([...this.storing]);
  }

  /**
   * Resolves once no peer is connected and every voucher received is stored: what a seeder waits
   * for before reading its voucher store after a download, since a downloader closes right after
   * sending its last voucher. Rejects if connections remain after `timeoutMs`.
   */
  async drained(timeoutMs = 5_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.peerCount > 0) {
      if (Date.now() > until)
        throw new TransferError("The seeder still has connections", {
          details: { peers: this.peerCount, timeoutMs },
          hints: ["A downloader that keeps its connection open has not finished; close the seeder to cut it off"],
        });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await this.settled();
  }

  /** Stops listening and closes every connection; vouchers already received are still stored. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    for (const p of this.peers) p.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.settled();
  }
}
