/** Token bucket in bytes: `rate` bytes per second, bursts up to `burst` bytes. Infinite rate: never waits. */
export class TokenBucket {
  private readonly rate: number;
  private readonly burst: number;
  private tokens: number;
  private last: number;

  constructor(rate: number, burst: number = Math.max(rate / 4, 1 << 16)) {
    this.rate = rate;
    this.burst = burst;
    this.tokens = burst;
    this.last = performance.now();
  }

  get unlimited(): boolean {
    return !Number.isFinite(this.rate);
  }

  /** Takes `n` tokens and returns 0, or returns the milliseconds to wait before they are there. */
  take(n: number): number {
    if (this.unlimited) return 0;
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.rate) / 1000);
    this.last = now;
    if (this.tokens >= n || (this.tokens >= 0 && n > this.burst)) {
      this.tokens -= n;
      return 0;
    }
    return Math.ceil(((n - this.tokens) * 1000) / this.rate);
  }
}
