import { bytesToHex, getAddress, hexToBytes, type Address, type Hex } from "viem";

import { ProtocolError } from "./errors.ts";

/** Bounds-checked reader over a frame body; every overrun is a `ProtocolError`. */
export class Reader {
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private off = 0;
  private readonly what: string;

  constructor(bytes: Uint8Array, what: string) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.what = what;
  }

  private need(n: number): void {
    if (this.off + n > this.bytes.length) {
      throw new ProtocolError(`Truncated ${this.what} message`, {
        details: { length: this.bytes.length, needed: this.off + n },
      });
    }
  }

  u8(): number {
    this.need(1);
    return this.view.getUint8(this.off++);
  }

  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.off);
    this.off += 4;
    return v;
  }

  u64(): bigint {
    this.need(8);
    const v = this.view.getBigUint64(this.off);
    this.off += 8;
    return v;
  }

  u256(): bigint {
    return BigInt(bytesToHex(this.bytes32()));
  }

  bytes32(): Uint8Array {
    return this.take(32);
  }

  hex(n: number): Hex {
    return bytesToHex(this.take(n));
  }

  address(): Address {
    return getAddress(bytesToHex(this.take(20)));
  }

  take(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.subarray(this.off, this.off + n);
    this.off += n;
    return out;
  }

  rest(): Uint8Array {
    const out = this.bytes.subarray(this.off);
    this.off = this.bytes.length;
    return out;
  }

  /** Throws unless the whole body was consumed. */
  end(): void {
    if (this.off !== this.bytes.length) {
      throw new ProtocolError(`Trailing bytes in ${this.what} message`, {
        details: { length: this.bytes.length, used: this.off },
      });
    }
  }
}

/** Builder of a frame body with fixed-size fields. */
export class Writer {
  readonly bytes: Buffer;
  private off: number;

  /** Writes into `bytes` from `offset` (5 for a body after the frame header). */
  constructor(bytes: Buffer, offset = 0) {
    this.bytes = bytes;
    this.off = offset;
  }

  u8(v: number): this {
    this.bytes[this.off++] = v;
    return this;
  }

  u32(v: number): this {
    this.bytes.writeUInt32BE(v, this.off);
    this.off += 4;
    return this;
  }

  u64(v: bigint): this {
    this.bytes.writeBigUInt64BE(v, this.off);
    this.off += 8;
    return this;
  }

  u256(v: bigint): this {
    return this.raw(hexToBytes(`0x${v.toString(16).padStart(64, "0")}`));
  }

  hex(v: Hex): this {
    return this.raw(hexToBytes(v));
  }

  raw(v: Uint8Array): this {
    this.bytes.set(v, this.off);
    this.off += v.length;
    return this;
  }
}
