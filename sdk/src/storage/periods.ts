import type { Hex } from "viem";

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
export function currentPeriod(
  deal: Pick<DealState, "start" | "periodLength" | "periods">,
  blockNumber: bigint,
): bigint | undefined {
  if (blockNumber < deal.start) return undefined;
  const p = (blockNumber - deal.start) / deal.periodLength;
  return p < deal.periods ? p : undefined;
}

/** Blocks [from, to) in which a proof of `period` is accepted. */
export function proofWindow(
  deal: Pick<DealState, "start" | "periodLength">,
  period: bigint,
): { from: bigint; to: bigint } {
  return { from: periodStart(deal, period) + 1n, to: periodEnd(deal, period) };
}

/** The beacon epoch whose seed challenges `period`. */
export function seedEpoch(
  deal: Pick<DealState, "start" | "periodLength">,
  period: bigint,
  epochLength: bigint,
): bigint {
  return periodStart(deal, period) / epochLength;
}

/** Blocks for which the EVM keeps a block hash: a seed is recorded on time within this many blocks of its seed block. */
export const BLOCKHASH_WINDOW = 256n;

/**
 * Where a period stands with respect to its challenge seed (issue: a period without a seed is not a
 * free pass, its host is slashed all the same when it does not prove):
 * - `upcoming`: the seed block is not mined yet;
 * - `recorded`: the seed is on chain; the host proves against it inside the proof window;
 * - `pokeable`: not recorded yet, still recordable on time (hash of the seed block): poke it now;
 * - `late`: not recorded and its 256-block window passed while the proof window is open: the next
 *   poke (or proof) records a late seed, chosen by whoever sends it first (poke, then prove);
 * - `missed`: the proof window closed without a recorded seed: the period is reportable as missed.
 */
export type PeriodSeedState = "upcoming" | "recorded" | "pokeable" | "late" | "missed";

export interface PeriodSeedStatus {
  readonly state: PeriodSeedState;
  /** The beacon epoch whose seed challenges the period. */
  readonly epoch: bigint;
  /** Its seed block (`epoch * epochLength`, the period's first block). */
  readonly seedBlock: bigint;
  /** Last block in which a poke still records the seed on time (seed block + 256). */
  readonly pokeDeadline: bigint;
  /**
   * True when the host is exposed: no seed yet and either fewer than `margin` blocks are left to
   * record it on time, or that time has passed (late or missed). Poke the seed (`pokeSeed`) now.
   */
  readonly atRisk: boolean;
}

/**
 * Seed status of `period` at `blockNumber` (pure: pass the recorded seed, zero hash or undefined
 * when none). `margin` (blocks, default 32) is how early before the on-time deadline a period
 * counts as at risk.
 */
export function periodSeedStatus(
  deal: Pick<DealState, "start" | "periodLength">,
  period: bigint,
  parameters: {
    readonly epochLength: bigint;
    readonly blockNumber: bigint;
    readonly seed?: Hex;
    readonly margin?: bigint;
  },
): PeriodSeedStatus {
  const epoch = seedEpoch(deal, period, parameters.epochLength);
  const seedBlock = epoch * parameters.epochLength;
  const pokeDeadline = seedBlock + BLOCKHASH_WINDOW;
  const margin = parameters.margin ?? 32n;
  const recorded = parameters.seed !== undefined && BigInt(parameters.seed) !== 0n;
  const { blockNumber } = parameters;
  let state: PeriodSeedState;
  if (recorded) state = "recorded";
  else if (blockNumber <= seedBlock) state = "upcoming";
  else if (blockNumber <= pokeDeadline) state = "pokeable";
  else if (blockNumber < periodEnd(deal, period)) state = "late";
  else state = "missed";
  const atRisk =
    state === "late" || state === "missed" || (state === "pokeable" && pokeDeadline - blockNumber < margin);
  return { state, epoch, seedBlock, pokeDeadline, atRisk };
}
