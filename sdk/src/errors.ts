/**
 * The one base class of every error the SDK throws. Like viem's `BaseError`, it carries a short
 * message, hint lines that say what to do, and the underlying cause.
 */
export interface BttErrorOptions {
  /** Lines telling the caller what to do about it. */
  readonly hints?: readonly string[];
  /** Structured details (offending values); included in the message. */
  readonly details?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

export class BttError extends Error {
  override name = "BttError";
  readonly shortMessage: string;
  readonly hints: readonly string[];
  readonly details: Readonly<Record<string, unknown>>;

  constructor(shortMessage: string, options: BttErrorOptions = {}) {
    const details = options.details ?? {};
    const hints = options.hints ?? [];
    const lines = [shortMessage];
    const detailText = Object.entries(details)
      .map(([key, value]) => `${key}: ${formatValue(value)}`)
      .join(", ");
    if (detailText) lines.push(`Details: ${detailText}`);
    for (const hint of hints) lines.push(`Hint: ${hint}`);
    super(lines.join("\n"), options.cause === undefined ? undefined : { cause: options.cause });
    this.shortMessage = shortMessage;
    this.hints = hints;
    this.details = details;
  }

  /** Walks the cause chain and returns the first error matching `predicate`, or the deepest one. */
  walk(predicate?: (error: unknown) => boolean): unknown {
    let current: unknown = this;
    for (;;) {
      if (predicate?.(current)) return current;
      const next = current instanceof Error ? current.cause : undefined;
      if (next === undefined) return predicate ? undefined : current;
      current = next;
    }
  }
}

function formatValue(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  } catch {
    return String(value);
  }
}

/** An argument had the wrong type, length or range. */
export class InvalidArgumentError extends BttError {
  override name = "InvalidArgumentError";
}
