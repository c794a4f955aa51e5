/**
 * Contract errors by name: a revert's data (`0x8ec76a2a...`) decoded against every custom error
 * of the BTT Network contracts, so logs, /health and the store say `InboxAlreadyExecuted(1, 7)`
 * rather than a selector.
 */
import { decodeErrorResult, type Abi, type Hex } from "viem";

import { childBridgeAbi, inboxAbi, outboxAbi, rootBridgeAbi } from "@btt-network/sdk/bridge";
import { erc20ErrorsAbi, stakeManagerAbi, validatorSetAbi } from "@btt-network/sdk/staking";
import { storageMarketAbi } from "@btt-network/sdk/storage";

const errorsAbi: Abi = [
  inboxAbi,
  outboxAbi,
  rootBridgeAbi,
  childBridgeAbi,
  validatorSetAbi,
  stakeManagerAbi,
  storageMarketAbi,
  erc20ErrorsAbi,
]
  .flat()
  .filter((item) => item.type === "error");

/** Hex strings in the error's cause chain (`data` fields and the text of messages), longest first. */
function revertData(error: unknown): Hex[] {
  const found: Hex[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    const { data, message, details, cause } = current as {
      data?: unknown;
      message?: unknown;
      details?: unknown;
      cause?: unknown;
    };
    const nested = typeof data === "object" && data !== null ? (data as { data?: unknown }).data : undefined;
    for (const value of [data, nested])
      if (typeof value === "string" && /^0x[0-9a-fA-F]{8,}$/.test(value)) found.push(value as Hex);
    for (const text of [message, details])
      if (typeof text === "string")
        for (const match of text.matchAll(/0x[0-9a-fA-F]{8,}/g)) found.push(match[0] as Hex);
    current = cause;
  }
  return found;
}

/** `Name(arg, ...)` of the first contract error found in `error`, if any. */
export function decodeRevert(error: unknown): string | undefined {
  for (const data of revertData(error)) {
    try {
      const decoded = decodeErrorResult({ abi: errorsAbi, data });
      return `${decoded.errorName}(${(decoded.args ?? []).map((arg) => String(arg)).join(", ")})`;
    } catch {
      // not one of ours (or not an error at all)
    }
  }
  return undefined;
}
