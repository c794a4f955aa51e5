/**
 * Structured logs (pino, JSON lines on stdout by default). Components take a `Logger` and bind
 * their context with `child({ duty, chain, id })`. Secrets never reach a log call, and pino's
 * redaction is a second line of defence for fields with secret names.
 */
import { pino, type DestinationStream, type Logger as PinoLogger } from "pino";

export type Logger = PinoLogger;

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: "btt-relayer" },
    redact: {
      paths: ["privateKey", "*.privateKey", "authToken", "*.authToken", "password", "*.password"],
      censor: "[redacted]",
    },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
