import type { Address, Hex } from "viem";

import type { AnyAddress } from "../tron/address.ts";

/** Life cycle of a deal, as the contract's `DealStatus`. */
export const DealStatus = { None: 0, Active: 1, Completed: 2, Terminated: 3, Cancelled: 4 } as const;
export type DealStatus = (typeof DealStatus)[keyof typeof DealStatus];
export const dealStatusNames = ["None", "Active", "Completed", "Terminated", "Cancelled"] as const;

/** Why the contract skipped a proof in a batch, indexed by the contract's `ProofFailure`. */
export const proofFailureNames = [
  "None",
  "UnknownDeal",
  "NotActive",
  "OutsideWindow",
  "AlreadySettled",
  "NoSeed",
  "Malformed",
  "BadProof",
  "Backlog",
  "Terminated",
] as const;
export type ProofFailureName = (typeof proofFailureNames)[number];

/** On-chain state of a deal (`StorageMarket.getDeal`). Block numbers and amounts are bigints. */
export interface DealState {
  readonly root: Hex;
  readonly host: Address;
  readonly client: Address;
  readonly start: bigint;
  readonly periodLength: bigint;
  readonly challenges: number;
  readonly misses: number;
  readonly status: DealStatus;
  readonly size: bigint;
  readonly depth: number;
  readonly periods: bigint;
  readonly cursor: bigint;
  readonly pricePerPeriod: bigint;
  readonly collateral: bigint;
}

/** The proof of one period of one deal, as `submitProofs` takes it: per challenge, segment then siblings. */
export interface PeriodProof {
  readonly id: Hex;
  readonly period: bigint;
  readonly data: readonly Hex[];
}

/** A host's registry entry. */
export interface HostInfo {
  readonly earned: bigint;
  readonly used: bigint;
  readonly capacity: bigint;
  readonly pricePerGiBPerPeriod: bigint;
  readonly collateralPerGiB: bigint;
  readonly endpoint: string;
}

/** A call naming one deal of a market (`cancelDeal`, `reportMissed`). */
export interface DealCallParameters {
  readonly market: AnyAddress;
  readonly id: Hex;
}
