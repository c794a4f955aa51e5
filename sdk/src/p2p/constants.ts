/** Protocol id sent in the hello; a BitTorrent peer's `\x13BitTorrent protocol` fails as an oversized frame. */
export const PROTOCOL_ID = "btt-p2p/1";

/** Request granularity: 16 KiB blocks (the last block of the last piece may be shorter). */
export const BLOCK_SIZE = 1 << 14;

/** Largest frame accepted (length field, which counts the id byte and the body). */
export const MAX_FRAME_LENGTH = (1 << 20) + 64;

/** Piece roots per piece-layer message: 16384 x 32 bytes = 512 KiB, well under the frame limit. */
export const LAYER_CHUNK = 1 << 14;

/** Most requests a seeder queues per peer; more are rejected with `queue-full`. */
export const MAX_QUEUED_REQUESTS = 1024;

/** Feature bits of the hello. */
export const FEATURE_PAID = 1;
export const FEATURE_PIECE_LAYER = 2;
/** Takes (seeder) or may send (downloader) `bid` messages; a bid goes only to a peer announcing it. */
export const FEATURE_BIDS = 4;

/** Message ids. BEP 3/6 ids where the meaning is the same; ours above 31. Keep-alive is a zero-length frame. */
export const MSG = {
  choke: 0,
  unchoke: 1,
  interested: 2,
  notInterested: 3,
  have: 4,
  bitfield: 5,
  request: 6,
  piece: 7,
  cancel: 8,
  haveAll: 14,
  haveNone: 15,
  reject: 16,
  hello: 32,
  auth: 33,
  layerRequest: 34,
  layer: 35,
  terms: 40,
  pool: 41,
  voucher: 42,
  ack: 43,
  paymentRequired: 44,
  bid: 45,
} as const;

/** Why a request was rejected. */
export const REJECT = {
  choked: 0,
  invalid: 1,
  unavailable: 2,
  paymentRequired: 3,
  queueFull: 4,
  cancelled: 5,
} as const;
export type RejectReason = (typeof REJECT)[keyof typeof REJECT];
