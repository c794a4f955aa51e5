import type { Address, Hex } from "viem";

/** One member of a validator set: its signer key and its power (stake in whole BTT). */
export interface ValidatorSetMember {
  signer: Address;
  power: bigint;
}

/**
 * What the verifier takes (`IValidatorSet.QuorumProof`): the whole set, a bitmap of the members
 * that signed (bit i = `signers[i]`) and one 64-byte compact signature per set bit, in order.
 */
export interface QuorumProof {
  signers: Address[];
  powers: bigint[];
  signedBitmap: bigint;
  signatures: Hex;
}

/** A signature (65 bytes, `r || s || v`) and the key that made it. */
export interface SignerSignature {
  signer: Address;
  signature: Hex;
}

/** Governed parameters of the StakeManager. */
export interface StakingParams {
  epochLength: bigint;
  maxValidators: number;
  unbondingEpochs: bigint;
  jailEpochs: bigint;
  slashBps: number;
  bountyBps: number;
  minSelfStake: bigint;
  rewardPerEpoch: bigint;
  /** Seconds a committed validator set stays usable on any chain (every verifier expires its set after at most this). */
  setMaxAge: bigint;
}

export type ValidatorStatus = "none" | "active" | "exited";

/** A validator and its pool, as the StakeManager holds them. */
export interface ValidatorInfo {
  validator: Address;
  signer: Address;
  status: ValidatorStatus;
  jailed: boolean;
  /** First epoch in which `unjail` is allowed (meaningful while jailed). */
  jailedUntil: bigint;
  commissionBps: number;
  nextCommissionBps: number;
  nextCommissionEpoch: bigint;
  /** Tokens backing the bonded shares (own + delegated). */
  stake: bigint;
  shares: bigint;
  unbondingStake: bigint;
  unbondingShares: bigint;
  /** Whether it holds a seat in the next epoch's set. */
  inNextSet: boolean;
}

/** A delegator's position in one validator's pool. */
export interface DelegationInfo {
  validator: Address;
  delegator: Address;
  shares: bigint;
  /** Token value of the shares at the current exchange rate. */
  stake: bigint;
  /** Rewards claimable now (including commission for the validator's own position). */
  pendingRewards: bigint;
}

/** A pending withdrawal. */
export interface UnbondInfo {
  delegator: Address;
  unbondId: bigint;
  validator: Address;
  withdrawEpoch: bigint;
  amount: bigint;
  withdrawable: boolean;
}

/** The running epoch and its committed set. */
export interface EpochInfo {
  epoch: bigint;
  startBlock: bigint;
  /** First block at which `advanceEpoch` succeeds. */
  endBlock: bigint;
  setHash: Hex;
  totalPower: bigint;
  members: ValidatorSetMember[];
}

/** Arguments of `slashDoubleSign`, checked off-chain. */
export interface DoubleSignEvidence {
  signer: Address;
  checkpointA: import("../messages/index.ts").Checkpoint;
  signatureA: Hex;
  checkpointB: import("../messages/index.ts").Checkpoint;
  signatureB: Hex;
}
