/**
 * The SDK's write convention, as in viem. A write action `(client, parameters)` simulates, sends
 * and returns the transaction's hash (operations of several steps, such as a bridge deposit with
 * its approval, return `{ hash, ... }` once their own transactions are mined, and report each
 * step through `onProgress`). Around every write:
 *
 * - `prepareWrite(client, action, parameters)` runs the action's checks and simulation but sends
 *   nothing: it returns the request of the next transaction the action would send (for a deposit
 *   whose allowance is short, the approval), for a wallet to sign (`walletClient.writeContract(request)`)
 *   while the UI shows it pending. Each decorator has it as `prepare.<action>(parameters)`.
 * - `waitForWrite(client, { hash, abi })` waits for the receipt and returns it with the events
 *   decoded by `abi`; a reverted transaction is a `TransactionRevertedError`. Each decorator has it
 *   as `waitForWrite(hash)`, decoding with its contracts' ABIs.
 */
import {
  parseEventLogs,
  type Abi,
  type Address,
  type Hash,
  type ParseEventLogsReturnType,
  type TransactionReceipt,
} from "viem";
import { waitForTransactionReceipt } from "viem/actions";

import type { PreparedContractWrite, ReadClient } from "./contract.ts";
import { InvalidArgumentError, TransactionRevertedError } from "./errors.ts";
import { PREPARE_ONLY, PreparedWriteSignal } from "./preparing.ts";

/**
 * Runs `action` without sending anything and returns the request of the first transaction it would
 * send (simulated, addresses normalized, reverts decoded into the domain's typed errors). The
 * action's own checks run first (balances, chains, arguments), as they would before a send.
 */
export async function prepareWrite<C extends ReadClient, P>(
  client: C,
  action: (client: C, parameters: P) => Promise<unknown>,
  parameters: P,
): Promise<PreparedContractWrite> {
  const marked = { ...client, [PREPARE_ONLY]: true } as C;
  try {
    await action(marked, parameters);
  } catch (error) {
    const signal = preparedSignal(error);
    if (signal !== undefined) return signal.request as PreparedContractWrite;
    throw error;
  }
  throw new InvalidArgumentError(`${action.name || "The action"} has no transaction to send for these parameters`, {
    hints: ["Nothing needs signing: call the action itself, which returns without sending"],
  });
}

function preparedSignal(error: unknown): PreparedWriteSignal | undefined {
  for (let current = error, depth = 0; current !== undefined && depth < 16; depth++) {
    if (current instanceof PreparedWriteSignal) return current;
    current = current instanceof Error ? current.cause : undefined;
  }
  return undefined;
}

export interface WaitForWriteParameters<abi extends Abi> {
  /** The hash a write action returned (or a wallet returned for a prepared request). */
  readonly hash: Hash;
  /** The ABI whose events to decode (the domain's contract). */
  readonly abi: abi;
  /** Blocks to wait for on top of the one that includes it. Default 1. */
  readonly confirmations?: number;
  /** Milliseconds before giving up. Default viem's (180 s). */
  readonly timeout?: number;
}

export interface WaitForWriteReturnType<abi extends Abi> {
  readonly hash: Hash;
  readonly receipt: TransactionReceipt;
  /** The receipt's logs that `abi` decodes, in log order (e.g. `Staked`, `DealAccepted`). */
  readonly events: ParseEventLogsReturnType<abi, undefined, true>;
}

/** An event of a receipt, decoded (the decorators' `waitForWrite` form; `waitForWrite` itself types it by the ABI). */
export interface DecodedEvent {
  readonly eventName: string;
  readonly args: Readonly<Record<string, unknown>> | readonly unknown[];
  readonly address: Address;
  readonly logIndex: number;
}

/** What a decorator's `waitForWrite(hash)` returns: the receipt and its events decoded by the domain's ABIs. */
export interface WriteReceipt {
  readonly hash: Hash;
  readonly receipt: TransactionReceipt;
  readonly events: readonly DecodedEvent[];
}

/** Waits for a write's receipt; throws `TransactionRevertedError` if it reverted, else returns its decoded events. */
export async function waitForWrite<const abi extends Abi>(
  client: ReadClient,
  parameters: WaitForWriteParameters<abi>,
): Promise<WaitForWriteReturnType<abi>> {
  const { hash, abi } = parameters;
  const receipt = await waitForTransactionReceipt(client, {
    hash,
    ...(parameters.confirmations === undefined ? {} : { confirmations: parameters.confirmations }),
    ...(parameters.timeout === undefined ? {} : { timeout: parameters.timeout }),
  });
  if (receipt.status !== "success") {
    throw new TransactionRevertedError(`Transaction ${hash} reverted in block ${receipt.blockNumber}`, {
      details: { hash, blockNumber: receipt.blockNumber, to: receipt.to },
      hints: [
        "It passed its simulation, so the chain changed between the simulation and its inclusion: read the state again and retry",
      ],
    });
  }
  const events = parseEventLogs({ abi, logs: receipt.logs, strict: true }) as ParseEventLogsReturnType<
    abi,
    undefined,
    true
  >;
  return { hash, receipt, events };
}
