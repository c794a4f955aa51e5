/**
 * Bounded exponential backoff for reads (never for writes: a write is retried by the executor
 * according to its cause), on viem's `withRetry`. Stops early when the signal aborts.
 */
import { withRetry } from "viem";

export interface BackoffOptions {
  /** Attempts in total, the first included. */
  readonly attempts?: number;
  readonly baseMs?: number;
  readonly maxMs?: number;
  readonly signal?: AbortSignal | undefined;
  readonly shouldRetry?: (error: unknown) => boolean;
}

export function withBackoff<T>(fn: () => Promise<T>, options: BackoffOptions = {}): Promise<T> {
  const base = options.baseMs ?? 200;
  const max = options.maxMs ?? 5_000;
  return withRetry(fn, {
    retryCount: (options.attempts ?? 4) - 1,
    // Full jitter over the upper half, so that relayers hitting the same node do not retry in step.
    delay: ({ count }) => Math.min(max, base * 2 ** count) * (0.5 + Math.random() / 2),
    shouldRetry: ({ error }) => options.shouldRetry?.(error) !== false,
    signal: options.signal,
  });
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
