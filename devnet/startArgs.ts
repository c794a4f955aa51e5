/**
 * The options of `npm start` (devnet/demo.ts): `--keep`, `--postgres`, `--executors N` (or
 * `--executors=N`, only with `--postgres`). A bad argument is a `UsageError` saying what is wrong
 * and how the command is used (demo.ts prints it and exits 2).
 */
import { DEFAULT_EXECUTORS, MAX_EXECUTORS } from "./relayers.ts";

export class UsageError extends Error {
  override name = "UsageError";
}

export interface StartArgs {
  /** Keep the devnet and its relayers running after the story, until Ctrl-C. */
  readonly keep: boolean;
  /** The relayers' stores on a throwaway PostgreSQL server instead of SQLite files. */
  readonly postgres: boolean;
  /** Processes of the executor role (PostgreSQL only); undefined: `DEFAULT_EXECUTORS`. */
  readonly executors: number | undefined;
}

export const usage = `Usage: npm start [-- [--keep] [--postgres [--executors N]]] (N: 1 to ${MAX_EXECUTORS}, default ${DEFAULT_EXECUTORS})`;

export function parseStartArgs(args: readonly string[]): StartArgs {
  let keep = false;
  let postgres = false;
  let executors: number | undefined;
  const unknown: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--keep") keep = true;
    else if (arg === "--postgres") postgres = true;
    else if (arg === "--executors" || arg.startsWith("--executors=")) {
      const value = arg === "--executors" ? args[++i] : arg.slice("--executors=".length);
      executors = /^\d+$/.test(value ?? "") ? Number(value) : NaN;
      if (!(executors >= 1 && executors <= MAX_EXECUTORS))
        throw new UsageError(
          `--executors ${value ?? "(missing)"}: a whole number from 1 to ${MAX_EXECUTORS}. ${usage}`,
        );
    } else unknown.push(arg);
  }
  if (unknown.length > 0) throw new UsageError(`Unknown argument(s) ${unknown.join(" ")}. ${usage}`);
  if (executors !== undefined && !postgres)
    throw new UsageError(`--executors needs --postgres: on SQLite each relayer is one process. ${usage}`);
  return { keep, postgres, executors };
}
