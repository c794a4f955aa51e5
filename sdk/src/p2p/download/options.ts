import { isHex, type Address, type Hex, type LocalAccount } from "viem";

import type { PieceGeometry } from "../../commitment/index.ts";
import { BLOCK_SIZE } from "../constants.ts";
import { PaymentError, TransferError } from "../errors.ts";
import type { DownloaderPaymentOptions } from "../payer.ts";

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
  /**
   * A peer that delivers nothing for this long has its requests re-issued elsewhere, and one that
   * does not deliver the piece layer in this time is passed over for another (default 10 s).
   */
  readonly requestTimeoutMs?: number;
  /**
   * Fail with `NoProgressError` when nothing verified for this long (default 60 s), or at once
   * when no connected peer can supply a missing piece.
   */
  readonly stallTimeoutMs?: number;
  /** A peer that refuses the connection is dialled again with backoff for this long (default 5 s). */
  readonly connectRetryMs?: number;
  /** Called for each refused connection that will be dialled again, with the attempt's number and the backoff. */
  readonly onRedial?: (peer: PeerAddress, attempt: number, delayMs: number, error: Error) => void;
  /**
   * Bounds of the request pipeline in 16 KiB blocks, sized to 0.5 s of each peer's rate: at least
   * `minInFlight` per peer (default 32), at most `maxInFlight` across all peers being asked
   * (default 512), shared equally among them.
   */
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

/** Throws `TransferError` or `PaymentError` (saying what to fix) for options a download cannot run with. */
export function checkDownloadOptions(options: DownloadOptions, geometry: PieceGeometry): void {
  if (geometry.pieceSize < BLOCK_SIZE && geometry.count > 1) {
    throw new TransferError("Piece size must be at least one 16 KiB block", {
      details: { pieceSize: geometry.pieceSize },
    });
  }
  if (options.payment !== undefined && options.account === undefined) {
    throw new PaymentError("Paid downloads need the payer's account", {
      hints: ["Pass `account`: it signs the handshake, which binds the connection to the address that pays"],
    });
  }
  if (
    options.payment !== undefined &&
    options.account !== undefined &&
    options.account.address !== options.payment.signer.address
  ) {
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
  if (options.peers.length === 0)
    throw new TransferError("No peers given", { hints: ["Pass at least one peer as host:port"] });
  for (const peer of options.peers) {
    if (
      typeof peer.host !== "string" ||
      peer.host.length === 0 ||
      !Number.isInteger(peer.port) ||
      peer.port <= 0 ||
      peer.port > 65535
    ) {
      throw new TransferError("Peer address must be a host and a port in 1..65535", {
        details: { host: String(peer.host), port: String(peer.port) },
      });
    }
  }
  if (typeof options.root !== "string" || !isHex(options.root, { strict: true }) || options.root.length !== 66) {
    throw new TransferError("Content root must be 32 bytes of hex (0x + 64 hex digits)", {
      details: { root: String(options.root) },
    });
  }
}
