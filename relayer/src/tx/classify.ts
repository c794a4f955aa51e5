/**
 * Send errors by cause (STYLE section 4, "retry by cause, within bounds"). Nodes word these
 * differently (geth, Erigon, Hardhat/EDR, BSC, TRON), so the cause is read from every message in
 * the error's cause chain.
 */
import { decodeRevert } from "./revert.ts";

export type SendErrorCause =
  /** The nonce is used: look up our own attempts, else re-sync the nonce. */
  | "nonceTooLow"
  /** Fees below what the node or the replaced transaction requires: bump within the cap. */
  | "underpriced"
  /** The account cannot pay: stop the duty with a clear error until it is funded. */
  | "insufficientFunds"
  /** The node has this exact transaction already: treat as sent. */
  | "alreadyKnown"
  /** The call reverts. */
  | "reverted"
  /** Timeout, connection refused, 5xx: unknown whether it arrived; re-send the same bytes later. */
  | "network"
  | "unknown";

const rules: readonly [SendErrorCause, RegExp][] = [
  ["alreadyKnown", /already known|known transaction|already imported|tx_already_exists|dup_transaction/i],
  ["nonceTooLow", /nonce too low|nonce has already been used|nonce is too low|invalid nonce|expected nonce to be/i],
  [
    "underpriced",
    /underpriced|fee too low|too low for the next block|gas price too low|max fee per gas less than block base fee|is too low to replace|feecap|replacement fee/i,
  ],
  [
    "insufficientFunds",
    /insufficient funds|doesn't have enough funds|not enough balance|balance is not sufficient|insufficient balance/i,
  ],
  ["reverted", /execution reverted|revert|vm exception|invalid opcode|out of gas|out_of_energy/i],
  [
    "network",
    /timed? ?out|took too long|econnrefused|econnreset|socket hang up|fetch failed|network|http request failed|\b50[234]\b|enotfound|ehostunreach|aborted/i,
  ],
];

export function messagesOf(error: unknown): string[] {
  const out: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    if (current instanceof Error) {
      out.push(current.message);
      const details = (current as { details?: unknown }).details;
      if (typeof details === "string") out.push(details);
      current = current.cause;
    } else {
      out.push(String(current));
      break;
    }
  }
  return out;
}

export function classifySendError(error: unknown): SendErrorCause {
  const text = messagesOf(error).join("\n");
  for (const [cause, pattern] of rules) if (pattern.test(text)) return cause;
  return "unknown";
}

/** One line for logs and the `error` column; a contract error is named (`reverted: InboxAlreadyExecuted(1, 7)`). */
export function shortError(error: unknown): string {
  const line = firstLine(error);
  const decoded = decodeRevert(error);
  return decoded === undefined || line.includes(decoded.split("(")[0]!) ? line : `${line.slice(0, 400)} [${decoded}]`;
}

function firstLine(error: unknown): string {
  // viem puts the node's own words in `details` and a generic line in `shortMessage`.
  const { details, shortMessage } = error as { details?: unknown; shortMessage?: unknown };
  const text =
    typeof details === "string" && details.length > 0
      ? details
      : typeof shortMessage === "string"
        ? shortMessage
        : (messagesOf(error)[0] ?? String(error));
  return text.split("\n")[0]?.slice(0, 500) ?? "";
}
