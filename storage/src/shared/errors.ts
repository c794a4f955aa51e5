/** Errors of the storage programs: a short message plus hints that say what to do. */
export class StorageProgramError extends Error {
  override readonly name: string = "StorageProgramError";
  readonly hints: readonly string[];

  constructor(message: string, options: { hints?: readonly string[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.hints = options.hints ?? [];
  }
}

/** A config file or environment that cannot run. */
export class ConfigError extends StorageProgramError {
  override readonly name = "ConfigError";
}

/** A client manifest that is unreadable, or does not belong to this chain or market. */
export class ClientManifestError extends StorageProgramError {
  override readonly name = "ClientManifestError";
}

/** Not enough hosts on chain match the requested terms. */
export class NoHostsError extends StorageProgramError {
  override readonly name = "NoHostsError";
}

/**
 * A host asks to be paid for serving and the client cannot pay: its price is above the limit, or
 * the client's PaymentChannels deposit (plus what it may deposit) does not cover the download.
 */
export class PaymentRequiredError extends StorageProgramError {
  override readonly name = "PaymentRequiredError";
}

/** A host refused an offer; `reason` is one of the host's refusal codes. */
export class OfferRefusedError extends StorageProgramError {
  override readonly name = "OfferRefusedError";
  readonly reason: string;

  constructor(reason: string, message: string, options: { hints?: readonly string[]; cause?: unknown } = {}) {
    super(message, options);
    this.reason = reason;
  }
}

/** The message of an error with its hints, for a CLI. */
export function describeError(error: unknown): string {
  if (error instanceof StorageProgramError) {
    return [error.message, ...error.hints.map((h) => `  hint: ${h}`)].join("\n");
  }
  return error instanceof Error ? error.message : String(error);
}
