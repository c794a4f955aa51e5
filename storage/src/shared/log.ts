/** One JSON object per line on stdout: `{ t, level, msg, ...fields }` (bigints as strings). */
import { toJson } from "./json.ts";

export type Level = "debug" | "info" | "warn" | "error";

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function createLogger(base: Record<string, unknown> = {}): Logger {
  const write = (level: Level, msg: string, fields?: Record<string, unknown>) =>
    process.stdout.write(`${toJson({ t: new Date().toISOString(), level, msg, ...base, ...fields })}\n`);
  return {
    info: (msg, fields) => write("info", msg, fields),
    warn: (msg, fields) => write("warn", msg, fields),
    error: (msg, fields) => write("error", msg, fields),
  };
}
