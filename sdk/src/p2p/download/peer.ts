import { connect } from "node:net";

import type { LocalAccount } from "viem";

import type { Bitfield } from "../bitfield.ts";
import { Connection, type ConnectionHandlers, type LocalContent } from "../connection.ts";
import type { Hello } from "../messages.ts";
import type { PeerPayer } from "../payer.ts";
import type { PeerAddress } from "./options.ts";

/**
 * One socket read buffer shared by every peer of the process. Each read is consumed before the
 * callback returns (blocks are copied into their piece buffers, partial frames into the parser's
 * scratch), so peers never need their own: with one buffer per peer, four peers kept 1 MiB of
 * read buffers cycling through the cache, and the copy and the hash of every block slowed down
 * (the main cost of 4 seeders -> 1 leecher against 1 -> 1). 256 KiB (one piece) rather than
 * 1 MiB: read buffer and piece buffer then stay in L2 between the kernel's copy, ours and the
 * hash (64 and 128 KiB were slower again: more reads).
 */
const READ_BUFFER = 1 << 18;
let sharedReadBuffer: Buffer | undefined;

/** One piece being fetched from one peer, assembled in its own piece buffer. */
export interface Download {
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
  /** An endgame copy of a piece another peer is still fetching. */
  readonly copy: boolean;
}

/** A request sent and not yet answered; `dl` is cleared when its piece was abandoned. */
export interface Outstanding {
  dl: Download | undefined;
  readonly length: number;
}

/** The downloader's view of one seeder connection. */
export interface Peer {
  readonly address: PeerAddress;
  readonly conn: Connection;
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
  banned: boolean;
  closed: boolean;
  error: Error | undefined;
  piecesVerified: number;
  /** Set when the peer announced paid mode. */
  payer: PeerPayer | undefined;
  /** Rejects meaning "never" (invalid, unavailable) since its last block. */
  refusals: number;
  /** Connection attempts to this address so far (refused ones are retried with backoff). */
  dials: number;
  /** Where this peer's next pick starts (after its last piece); random for its first. */
  nextPiece: number | undefined;
}

/** Dials `address` and returns the peer; `handlers` receive its connection's events. */
export function dialPeer(
  address: PeerAddress,
  account: LocalAccount,
  content: LocalContent,
  handlers: (peer: Peer) => ConnectionHandlers,
): Peer {
  // Reads land in the one shared buffer; the parser copies what it keeps.
  sharedReadBuffer ??= Buffer.allocUnsafeSlow(READ_BUFFER);
  const readBuffer = sharedReadBuffer;
  let conn: Connection | undefined;
  const socket = connect({
    host: address.host,
    port: address.port,
    onread: {
      buffer: readBuffer,
      callback: (n: number, buf: Uint8Array) => {
        conn?.receive(buf.subarray(0, n));
        return true;
      },
    },
  });
  const peer = {
    address,
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
    banned: false,
    closed: false,
    error: undefined,
    piecesVerified: 0,
    payer: undefined,
    refusals: 0,
    dials: 1,
    nextPiece: undefined,
  } as Omit<Peer, "conn"> as Peer;
  conn = new Connection({ socket, account, initiator: true, content, externalReads: true, handlers: handlers(peer) });
  (peer as { conn: Connection }).conn = conn;
  return peer;
}

/** `host:port` of a peer. */
export function remoteOf(peer: Peer): string {
  return `${peer.address.host}:${peer.address.port}`;
}
