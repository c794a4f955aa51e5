import { MAX_FRAME_LENGTH } from "./constants.ts";
import { ProtocolError } from "./errors.ts";

/** Id reported for a zero-length frame (keep-alive). */
export const KEEP_ALIVE = -1;

/**
 * Receives one frame. `body` is a view into the parser's input or scratch memory, valid only
 * during the call: decode or copy it before returning.
 */
export type FrameHandler = (id: number, body: Uint8Array) => void;

const EMPTY = new Uint8Array(0);

/**
 * Incremental parser of `u32 length, u8 id, body` frames. Frames that lie wholly inside one input
 * chunk are handed out as views (no copy); a frame split across chunks is assembled in one
 * reusable scratch buffer. Throws `ProtocolError` on a length above `maxLength`; after that (or
 * after `stop()`) it ignores further input.
 */
export class FrameParser {
  private maxLength: number;
  private readonly onFrame: FrameHandler;
  private readonly header = new Uint8Array(4);
  private headerFill = 0;
  private frameLength = -1;
  private frameFill = 0;
  private scratch = new Uint8Array(0);
  private stopped = false;

  constructor(onFrame: FrameHandler, maxLength: number = MAX_FRAME_LENGTH) {
    this.onFrame = onFrame;
    this.maxLength = maxLength;
  }

  /** Changes the largest frame accepted from now on (e.g. once the handshake is done). */
  setMaxLength(maxLength: number): void {
    this.maxLength = maxLength;
  }

  /** Bytes of a frame received only in part (held until the rest arrives). */
  get partialBytes(): number {
    return this.frameLength < 0 ? this.headerFill : this.frameFill;
  }

  /** Stops delivering frames (the connection is closing). */
  stop(): void {
    this.stopped = true;
    this.scratch = new Uint8Array(0);
  }

  push(chunk: Uint8Array): void {
    let off = 0;
    const end = chunk.length;
    while (off < end && !this.stopped) {
      if (this.frameLength < 0) {
        let length: number;
        if (this.headerFill === 0 && end - off >= 4) {
          length =
            (chunk[off] as number) * 0x1000000 +
            (((chunk[off + 1] as number) << 16) | ((chunk[off + 2] as number) << 8) | (chunk[off + 3] as number));
          off += 4;
        } else {
          while (this.headerFill < 4 && off < end) this.header[this.headerFill++] = chunk[off++] as number;
          if (this.headerFill < 4) return;
          this.headerFill = 0;
          const h = this.header;
          length =
            (h[0] as number) * 0x1000000 + (((h[1] as number) << 16) | ((h[2] as number) << 8) | (h[3] as number));
        }
        if (length > this.maxLength) {
          this.stopped = true;
          throw new ProtocolError("Frame length exceeds the maximum", {
            details: { length, max: this.maxLength },
            hints: ["The peer is not speaking btt-p2p/1 (a BitTorrent peer fails here) or is misbehaving"],
          });
        }
        if (length === 0) {
          this.onFrame(KEEP_ALIVE, EMPTY);
          continue;
        }
        if (end - off >= length) {
          this.onFrame(chunk[off] as number, chunk.subarray(off + 1, off + length));
          off += length;
          continue;
        }
        this.frameLength = length;
        this.frameFill = 0;
        if (this.scratch.length < length) this.scratch = new Uint8Array(Math.max(length, 1 << 15));
      }
      const take = Math.min(this.frameLength - this.frameFill, end - off);
      this.scratch.set(chunk.subarray(off, off + take), this.frameFill);
      this.frameFill += take;
      off += take;
      if (this.frameFill === this.frameLength) {
        const length = this.frameLength;
        this.frameLength = -1;
        this.onFrame(this.scratch[0] as number, this.scratch.subarray(1, length));
      }
    }
  }
}

/** A frame with `id` and a body of `bodyLength` bytes, header filled, body to be written at offset 5. */
export function allocFrame(id: number, bodyLength: number): Buffer {
  const frame = Buffer.allocUnsafe(5 + bodyLength);
  frame.writeUInt32BE(bodyLength + 1, 0);
  frame[4] = id;
  return frame;
}

/** The zero-length keep-alive frame. */
export const KEEP_ALIVE_FRAME = new Uint8Array(4);
