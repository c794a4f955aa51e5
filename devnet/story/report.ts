/**
 * Progress output, gas and timing records of the story, and the one way it fails: a
 * `StoryMismatch` naming what differed, so `npm start` exits non-zero with a clear message.
 */
import type { TransactionReceipt } from "viem";

export class StoryMismatch extends Error {
  override readonly name = "StoryMismatch";
}

export interface GasRow {
  readonly chain: string;
  readonly action: string;
  readonly gasUsed: bigint;
}

export interface Reporter {
  /** Starts a numbered step of the story. */
  step(title: string): void;
  ok(text: string): void;
  /** Records the gas of a transaction worth showing in the summary. */
  gas(chain: string, action: string, receipt: TransactionReceipt): void;
  readonly gasRows: readonly GasRow[];
  readonly timings: readonly { readonly step: string; readonly ms: number }[];
  /** Closes the current step's timer. */
  finish(): void;
}

export function createReporter(log: (line: string) => void = console.log): Reporter {
  const gasRows: GasRow[] = [];
  const timings: { step: string; ms: number }[] = [];
  let current: { step: string; start: number } | undefined;
  const close = () => {
    if (current !== undefined) timings.push({ step: current.step, ms: performance.now() - current.start });
    current = undefined;
  };
  return {
    step(title) {
      close();
      current = { step: title, start: performance.now() };
      log(`\n» ${title}`);
    },
    ok: (text) => log(`  ✓ ${text}`),
    gas: (chain, action, receipt) => gasRows.push({ chain, action, gasUsed: receipt.gasUsed }),
    gasRows,
    timings,
    finish: close,
  };
}

/** Throws a StoryMismatch unless `actual === expected`. */
export function expectEqual<T>(actual: T, expected: T, what: string): void {
  if (actual !== expected) throw new StoryMismatch(`${what}: expected ${String(expected)}, got ${String(actual)}`);
}

export function expectTrue(condition: boolean, what: string): asserts condition {
  if (!condition) throw new StoryMismatch(what);
}

/** 18-decimal amount for display (`1234.5`). */
export function units(amount: bigint, decimals = 18): string {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const scale = 10n ** BigInt(decimals);
  const frac = (abs % scale).toString().padStart(decimals, "0").replace(/0+$/, "").slice(0, 6);
  return `${negative ? "-" : ""}${abs / scale}${frac === "" ? "" : `.${frac}`}`;
}

/** "1 message", "4 messages" */
export function plural(count: bigint | number, noun: string): string {
  return `${count} ${noun}${count === 1n || count === 1 ? "" : "s"}`;
}

/** Bytes as MiB with one decimal. */
export function mib(bytes: number | bigint): string {
  return `${(Number(bytes) / 2 ** 20).toFixed(1)} MiB`;
}
