/**
 * One shutdown registry: components register a cleanup when they start; `shutdown()` aborts the
 * shared signal (loops stop), then runs cleanups in reverse order (await in-flight work, close
 * servers, close the database last), each bounded by a timeout. SIGINT/SIGTERM trigger it once.
 */
import type { Logger } from "../observability/log.ts";

export class Shutdown {
  private readonly controller = new AbortController();
  private readonly cleanups: { name: string; fn: () => unknown }[] = [];
  private done: Promise<void> | undefined;
  private readonly log: Logger;
  private readonly timeoutMs: number;

  constructor(log: Logger, timeoutMs = 15_000) {
    this.log = log;
    this.timeoutMs = timeoutMs;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Registers a cleanup; cleanups run last-registered first. */
  add(name: string, fn: () => unknown): void {
    this.cleanups.push({ name, fn });
  }

  shutdown(reason = "shutdown"): Promise<void> {
    this.done ??= this.run(reason);
    return this.done;
  }

  private async run(reason: string): Promise<void> {
    this.log.info({ reason }, "shutting down");
    this.controller.abort(new Error(reason));
    for (const { name, fn } of [...this.cleanups].reverse()) {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          Promise.resolve().then(fn),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`timed out after ${this.timeoutMs} ms`)), this.timeoutMs);
          }),
        ]);
      } catch (error) {
        this.log.error(
          { cleanup: name, err: error instanceof Error ? error.message : String(error) },
          "cleanup failed",
        );
      } finally {
        clearTimeout(timer);
      }
    }
    this.log.info("stopped");
    this.log.flush?.();
  }

  /** SIGINT/SIGTERM start the shutdown; a second signal exits at once. */
  installSignalHandlers(onDone: (code: number) => void = (code) => process.exit(code)): void {
    let received = 0;
    const handler = (signal: NodeJS.Signals) => {
      received++;
      if (received > 1) onDone(130);
      void this.shutdown(signal).then(() => onDone(0));
    };
    process.on("SIGINT", handler);
    process.on("SIGTERM", handler);
  }
}
