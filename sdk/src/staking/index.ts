/**
 * @btt-network/sdk/staking: validators, delegation, rewards and epochs on the staking home chain;
 * validator-set hashing, signing, quorum proofs and rotations for the verifier on every chain;
 * double-sign evidence.
 */
export { stakeManagerAbi, validatorSetAbi } from "./abi.ts";
export { erc20ErrorsAbi } from "../token/abi.ts";
export type * from "./types.ts";
export {
  MAX_SET_SIZE,
  assertValidatorSet,
  buildQuorumProof,
  hashValidatorSet,
  hasQuorum,
  membersOf,
  sortValidatorSet,
  toCompactSignature,
} from "./set.ts";
export type { BuildQuorumProofParameters } from "./set.ts";
export { buildRotation, signAll, signCheckpoint, signRotation } from "./sign.ts";
export type { BuildRotationParameters, ValidatorSigner } from "./sign.ts";
export { buildDoubleSignEvidence, isDoubleSign } from "./evidence.ts";
export { stakingActions, validatorSetActions } from "./decorators.ts";
export type { ReadClient, SigningClient } from "../contract.ts";
export type { WriteOptions } from "./internal.ts";
export * from "./errors.ts";

export * from "./actions/advanceEpoch.ts";
export * from "./actions/approveStaking.ts";
export * from "./actions/claimRewards.ts";
export * from "./actions/claimSlot.ts";
export * from "./actions/delegate.ts";
export * from "./actions/findWeakestMember.ts";
export * from "./actions/fundRewards.ts";
export * from "./actions/getDelegation.ts";
export * from "./actions/getEpoch.ts";
export * from "./actions/getParams.ts";
export * from "./actions/getUnbond.ts";
export * from "./actions/getValidator.ts";
export * from "./actions/getVerifierState.ts";
export * from "./actions/reportDoubleSign.ts";
export * from "./actions/restake.ts";
export * from "./actions/rotateValidatorSet.ts";
export * from "./actions/setCommission.ts";
export * from "./actions/setSigner.ts";
export * from "./actions/stake.ts";
export * from "./actions/syncValidatorSet.ts";
export * from "./actions/unbond.ts";
export * from "./actions/unjail.ts";
export * from "./actions/verifyQuorum.ts";
export * from "./actions/withdrawUnbonded.ts";
