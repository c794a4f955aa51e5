import { ProtocolError } from "./errors.ts";

/** A set of piece indices as bits, most significant bit first (BitTorrent order). */
export class Bitfield {
  readonly length: number;
  readonly bytes: Uint8Array;
  private ones = 0;

  constructor(length: number, bytes?: Uint8Array) {
    this.length = length;
    this.bytes = new Uint8Array(Math.ceil(length / 8));
    if (bytes !== undefined) {
      if (bytes.length !== this.bytes.length) {
        throw new ProtocolError("Bitfield has the wrong length", {
          details: { expected: this.bytes.length, got: bytes.length },
        });
      }
      const spare = this.bytes.length * 8 - length;
      if (spare > 0 && ((bytes[bytes.length - 1] as number) & ((1 << spare) - 1)) !== 0) {
        throw new ProtocolError("Bitfield has spare bits set");
      }
      this.bytes.set(bytes);
      for (let i = 0; i < length; i++) if (this.get(i)) this.ones++;
    }
  }

  static full(length: number): Bitfield {
    const b = new Bitfield(length);
    for (let i = 0; i < length; i++) b.set(i);
    return b;
  }

  get count(): number {
    return this.ones;
  }

  get complete(): boolean {
    return this.ones === this.length;
  }

  get(i: number): boolean {
    return (((this.bytes[i >> 3] as number) >> (7 - (i & 7))) & 1) === 1;
  }

  /** Sets bit `i`; returns false if it was already set. */
  set(i: number): boolean {
    if (this.get(i)) return false;
    this.bytes[i >> 3] = (this.bytes[i >> 3] as number) | (1 << (7 - (i & 7)));
    this.ones++;
    return true;
  }

  clear(i: number): void {
    if (!this.get(i)) return;
    this.bytes[i >> 3] = (this.bytes[i >> 3] as number) & ~(1 << (7 - (i & 7)));
    this.ones--;
  }
}
