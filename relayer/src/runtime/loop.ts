/**
 * A plain loop: run, then sleep for what is left of the interval (or until woken), until the
 * signal aborts. Runs never overlap, and a failing run is logged and retried on the next turn with
 * a bounded exponential delay: a rejection never kills the process.
 */
import type { Logger } from "../observability/log.ts";

export interface LoopOptions {
  readonly name: string;
  readonly intervalMs: number;
  readonly run: (signal: AbortSignal) => Promise<unknown>;
  readonly log: Logger;
  /** Longest pause after consecutive failures. */
  readonly maxBackoffMs?: number;
}

export class Loop {
  readonly name: string;
  private readonly o: LoopOptions;
  private wakeSleeper: (() => void) | undefined;
  private woken = false;
  private running: Promise<void> | undefined;

  constructor(options: LoopOptions) {
    this.o = options;
    this.name = options.name;
  }

  /** Ends the current sleep at once (a run in progress finishes first; another run follows). */
  wake(): void {
    this.woken = true;
    this.wakeSleeper?.();
  }

  /** Starts the loop; the promise settles once the signal aborted and the current run ended. */
  start(signal: AbortSignal): Promise<void> {
    this.running ??= this.loop(signal);
    return this.running;
  }

  private async loop(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      const started = Date.now();
      this.woken = false;
      try {
        await this.o.run(signal);
        failures = 0;
      } catch (error) {
        failures++;
        this.o.log.error({ loop: this.name, err: errorText(error), failures }, "run failed; retrying");
      }
      if (signal.aborted) break;
      const interval =
        failures === 0
          ? this.o.intervalMs
          : Math.min(this.o.maxBackoffMs ?? 30_000, this.o.intervalMs * 2 ** Math.min(failures, 10));
      const wait = Math.max(0, interval - (Date.now() - started));
      if (this.woken && failures === 0) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, wait);
        const onAbort = () => done();
        signal.addEventListener("abort", onAbort, { once: true });
        this.wakeSleeper = done;
        function done() {
          clearTimeout(timer);
          signal.removeEventListener("abort", onAbort);
          resolve();
        }
      });
      this.wakeSleeper = undefined;
    }
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? (error.message.split("\n")[0] ?? error.name) : String(error);
}
