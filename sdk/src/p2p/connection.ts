import { randomBytes } from "node:crypto";
import type { Socket } from "node:net";

import { bytesToHex, isAddressEqual, type LocalAccount } from "viem";

import { recoverAuth, signAuth } from "./auth.ts";
import { MAX_FRAME_LENGTH, MSG, PROTOCOL_ID } from "./constants.ts";
import { ProtocolError } from "./errors.ts";
import { FrameParser, KEEP_ALIVE_FRAME } from "./frames.ts";
import {
  decodeHello,
  decodeMessage,
  encodeAuth,
  encodeHello,
  encodePieceHeader,
  type Hello,
  type Message,
} from "./messages.ts";

/** What this side announces in its hello. */
export interface LocalContent {
  readonly root: Hello["root"];
  readonly size: bigint;
  readonly pieceSize: number;
  readonly features: number;
}

export interface ConnectionHandlers {
  /** Handshake done: the peer proved it holds `peer.address`. */
  onReady(peer: Hello): void;
  /** A message after the handshake. Throwing closes this connection with that error. */
  onMessage(message: Message): void;
  /** Called once, with the error that closed the connection if any. */
  onClose(error: Error | undefined): void;
  /** The socket can take more data after backpressure. */
  onDrain?(): void;
}

export interface ConnectionOptions {
  readonly socket: Socket;
  readonly account: LocalAccount;
  /** The dialing side sends its hello first and names the content. */
  readonly initiator: boolean;
  /** The initiator's content, or the acceptor's lookup of the content the peer asked for. */
  readonly content: LocalContent | ((peer: Hello) => LocalContent | undefined);
  readonly handlers: ConnectionHandlers;
  readonly handshakeTimeoutMs?: number;
  /**
   * The socket was created with `onread` (reads into one reusable buffer, no allocation per read)
   * and its callback feeds `receive`; no 'data' listener is attached.
   */
  readonly externalReads?: boolean;
  readonly keepAliveMs?: number;
  /** Close if the peer completes no frame (keep-alives count) for this long (default 120 s). */
  readonly idleTimeoutMs?: number;
  /** Largest frame accepted from the peer after the handshake (default `MAX_FRAME_LENGTH`). */
  readonly maxFrameLength?: number;
}

/** Bytes a connection may buffer for sending before it reports backpressure and stops reading. */
const WRITE_BUFFER = 1 << 20;

/** The root of the hello a node answers with when it does not serve the content asked for (size 0). */
const NOT_SERVED_ROOT = `0x${"00".repeat(32)}` as const;

/** True if `chunk` starts with BitTorrent's handshake (`\x13BitTorrent protocol`). */
function isBitTorrentHandshake(chunk: Uint8Array): boolean {
  const tag = "BitTorrent protocol";
  if (chunk.length < 1 + tag.length || chunk[0] !== tag.length) return false;
  for (let i = 0; i < tag.length; i++) if (chunk[1 + i] !== tag.charCodeAt(i)) return false;
  return true;
}

/** Largest frame accepted before the handshake completes: a hello (at most 357 bytes) or an auth. */
const HANDSHAKE_FRAME_LIMIT = 512;

type State = "hello" | "auth" | "verifying" | "ready" | "closed";

/**
 * One peer connection: framing, the authenticated handshake, keep-alive, and error isolation
 * (any protocol error or handler exception closes this connection only).
 */
export class Connection {
  readonly socket: Socket;
  readonly initiator: boolean;
  private readonly account: LocalAccount;
  private readonly handlers: ConnectionHandlers;
  private readonly contentFor: ConnectionOptions["content"];
  private readonly parser: FrameParser;
  private state: State = "hello";
  private mine: Hello | undefined;
  private theirs: Hello | undefined;
  private readonly queued: { id: number; body: Uint8Array }[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private sentSince = false;
  /** Any byte received yet. */
  private received = false;
  private readonly maxFrameLength: number;
  /** Control frames written together at the end of the current tick (`sendSoon`). */
  private soon: Uint8Array[] = [];
  private soonBytes = 0;
  /** Reading is paused while our own output backs up (the peer does not read). */
  private paused = false;
  /** When the connection opened, and when the peer last completed a frame (`performance.now()`). */
  readonly openedAt = performance.now();
  lastFrameAt = performance.now();
  /** Set once the handshake completed. */
  peer: Hello | undefined;

  constructor(options: ConnectionOptions) {
    this.socket = options.socket;
    this.initiator = options.initiator;
    this.account = options.account;
    this.handlers = options.handlers;
    this.contentFor = options.content;
    this.maxFrameLength = options.maxFrameLength ?? MAX_FRAME_LENGTH;
    this.parser = new FrameParser(
      (id, body) => {
        this.lastFrameAt = performance.now();
        this.onFrame(id, body);
      },
      Math.min(HANDSHAKE_FRAME_LIMIT, this.maxFrameLength),
    );
    const socket = this.socket;
    socket.setNoDelay(true);
    if (options.externalReads !== true) socket.on("data", (chunk: Buffer) => this.receive(chunk));
    socket.on("drain", () => {
      if (this.paused && this.state !== "closed") {
        this.paused = false;
        socket.resume();
      }
      this.safely(() => this.handlers.onDrain?.());
    });
    socket.on("error", (error) => this.close(error));
    socket.on("close", () => this.close(this.closedEarly()));
    socket.on("end", () => this.close(this.closedEarly()));
    const handshakeMs = options.handshakeTimeoutMs ?? 10_000;
    this.timers.push(
      setTimeout(() => {
        if (this.state !== "ready")
          this.close(new ProtocolError("Handshake timed out", { details: { ms: handshakeMs } }));
      }, handshakeMs).unref(),
    );
    const keepAliveMs = options.keepAliveMs ?? 30_000;
    this.timers.push(
      setInterval(() => {
        if (this.state === "ready" && !this.sentSince) this.send(KEEP_ALIVE_FRAME);
        this.sentSince = false;
      }, keepAliveMs).unref(),
    );
    // Idle counts what the peer sends (whole frames), not what we send: a peer dripping bytes of
    // a frame it never completes, or sending nothing, is closed after `idleTimeoutMs`.
    const idleMs = options.idleTimeoutMs ?? 120_000;
    this.timers.push(
      setInterval(
        () => {
          if (performance.now() - this.lastFrameAt > idleMs)
            this.close(new ProtocolError("Peer idle for too long", { details: { ms: idleMs } }));
        },
        Math.min(idleMs / 4, 5_000),
      ).unref(),
    );
    if (this.initiator) {
      if (typeof this.contentFor === "function") throw new ProtocolError("The dialing side must name its content");
      this.mine = this.hello(this.contentFor);
      this.send(encodeHello(this.mine));
    }
  }

  get closed(): boolean {
    return this.state === "closed";
  }

  get ready(): boolean {
    return this.state === "ready";
  }

  /** The remote endpoint as host:port. */
  get remote(): string {
    return `${this.socket.remoteAddress ?? "?"}:${this.socket.remotePort ?? "?"}`;
  }

  /**
   * False while more than `WRITE_BUFFER` bytes wait in the socket (then wait for `onDrain`). Far
   * above the stream's 16 KiB mark, so a seeder keeps a few hundred KiB in flight per peer.
   */
  get writable(): boolean {
    return this.state !== "closed" && this.socket.writableLength < WRITE_BUFFER;
  }

  /** Feeds received bytes to the parser (the chunk may be reused by the caller after this returns). */
  receive(chunk: Uint8Array): void {
    try {
      if (!this.received && chunk.length > 0) {
        this.received = true;
        if (isBitTorrentHandshake(chunk)) {
          throw new ProtocolError("Peer is an ordinary BitTorrent client, not a btt-p2p/1 peer", {
            hints: ["btt-p2p/1 peers identify content by (root, size); point fetch at a `btt-p2p seed` address"],
          });
        }
      }
      this.parser.push(chunk);
    } catch (error) {
      this.close(error instanceof Error ? error : new ProtocolError(String(error)));
    }
  }

  send(frame: Uint8Array): void {
    if (this.state === "closed") return;
    if (this.soon.length > 0) this.flushSoon(); // keep the order of frames
    this.sentSince = true;
    this.socket.write(frame);
    this.checkBacklog();
  }

  /**
   * Sends a small control frame (e.g. a reject) together with the others of this tick, in one
   * write: a flood of requests answered one by one would otherwise cost a buffer and a write
   * request per answer while the peer does not read.
   */
  sendSoon(frame: Uint8Array): void {
    if (this.state === "closed") return;
    if (this.soon.length === 0) queueMicrotask(() => this.flushSoon());
    this.soon.push(frame);
    this.soonBytes += frame.length;
  }

  private flushSoon(): void {
    const frames = this.soon;
    const bytes = this.soonBytes;
    this.soon = [];
    this.soonBytes = 0;
    if (frames.length === 0 || this.state === "closed") return;
    this.send(frames.length === 1 ? (frames[0] as Uint8Array) : Buffer.concat(frames, bytes));
  }

  /**
   * Backpressure on input: while more than `WRITE_BUFFER` bytes wait to be sent, stop reading
   * from the peer (its requests stay in its socket), and resume on drain. A peer that sends
   * requests and never reads thus holds at most about `WRITE_BUFFER` of our memory.
   */
  private checkBacklog(): void {
    if (!this.paused && this.socket.writableLength > WRITE_BUFFER) {
      this.paused = true;
      this.socket.pause();
    }
  }

  /**
   * Sends a block without copying it: header and data go out in one writev. `onWritten` runs
   * once the socket no longer needs `data` (written, or the connection failed).
   */
  sendPiece(piece: number, offset: number, data: Uint8Array, onWritten?: () => void): void {
    if (this.state === "closed") {
      onWritten?.();
      return;
    }
    if (this.soon.length > 0) this.flushSoon();
    this.sentSince = true;
    this.socket.cork();
    this.socket.write(encodePieceHeader(piece, offset, data.length));
    if (onWritten === undefined) this.socket.write(data);
    else this.socket.write(data, () => onWritten());
    this.socket.uncork();
  }

  cork(): void {
    this.socket.cork();
  }

  uncork(): void {
    this.socket.uncork();
  }

  /**
   * Ends the connection gracefully: what was written is still delivered (then FIN), and whatever
   * the peer still sends is read and ignored until it closes too (so that unread data never turns
   * the close into a reset that could discard our last frames at the peer). Idempotent.
   */
  end(lingerMs = 5_000): void {
    if (this.state === "closed") return;
    this.state = "closed";
    this.parser.stop();
    for (const t of this.timers) clearTimeout(t);
    const socket = this.socket;
    socket.end();
    setTimeout(() => socket.destroy(), lingerMs).unref();
    this.handlers.onClose(undefined);
  }

  /** Closes the connection (idempotent). */
  close(error?: Error): void {
    if (this.state === "closed") return;
    this.state = "closed";
    this.parser.stop();
    this.soon = [];
    for (const t of this.timers) clearTimeout(t);
    this.socket.destroy();
    this.handlers.onClose(error);
  }

  /** The error of a connection the peer closed before the handshake completed (undefined after it). */
  private closedEarly(): Error | undefined {
    if (this.state === "ready" || this.state === "closed") return undefined;
    return new ProtocolError(
      this.received
        ? "Peer closed the connection during the handshake"
        : "Peer closed the connection without answering",
      {
        hints: [
          "It may not speak btt-p2p/1 (an ordinary BitTorrent client closes here), or it refused this connection (busy, or rate-limited)",
        ],
      },
    );
  }

  private hello(content: LocalContent): Hello {
    return {
      protocol: PROTOCOL_ID,
      features: content.features,
      root: content.root,
      size: content.size,
      pieceSize: content.pieceSize,
      address: this.account.address,
      nonce: bytesToHex(randomBytes(32)),
    };
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.close(error instanceof Error ? error : new ProtocolError(String(error)));
    }
  }

  private onFrame(id: number, body: Uint8Array): void {
    switch (this.state) {
      case "ready":
        if (id === MSG.piece && body.length >= 8) {
          // Hot path (one per 16 KiB block): no reader object.
          const piece =
            (body[0] as number) * 0x1000000 +
            (((body[1] as number) << 16) | ((body[2] as number) << 8) | (body[3] as number));
          const offset =
            (body[4] as number) * 0x1000000 +
            (((body[5] as number) << 16) | ((body[6] as number) << 8) | (body[7] as number));
          this.handlers.onMessage({ type: "piece", piece, offset, data: body.subarray(8) });
          return;
        }
        if (id === MSG.hello || id === MSG.auth) throw new ProtocolError("Handshake message after the handshake");
        this.handlers.onMessage(decodeMessage(id, body));
        return;
      case "hello":
        this.onHello(decodeHello(id, body));
        return;
      case "auth":
        if (id !== MSG.auth) throw new ProtocolError("Expected auth after hello", { details: { id } });
        this.onAuth(body);
        return;
      case "verifying":
        // Messages racing our signature check: keep copies, replay once the peer is authenticated.
        if (this.queued.length > 64) throw new ProtocolError("Too many messages before authentication");
        this.queued.push({ id, body: body.slice() });
        return;
      case "closed":
        return;
    }
  }

  private onHello(theirs: Hello): void {
    let mine = this.mine;
    if (mine === undefined) {
      const content = typeof this.contentFor === "function" ? this.contentFor(theirs) : this.contentFor;
      if (content === undefined) {
        // Say so (a hello for no content) before closing, so the peer can tell the user why.
        this.send(encodeHello({ ...this.hello({ root: NOT_SERVED_ROOT, size: 0n, pieceSize: 0, features: 0 }) }));
        this.socket.end();
        throw new ProtocolError("Peer asked for content this node does not serve", {
          details: { root: theirs.root, size: theirs.size },
        });
      }
      mine = this.hello(content);
      this.mine = mine;
      this.send(encodeHello(mine));
    }
    if (theirs.root === NOT_SERVED_ROOT && theirs.size === 0n) {
      throw new ProtocolError("Peer does not serve this content (root and size)", {
        details: { root: mine.root, size: mine.size },
        hints: ["Check the root and size, or use the link that `btt-p2p info` or `seed` prints"],
      });
    }
    if (theirs.root !== mine.root || theirs.size !== mine.size || theirs.pieceSize !== mine.pieceSize) {
      throw new ProtocolError("Peer announced different content", {
        details: { root: theirs.root, size: theirs.size, pieceSize: theirs.pieceSize, expected: mine.root },
      });
    }
    this.theirs = theirs;
    this.state = "auth";
    const ours = mine;
    signAuth(this.account, ours, theirs).then(
      (signature) => this.send(encodeAuth(signature)),
      (error: unknown) => this.close(new ProtocolError("Could not sign the handshake", { cause: error })),
    );
  }

  private onAuth(body: Uint8Array): void {
    const message = decodeMessage(MSG.auth, body);
    if (message.type !== "auth") return;
    const theirs = this.theirs as Hello;
    const mine = this.mine as Hello;
    this.state = "verifying";
    // The peer may be ready before us and send its first messages (e.g. a bitfield) meanwhile.
    this.parser.setMaxLength(this.maxFrameLength);
    recoverAuth(theirs, mine, message.signature).then(
      (signer) => {
        if (this.state === "closed") return;
        if (!isAddressEqual(signer, theirs.address)) {
          this.close(
            new ProtocolError("Handshake signature is not from the announced address", {
              details: { announced: theirs.address, signer },
            }),
          );
          return;
        }
        this.state = "ready";
        this.peer = theirs;
        this.safely(() => {
          this.handlers.onReady(theirs);
          for (const { id, body: queued } of this.queued.splice(0)) {
            if (this.state !== "ready") break;
            this.onFrame(id, queued);
          }
        });
      },
      (error: unknown) => this.close(new ProtocolError("Handshake signature does not recover", { cause: error })),
    );
  }
}
