import type { DealState } from "./types.ts";

/**
 * Period arithmetic of a deal (in block numbers, as the contract): period p covers
 * [start + p * periodLength, start + (p + 1) * periodLength); its proofs are accepted in
 * [periodStart + 1, periodEnd) once the seed of its epoch is recorded; from periodEnd on it can be
 * reported missed.
 */
export function periodStart(deal: Pick<DealState, "start" | "periodLength">, period: bigint): bigint {
  return deal.start + period * deal.periodLength;
}

export function periodEnd(deal: Pick<DealState, "start" | "periodLength">, period: bigint): bigint {
  return periodStart(deal, period + 1n);
}

/** The period whose window contains `blockNumber`, or undefined before the start or after the last period. */
export function currentPeriod(deal: Pick<DealState, "start" | "periodLength" | "periods">, blockNumber: bigint): bigint | undefined {
  if (blockNumber < deal.start) return undefined;
  const p = (blockNumber - deal.start) / deal.periodLength;
  return p < deal.periods ? p : undefined;
}

/** Blocks [from, to) in which a proof of `period` is accepted. */
export function proofWindow(deal: Pick<DealState, "start" | "periodLength">, period: bigint): { from: bigint; to: bigint } {
  return { from: periodStart(deal, period) + 1n, to: periodEnd(deal, period) };
}

/** The beacon epoch whose seed challenges `period`. */
export function seedEpoch(deal: Pick<DealState, "start" | "periodLength">, period: bigint, epochLength: bigint): bigint {
  return periodStart(deal, period) / epochLength;
}
