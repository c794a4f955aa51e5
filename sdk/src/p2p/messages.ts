import type { Address, Hex } from "viem";

import type { SignedVoucher } from "../payments/types.ts";
import { Reader, Writer } from "./codec.ts";
import { MSG, PROTOCOL_ID, type RejectReason } from "./constants.ts";
import { ProtocolError } from "./errors.ts";
import { allocFrame } from "./frames.ts";

/** First frame in each direction. */
export interface Hello {
  readonly protocol: string;
  readonly features: number;
  readonly root: Hex;
  readonly size: bigint;
  readonly pieceSize: number;
  readonly address: Address;
  readonly nonce: Hex;
}

/** A block request; also the body of `cancel`. */
export interface BlockRequest {
  readonly piece: number;
  readonly offset: number;
  readonly length: number;
}

export interface Terms {
  /** Price of one verified piece, in the pool token's smallest unit. */
  readonly pricePerPiece: bigint;
  /** Pieces the seeder serves beyond the latest voucher. */
  readonly creditPieces: number;
}

export interface PoolAnnouncement {
  readonly chainId: bigint;
  readonly pool: Address;
  readonly token: Address;
  readonly generation: bigint;
}

/** Every message after the hello, decoded. Piece data is a view valid only during the handler call. */
export type Message =
  | { readonly type: "keepAlive" }
  | { readonly type: "choke" | "unchoke" | "interested" | "notInterested" | "haveAll" | "haveNone" }
  | { readonly type: "have"; readonly piece: number }
  | { readonly type: "bitfield"; readonly bits: Uint8Array }
  | { readonly type: "request" | "cancel"; readonly request: BlockRequest }
  | { readonly type: "piece"; readonly piece: number; readonly offset: number; readonly data: Uint8Array }
  | { readonly type: "reject"; readonly request: BlockRequest; readonly reason: number }
  | { readonly type: "auth"; readonly signature: Hex }
  | { readonly type: "layerRequest"; readonly start: number; readonly count: number }
  | { readonly type: "layer"; readonly start: number; readonly roots: Uint8Array }
  | { readonly type: "terms"; readonly terms: Terms }
  | { readonly type: "pool"; readonly pool: PoolAnnouncement }
  | { readonly type: "voucher"; readonly voucher: SignedVoucher }
  | { readonly type: "ack"; readonly cumulativeAmount: bigint }
  | { readonly type: "paymentRequired"; readonly cumulativeAmount: bigint }
  | { readonly type: "bid"; readonly pricePerPiece: bigint };

const EMPTY_TYPES: Record<number, Message> = {
  [MSG.choke]: { type: "choke" },
  [MSG.unchoke]: { type: "unchoke" },
  [MSG.interested]: { type: "interested" },
  [MSG.notInterested]: { type: "notInterested" },
  [MSG.haveAll]: { type: "haveAll" },
  [MSG.haveNone]: { type: "haveNone" },
};

export function encodeHello(hello: Hello): Buffer {
  const proto = Buffer.from(hello.protocol, "utf8");
  const frame = allocFrame(MSG.hello, 1 + proto.length + 4 + 32 + 8 + 4 + 20 + 32);
  new Writer(frame, 5)
    .u8(proto.length)
    .raw(proto)
    .u32(hello.features)
    .hex(hello.root)
    .u64(hello.size)
    .u32(hello.pieceSize)
    .hex(hello.address)
    .hex(hello.nonce);
  return frame;
}

/** Decodes a hello; throws `ProtocolError` on a foreign protocol id or a malformed body. */
export function decodeHello(id: number, body: Uint8Array): Hello {
  if (id !== MSG.hello) {
    throw new ProtocolError("Expected a hello as the first frame", { details: { id } });
  }
  const r = new Reader(body, "hello");
  const protocol = Buffer.from(r.take(r.u8())).toString("latin1");
  if (protocol !== PROTOCOL_ID) {
    throw new ProtocolError("Peer speaks another protocol", { details: { protocol, expected: PROTOCOL_ID } });
  }
  const hello: Hello = {
    protocol,
    features: r.u32(),
    root: r.hex(32),
    size: r.u64(),
    pieceSize: r.u32(),
    address: r.address(),
    nonce: r.hex(32),
  };
  r.end();
  return hello;
}

export function encodeEmpty(id: number): Buffer {
  return allocFrame(id, 0);
}

export function encodeHave(piece: number): Buffer {
  const f = allocFrame(MSG.have, 4);
  f.writeUInt32BE(piece, 5);
  return f;
}

export function encodeBitfield(bits: Uint8Array): Buffer {
  const f = allocFrame(MSG.bitfield, bits.length);
  f.set(bits, 5);
  return f;
}

/** `request` or `cancel`. */
export function encodeRequest(id: typeof MSG.request | typeof MSG.cancel, req: BlockRequest): Buffer {
  const f = allocFrame(id, 12);
  f.writeUInt32BE(req.piece, 5);
  f.writeUInt32BE(req.offset, 9);
  f.writeUInt32BE(req.length, 13);
  return f;
}

/** Header of a piece frame; the block bytes follow it on the wire (written separately, no copy). */
export function encodePieceHeader(piece: number, offset: number, length: number): Buffer {
  const f = Buffer.allocUnsafe(13);
  f.writeUInt32BE(length + 9, 0);
  f[4] = MSG.piece;
  f.writeUInt32BE(piece, 5);
  f.writeUInt32BE(offset, 9);
  return f;
}

export function encodeReject(req: BlockRequest, reason: RejectReason): Buffer {
  const f = allocFrame(MSG.reject, 13);
  f.writeUInt32BE(req.piece, 5);
  f.writeUInt32BE(req.offset, 9);
  f.writeUInt32BE(req.length, 13);
  f[17] = reason;
  return f;
}

export function encodeAuth(signature: Hex): Buffer {
  const f = allocFrame(MSG.auth, 65);
  new Writer(f, 5).hex(signature);
  return f;
}

export function encodeLayerRequest(start: number, count: number): Buffer {
  const f = allocFrame(MSG.layerRequest, 8);
  f.writeUInt32BE(start, 5);
  f.writeUInt32BE(count, 9);
  return f;
}

export function encodeLayer(start: number, roots: Uint8Array): Buffer {
  const f = allocFrame(MSG.layer, 4 + roots.length);
  f.writeUInt32BE(start, 5);
  f.set(roots, 9);
  return f;
}

export function encodeTerms(terms: Terms): Buffer {
  const f = allocFrame(MSG.terms, 36);
  new Writer(f, 5).u256(terms.pricePerPiece).u32(terms.creditPieces);
  return f;
}

export function encodePool(pool: PoolAnnouncement): Buffer {
  const f = allocFrame(MSG.pool, 32 + 20 + 20 + 32);
  new Writer(f, 5).u256(pool.chainId).hex(pool.pool).hex(pool.token).u256(pool.generation);
  return f;
}

/** `voucher`: the EIP-712 Voucher fields, then the payer's 65-byte signature. */
export function encodeVoucher({ voucher: v, signature }: SignedVoucher): Buffer {
  const f = allocFrame(MSG.voucher, 32 + 20 * 4 + 32 + 32 + 65);
  new Writer(f, 5)
    .u256(v.chainId)
    .hex(v.pool)
    .hex(v.payer)
    .hex(v.payee)
    .hex(v.token)
    .u256(v.cumulativeAmount)
    .u256(v.generation)
    .hex(signature);
  return f;
}

/** `ack` or `paymentRequired`: one cumulative amount. */
export function encodeAmount(id: typeof MSG.ack | typeof MSG.paymentRequired, amount: bigint): Buffer {
  const f = allocFrame(id, 32);
  new Writer(f, 5).u256(amount);
  return f;
}

/** `bid` (downloader): the price per piece it pays from now on, in the announced pool's token. */
export function encodeBid(pricePerPiece: bigint): Buffer {
  const f = allocFrame(MSG.bid, 32);
  new Writer(f, 5).u256(pricePerPiece);
  return f;
}

function request(r: Reader): BlockRequest {
  return { piece: r.u32(), offset: r.u32(), length: r.u32() };
}

/** Decodes any message after the hello; throws `ProtocolError` on unknown ids and malformed bodies. */
export function decodeMessage(id: number, body: Uint8Array): Message {
  const empty = EMPTY_TYPES[id];
  if (empty !== undefined) {
    if (body.length !== 0) throw new ProtocolError("Unexpected body", { details: { id, length: body.length } });
    return empty;
  }
  const r = new Reader(body, `id ${id}`);
  let m: Message;
  switch (id) {
    case -1:
      return { type: "keepAlive" };
    case MSG.have:
      m = { type: "have", piece: r.u32() };
      break;
    case MSG.bitfield:
      return { type: "bitfield", bits: r.rest() };
    case MSG.request:
      m = { type: "request", request: request(r) };
      break;
    case MSG.cancel:
      m = { type: "cancel", request: request(r) };
      break;
    case MSG.piece:
      return { type: "piece", piece: r.u32(), offset: r.u32(), data: r.rest() };
    case MSG.reject:
      m = { type: "reject", request: request(r), reason: r.u8() };
      break;
    case MSG.auth:
      m = { type: "auth", signature: r.hex(65) };
      break;
    case MSG.layerRequest:
      m = { type: "layerRequest", start: r.u32(), count: r.u32() };
      break;
    case MSG.layer: {
      const start = r.u32();
      const roots = r.rest();
      if (roots.length % 32 !== 0) throw new ProtocolError("Piece layer is not a whole number of roots");
      return { type: "layer", start, roots };
    }
    case MSG.terms:
      m = { type: "terms", terms: { pricePerPiece: r.u256(), creditPieces: r.u32() } };
      break;
    case MSG.pool:
      m = { type: "pool", pool: { chainId: r.u256(), pool: r.address(), token: r.address(), generation: r.u256() } };
      break;
    case MSG.voucher:
      m = {
        type: "voucher",
        voucher: {
          voucher: {
            chainId: r.u256(),
            pool: r.address(),
            payer: r.address(),
            payee: r.address(),
            token: r.address(),
            cumulativeAmount: r.u256(),
            generation: r.u256(),
          },
          signature: r.hex(65),
        },
      };
      break;
    case MSG.ack:
      m = { type: "ack", cumulativeAmount: r.u256() };
      break;
    case MSG.paymentRequired:
      m = { type: "paymentRequired", cumulativeAmount: r.u256() };
      break;
    case MSG.bid:
      m = { type: "bid", pricePerPiece: r.u256() };
      break;
    default:
      throw new ProtocolError("Unknown message id", { details: { id } });
  }
  r.end();
  return m;
}
