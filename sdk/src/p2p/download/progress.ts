import { pieceRange, type PieceGeometry } from "../../commitment/index.ts";
import type { Bitfield } from "../bitfield.ts";
import type { DownloadOptions, DownloadProgress, DownloadResult } from "./options.ts";
import { remoteOf, type Peer } from "./peer.ts";

/** What every peer's payer signed over in this session. */
export function paidTotal(peers: readonly Peer[]): bigint {
  return peers.reduce((sum, p) => sum + (p.payer?.amountPaid ?? 0n), 0n);
}

/** A progress snapshot: bytes and pieces done, this run's rate, connected peers, amount paid. */
export function progressOf(
  options: DownloadOptions,
  geometry: PieceGeometry,
  done: Bitfield,
  peers: readonly Peer[],
  bytesThisRun: number,
  seconds: number,
): DownloadProgress {
  let bytesDone = 0;
  for (let i = 0; i < geometry.count; i++) {
    if (done.get(i)) {
      const r = pieceRange(geometry, i);
      bytesDone += r.end - r.start;
    }
  }
  return {
    bytesDone,
    size: options.size,
    piecesDone: done.count,
    pieceCount: geometry.count,
    bytesPerSecond: bytesThisRun / Math.max(1e-3, seconds),
    peers: peers.filter((p) => p.conn.ready && !p.closed).length,
    paid: paidTotal(peers),
  };
}

/** The result of a download (also after a failure or abort): totals and one report per peer. */
export function reportOf(
  options: DownloadOptions,
  peers: readonly Peer[],
  resumedPieces: number,
  requests: number,
): DownloadResult {
  return {
    path: options.out,
    root: options.root,
    size: options.size,
    resumedPieces,
    requests,
    paid: paidTotal(peers),
    peers: peers.map((p) => ({
      remote: remoteOf(p),
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
