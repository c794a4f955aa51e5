import { BaseError as ViemBaseError, ContractFunctionRevertedError } from "viem";

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

/**
 * The base of every contract revert the SDK decodes: `errorName` is the Solidity custom error
 * (e.g. `PaymentChannelsWrongGeneration`, `ERC20InsufficientBalance`), `args` its decoded values in
 * declaration order, and `cause` viem's error. Each domain's contract errors extend it.
 */
export class ContractRevertError extends BttError {
  override name = "ContractRevertError";
  readonly errorName: string;
  readonly args: readonly unknown[];

  constructor(shortMessage: string, options: BttErrorOptions & { errorName: string; args: readonly unknown[] }) {
    const { errorName, args, ...rest } = options;
    super(shortMessage, { ...rest, details: { error: errorName, args, ...rest.details } });
    this.errorName = errorName;
    this.args = args;
  }
}

/**
 * The base of a domain whose custom errors are mapped by one table (staking, governance): built from
 * the decoded error's name and values, a message and hints; `contractError` is `errorName`.
 */
export class TabledContractError extends ContractRevertError {
  override name = "TabledContractError";

  constructor(
    contractError: string,
    args: readonly unknown[],
    shortMessage: string,
    hints: readonly string[],
    cause: unknown,
  ) {
    super(shortMessage, { errorName: contractError, args, hints, cause });
  }

  /** The Solidity error name (same as `errorName`). */
  get contractError(): string {
    return this.errorName;
  }
}

/** A class of a tabled domain's errors. */
export type TabledErrorClass<E extends TabledContractError> = new (
  contractError: string,
  args: readonly unknown[],
  shortMessage: string,
  hints: readonly string[],
  cause: unknown,
) => E;

/** Contract error name -> the domain's class, message and hint. */
export type ContractErrorTable<E extends TabledContractError> = Readonly<
  Record<string, readonly [TabledErrorClass<E>, string, string]>
>;

/**
 * The decoder of a tabled domain (`sendContract`'s `revert` option): the table's class, message and
 * hint for a known error, else `Base` with "<what> reverted with <name>".
 */
export function revertFromTable<E extends TabledContractError>(
  table: ContractErrorTable<E>,
  Base: TabledErrorClass<E>,
  what: string,
): (decoded: RevertedCustomError, cause: unknown) => E {
  return ({ errorName, args }, cause) => {
    const entry = table[errorName];
    if (entry === undefined) return new Base(errorName, args, `${what} reverted with ${errorName}`, [], cause);
    const [Class, message, hint] = entry;
    return new Class(errorName, args, message, [hint], cause);
  };
}

/** A file or directory could not be read or written; `path` names it and `code` is the system's (ENOENT, EACCES, ...). */
export class FileAccessError extends BttError {
  override name = "FileAccessError";
  readonly path: string;
  readonly code: string;

  constructor(shortMessage: string, options: BttErrorOptions & { path: string; code: string }) {
    const { path, code, ...rest } = options;
    super(shortMessage, { ...rest, details: { path, code, ...rest.details } });
    this.path = path;
    this.code = code;
  }
}

const fileHints: Readonly<Record<string, string>> = {
  ENOENT: "Check the path: the file or a parent directory does not exist",
  EACCES: "Check the permissions of the file and its directory",
  EPERM: "Check the permissions of the file and its directory",
  EISDIR: "Pass a file, not a directory",
  ENOTDIR: "A component of the path is a file, not a directory",
  ENOSPC: "Free disk space and retry",
  EEXIST: "Remove the existing file or choose another path",
};

/**
 * Turns a Node file-system error (it carries `code` and `path`) into a `FileAccessError` naming
 * the path and saying what to do; returns any other error unchanged.
 */
export function toFileAccessError(error: unknown, fallbackPath?: string): unknown {
  if (!(error instanceof Error) || error instanceof BttError) return error;
  const { code, path, syscall } = error as Error & { code?: unknown; path?: unknown; syscall?: unknown };
  if (typeof code !== "string" || !/^E[A-Z]+$/.test(code)) return error;
  const where = typeof path === "string" ? path : fallbackPath;
  if (where === undefined) return error;
  const action = typeof syscall === "string" ? syscall : "access";
  return new FileAccessError(`Cannot ${action} ${where} (${code})`, {
    path: where,
    code,
    cause: error,
    hints: fileHints[code] === undefined ? [] : [fileHints[code]!],
  });
}

/** A client, manifest or message is on another chain than the one the call needs. */
export class WrongChainError extends BttError {
  override name = "WrongChainError";
}

/** There is no contract at the address on the client's chain (a wrong address or a client on the wrong chain). */
export class NoContractError extends BttError {
  override name = "NoContractError";
}

/** The sender holds fewer tokens than the action needs; checked before any approval is sent. */
export class InsufficientTokenBalanceError extends BttError {
  override name = "InsufficientTokenBalanceError";
}

/** A mined transaction reverted (its simulation had passed: the chain changed in between). */
export class TransactionRevertedError extends BttError {
  override name = "TransactionRevertedError";
}

/** A call reverted without a custom error the SDK can decode (empty revert data, or an unknown selector). */
export class UnknownRevertError extends BttError {
  override name = "UnknownRevertError";
}

/** The Solidity custom error a contract call reverted with. */
export interface RevertedCustomError {
  /** Solidity name, e.g. `PaymentChannelsWrongGeneration`. */
  readonly errorName: string;
  /** Decoded arguments, in declaration order. */
  readonly args: readonly unknown[];
}

/**
 * Finds, along a viem error's cause chain, the custom error a contract call reverted with (decoded
 * with the ABI the call used). Returns undefined for any other failure (network, gas, a revert
 * without a known custom error). Each domain maps the result onto its own error classes.
 */
export function revertedCustomError(error: unknown): RevertedCustomError | undefined {
  if (!(error instanceof ViemBaseError)) return undefined;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError) || reverted.data === undefined) return undefined;
  return { errorName: reverted.data.errorName, args: reverted.data.args ?? [] };
}
