/** Per-address limits of a seeder: concurrent connections and a token bucket of handshakes. */
export interface AdmissionOptions {
  /** Connections (in any state) kept per remote address (default 8). */
  readonly maxPeersPerAddress?: number;
  /** Handshakes started per remote address per second (default 32), in bursts of up to `handshakeBurst` (default 128). */
  readonly handshakesPerSecond?: number;
  readonly handshakeBurst?: number;
}

interface Bucket {
  tokens: number;
  last: number;
}

/** Most addresses whose handshake buckets are remembered (least recently seen dropped first). */
const MAX_TRACKED = 4096;

/**
 * Decides whether a new connection from an address may start a handshake: each one costs the
 * seeder a signature (and a slot), so a flood of hellos from one address is cut to a rate.
 */
export class Admission {
  private readonly perAddress: number;
  private readonly rate: number;
  private readonly burst: number;
  private readonly buckets = new Map<string, Bucket>();
  private readonly connected = new Map<string, number>();

  constructor(options: AdmissionOptions) {
    this.perAddress = options.maxPeersPerAddress ?? 8;
    this.rate = options.handshakesPerSecond ?? 32;
    this.burst = options.handshakeBurst ?? 128;
  }

  /** Why a connection from `address` is refused, or undefined if it is admitted (and counted). */
  admit(address: string): "address-full" | "handshake-rate" | undefined {
    if ((this.connected.get(address) ?? 0) >= this.perAddress) return "address-full";
    const now = performance.now();
    let bucket = this.buckets.get(address);
    if (bucket === undefined) {
      bucket = { tokens: this.burst, last: now };
      if (this.buckets.size >= MAX_TRACKED) this.buckets.delete(this.buckets.keys().next().value as string);
    } else {
      this.buckets.delete(address);
      bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.last) * this.rate) / 1000);
      bucket.last = now;
    }
    this.buckets.set(address, bucket);
    if (bucket.tokens < 1) return "handshake-rate";
    bucket.tokens -= 1;
    this.connected.set(address, (this.connected.get(address) ?? 0) + 1);
    return undefined;
  }

  /** A connection admitted from `address` closed. */
  release(address: string): void {
    const n = (this.connected.get(address) ?? 0) - 1;
    if (n <= 0) this.connected.delete(address);
    else this.connected.set(address, n);
  }
}
