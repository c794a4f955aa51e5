/**
 * Hand-written btt-p2p/1 frames over plain sockets, for adversary tests: nothing here uses the
 * project's Connection, FrameParser or message codecs, so a bug there cannot hide a bug in the
 * peer under attack. Layouts follow sdk/src/p2p/PROTOCOL.md.
 */
import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";

import { concat, keccak256, stringToBytes, toBytes, type Hex, type LocalAccount } from "viem";

export const ID = {
  choke: 0,
  unchoke: 1,
  interested: 2,
  bitfield: 5,
  haveAll: 14,
  request: 6,
  piece: 7,
  reject: 16,
  hello: 32,
  auth: 33,
  layerRequest: 34,
  layer: 35,
  terms: 40,
  pool: 41,
  ack: 43,
  paymentRequired: 44,
} as const;

export interface Content {
  readonly root: Hex;
  readonly size: bigint;
  readonly pieceSize: number;
}

export function frame(id: number, body: Uint8Array = new Uint8Array(0)): Buffer {
  const f = Buffer.alloc(5 + body.length);
  f.writeUInt32BE(body.length + 1, 0);
  f[4] = id;
  f.set(body, 5);
  return f;
}

export function helloFrame(content: Content, address: Hex, nonce: Buffer, features = 2): Buffer {
  const proto = Buffer.from("btt-p2p/1");
  const body = Buffer.alloc(1 + proto.length + 4 + 32 + 8 + 4 + 20 + 32);
  let at = 0;
  body[at++] = proto.length;
  at += proto.copy(body, at);
  body.writeUInt32BE(features, at);
  at += 4;
  at += Buffer.from(content.root.slice(2), "hex").copy(body, at);
  body.writeBigUInt64BE(content.size, at);
  at += 8;
  body.writeUInt32BE(content.pieceSize, at);
  at += 4;
  at += Buffer.from(address.slice(2), "hex").copy(body, at);
  nonce.copy(body, at);
  return frame(ID.hello, body);
}

export function requestFrame(piece: number, offset: number, length: number): Buffer {
  const body = Buffer.alloc(12);
  body.writeUInt32BE(piece, 0);
  body.writeUInt32BE(offset, 4);
  body.writeUInt32BE(length, 8);
  return frame(ID.request, body);
}

export function rejectFrame(body: Uint8Array, reason: number): Buffer {
  return frame(ID.reject, Buffer.concat([Buffer.from(body.subarray(0, 12)), Buffer.from([reason])]));
}

export function poolFrame(chainId: bigint, pool: Hex, token: Hex, generation: bigint): Buffer {
  const body = Buffer.alloc(32 + 20 + 20 + 32);
  body.writeBigUInt64BE(chainId, 24);
  Buffer.from(pool.slice(2), "hex").copy(body, 32);
  Buffer.from(token.slice(2), "hex").copy(body, 52);
  body.writeBigUInt64BE(generation, 72 + 24);
  return frame(ID.pool, body);
}

/** The handshake signature of PROTOCOL.md: personal message over keccak(tag, own nonce, peer nonce, root, u64 size). */
export async function authFrame(
  account: LocalAccount,
  ownNonce: Buffer,
  peerNonce: Uint8Array,
  content: Content,
): Promise<Buffer> {
  const size = Buffer.alloc(8);
  size.writeBigUInt64BE(content.size);
  const digest = keccak256(concat([stringToBytes("btt-p2p/1 auth"), ownNonce, peerNonce, toBytes(content.root), size]));
  const signature = await account.signMessage({ message: { raw: digest } });
  return frame(ID.auth, Buffer.from(signature.slice(2), "hex"));
}

export interface RawFrame {
  readonly id: number;
  readonly body: Buffer;
}

/** A socket with a minimal frame reader; `frames` keeps every frame received (bodies of pieces dropped). */
export class RawPeer {
  readonly socket: Socket;
  readonly frames: RawFrame[] = [];
  pieceBytes = 0;
  closed = false;
  private pending: Buffer = Buffer.alloc(0);
  private readonly waiters = new Set<() => void>();

  constructor(socket: Socket) {
    this.socket = socket;
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      this.closed = true;
      this.wake();
    });
  }

  static async connect(port: number, localAddress?: string): Promise<RawPeer> {
    const socket = connect({ host: "127.0.0.1", port, ...(localAddress === undefined ? {} : { localAddress }) });
    const peer = new RawPeer(socket);
    await new Promise<void>((resolve) => {
      socket.once("connect", () => resolve());
      socket.once("close", () => resolve());
    });
    return peer;
  }

  count(id: number): number {
    return this.frames.filter((f) => f.id === id).length;
  }

  /** Resolves once `predicate` holds or the socket closed; rejects after `timeoutMs` (a bound, not a timing assertion). */
  async until(predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate() && !this.closed) {
      if (Date.now() > deadline)
        throw new Error(
          `raw peer: condition not met in ${timeoutMs} ms (frames ${this.frames.map((f) => f.id).join(",")})`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, 100);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(done);
      });
    }
  }

  /** Dials, sends a hello, and completes the handshake as `account`. Returns the peer's hello body. */
  static async handshake(
    port: number,
    account: LocalAccount,
    content: Content,
    options: { localAddress?: string; features?: number } = {},
  ): Promise<RawPeer> {
    const peer = await RawPeer.connect(port, options.localAddress);
    const nonce = randomBytes(32);
    peer.socket.write(helloFrame(content, account.address, nonce, options.features ?? 2));
    await peer.until(() => peer.count(ID.hello) > 0);
    const hello = peer.frames.find((f) => f.id === ID.hello);
    if (hello === undefined) throw new Error("raw peer: no hello from the seeder");
    const theirNonce = hello.body.subarray(hello.body.length - 32);
    peer.socket.write(await authFrame(account, nonce, theirNonce, content));
    return peer;
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
    this.waiters.clear();
  }

  private onData(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let at = 0;
    while (this.pending.length - at >= 4) {
      const length = this.pending.readUInt32BE(at);
      if (this.pending.length - at - 4 < length) break;
      if (length > 0) {
        const id = this.pending[at + 4] as number;
        if (id === ID.piece) {
          this.pieceBytes += length - 9;
          this.frames.push({ id, body: Buffer.from(this.pending.subarray(at + 5, at + 13)) });
        } else {
          this.frames.push({ id, body: Buffer.from(this.pending.subarray(at + 5, at + 4 + length)) });
        }
      }
      at += 4 + length;
    }
    this.pending = this.pending.subarray(at);
    this.wake();
  }
}

/** What a hand-written seeder does with each frame after its handshake; `send` writes raw bytes. */
export type FakeSeederBehaviour = (frame: RawFrame, send: (bytes: Uint8Array) => void) => void;

/**
 * A seeder written by hand on a plain TCP server: answers the hello with its own hello and auth
 * (it does not check the downloader's auth), sends have-all and unchoke, then hands every frame
 * to `behaviour`. `frames` lists what each connection received.
 */
export async function fakeSeeder(
  account: LocalAccount,
  content: Content,
  behaviour: FakeSeederBehaviour,
): Promise<{ port: number; received: RawFrame[]; close: () => Promise<void> }> {
  const { createServer } = await import("node:net");
  const received: RawFrame[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    const peer = new RawPeer(socket);
    const nonce = randomBytes(32);
    let seen = 0;
    let authed = false;
    const send = (bytes: Uint8Array) => {
      if (!socket.destroyed) socket.write(bytes);
    };
    let chain = Promise.resolve();
    socket.on("data", () => {
      chain = chain.then(async () => {
        while (seen < peer.frames.length) {
          const f = peer.frames[seen++] as RawFrame;
          received.push(f);
          if (f.id === ID.hello) {
            const theirNonce = f.body.subarray(f.body.length - 32);
            send(helloFrame(content, account.address, nonce, 2));
            send(await authFrame(account, nonce, theirNonce, content));
          } else if (f.id === ID.auth && !authed) {
            authed = true;
            send(frame(ID.haveAll));
            send(frame(ID.unchoke));
          } else if (authed) {
            behaviour(f, send);
          }
        }
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    received,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Answers a `layer-request` body (u32 start, u32 count) from the piece roots. */
export function layerFrame(requestBody: Buffer, pieceRoots: Uint8Array): Buffer {
  const start = requestBody.readUInt32BE(0);
  const count = requestBody.readUInt32BE(4);
  const body = Buffer.alloc(4 + count * 32);
  body.writeUInt32BE(start, 0);
  body.set(pieceRoots.subarray(start * 32, (start + count) * 32), 4);
  return frame(ID.layer, body);
}
