import { decodeErrorResult, parseEventLogs, type Address, type Hex, type TransactionReceipt } from "viem";

import { paymentChannelsAbi } from "../abi.ts";

export interface ParsedClaim {
  readonly payer: Address;
  readonly payee: Address;
  readonly token: Address;
  readonly cumulativeAmount: bigint;
  readonly paid: bigint;
  /** Set when the deposit was short: what the voucher was owed. */
  readonly owed?: bigint;
}
export interface SkippedClaim {
  readonly payer: Address;
  readonly payee: Address;
  /** The contract error a single claim would have reverted with. */
  readonly errorName: string;
  readonly args: readonly unknown[];
}
export interface ParsedBatch {
  readonly payee: Address;
  readonly token: Address;
  /** Vouchers that paid something, and vouchers skipped. */
  readonly claimed: bigint;
  readonly skipped: bigint;
  readonly paid: bigint;
}
export interface ParseClaimReceiptReturnType {
  /** Single claims (`claimVoucher`); a batch reports per-voucher amounts only for shortfalls. */
  readonly claimed: readonly ParsedClaim[];
  /** Batch summaries (`claimVouchers`). */
  readonly batches: readonly ParsedBatch[];
  /** Vouchers a batch skipped, with the reason. */
  readonly skipped: readonly SkippedClaim[];
  /** Everything paid to payees by this transaction. */
  readonly paid: bigint;
}

/** Reads the outcome of `claimVoucher`/`claimVouchers` from the transaction receipt. */
export function parseClaimReceipt(receipt: Pick<TransactionReceipt, "logs">): ParseClaimReceiptReturnType {
  const logs = parseEventLogs({ abi: paymentChannelsAbi, logs: receipt.logs });
  const shortfalls = new Map<string, bigint>();
  const claimed: ParsedClaim[] = [];
  const skipped: SkippedClaim[] = [];
  const batches: ParsedBatch[] = [];
  for (const log of logs) {
    if (log.eventName === "ClaimShortfall") {
      shortfalls.set(`${log.args.payer}:${log.args.payee}`.toLowerCase(), log.args.owed);
    } else if (log.eventName === "Claimed") {
      const owed = shortfalls.get(`${log.args.payer}:${log.args.payee}`.toLowerCase());
      claimed.push({ ...log.args, ...(owed === undefined ? {} : { owed }) });
    } else if (log.eventName === "BatchClaimed") {
      batches.push(log.args);
    } else if (log.eventName === "ClaimSkipped") {
      const { errorName, args } = decodeReason(log.args.reason);
      skipped.push({ payer: log.args.payer, payee: log.args.payee, errorName, args });
    }
  }
  const paid = [...claimed, ...batches].reduce((sum, c) => sum + c.paid, 0n);
  return { claimed, batches, skipped, paid };
}

function decodeReason(reason: Hex): { errorName: string; args: readonly unknown[] } {
  try {
    const decoded = decodeErrorResult({ abi: paymentChannelsAbi, data: reason });
    return { errorName: decoded.errorName, args: decoded.args ?? [] };
  } catch {
    return { errorName: "unknown", args: [reason] };
  }
}
