/** Fixed-point scale of the budget: token units x 2^20, so partial pieces count exactly enough. */
const SCALE = 1n << 20n;

/**
 * The seeder's one budget of unpaid credit across all peers (paid mode). Each peer registers what
 * it owes beyond its vouchers; a peer that leaves owing keeps its debt counted for `writeOffMs`,
 * so that new identities cannot each take a fresh credit window: at most `capacity` is unpaid
 * at any time, and at most `capacity` is written off per `writeOffMs`.
 */
export class UnpaidBudget {
  /** In token units x `SCALE`. */
  private readonly capacity: bigint;
  private readonly writeOffMs: number;
  private used = 0n;
  private readonly departed: { amount: bigint; until: number }[] = [];

  /** `capacity` in token units (e.g. price x pieces). */
  constructor(capacity: bigint, writeOffMs: number) {
    this.capacity = capacity * SCALE;
    this.writeOffMs = writeOffMs;
  }

  /** What `length` bytes at `price` per piece of `pieceSize` bytes cost, in budget units. */
  static cost(price: bigint, length: number, pieceSize: number): bigint {
    return (price * BigInt(length) * SCALE) / BigInt(pieceSize);
  }

  /** Token units x SCALE: what a voucher paying `amount` is worth in budget units. */
  static amount(amount: bigint): bigint {
    return amount * SCALE;
  }

  /** True if `more` budget units can be added to the unpaid total. */
  fits(more: bigint): boolean {
    this.expire();
    return this.used + more <= this.capacity;
  }

  /** Adds (or with a negative delta, releases) unpaid exposure. */
  adjust(delta: bigint): void {
    this.used += delta;
    if (this.used < 0n) this.used = 0n;
  }

  /** A peer left owing `amount`: it stays counted for `writeOffMs`. */
  writeOff(amount: bigint): void {
    if (amount > 0n) this.departed.push({ amount, until: performance.now() + this.writeOffMs });
  }

  /** Unpaid exposure counted now, in token units (rounded up). */
  get unpaid(): bigint {
    this.expire();
    return (this.used + SCALE - 1n) / SCALE;
  }

  private expire(): void {
    const now = performance.now();
    while (this.departed.length > 0 && (this.departed[0] as { until: number }).until <= now) {
      this.adjust(-(this.departed.shift() as { amount: bigint }).amount);
    }
  }
}
