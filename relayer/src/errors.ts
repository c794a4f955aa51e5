/**
 * Relayer errors. Every one extends the SDK's `BttError` (short message, hints saying what to do,
 * details with the offending values, cause), so the CLI prints them the same way as SDK errors.
 */
import { BttError } from "@btt-network/sdk";

/** The configuration file, the environment or a key is wrong; the relayer refuses to start. */
export class ConfigError extends BttError {
  override name = "ConfigError";
}

/** A configured chain does not answer, or answers with something other than what the config says. */
export class ChainCheckError extends BttError {
  override name = "ChainCheckError";
}

/** A transaction cannot be sent for a reason that retrying will not fix (e.g. no funds). */
export class SendHaltedError extends BttError {
  override name = "SendHaltedError";
}

/** The store is not usable (schema from a newer relayer, corrupt file, ...). */
export class StoreError extends BttError {
  override name = "StoreError";
}

/** The HTTP port cannot be bound (taken, not allowed): the relayer refuses to start. */
export class HttpBindError extends BttError {
  override name = "HttpBindError";
}

/** Another relayer process runs on the same store (one daemon per SQLite file). */
export class StoreLockedError extends StoreError {
  override name = "StoreLockedError";
}

/**
 * A lease this process held (an account's nonces, a duty's log scanning: `Store.acquireLease`) was
 * taken over by another process, or expired: the write that needed it is refused (fencing by the
 * lease's generation). Nothing is lost: the new holder carries on from the store.
 */
export class LeaseLostError extends StoreError {
  override name = "LeaseLostError";
}

/**
 * A remote signer (keys.<name>.remote) did not give a usable signature: it did not answer in time
 * (`timeout`), could not be reached (`unreachable`), answered with an error status (`status`), with
 * something that is not a 65-byte signature (`malformed`), with a signature of another key
 * (`wrong-key`) or a malleable high-s one (`high-s`). Nothing it answered is stored or returned.
 */
export class RemoteSignerError extends BttError {
  override name = "RemoteSignerError";
  readonly reason: "timeout" | "unreachable" | "status" | "malformed" | "wrong-key" | "high-s";
  constructor(
    reason: RemoteSignerError["reason"],
    message: string,
    options?: ConstructorParameters<typeof BttError>[1],
  ) {
    super(message, options);
    this.reason = reason;
  }
}

export { BttError };
