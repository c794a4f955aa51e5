import { decodeRevert } from "../contract.ts";
import { BttError, revertFromTable, TabledContractError, type ContractErrorTable } from "../errors.ts";

/** A validator set is malformed: unsorted or duplicate signers, zero power, wrong size. */
export class InvalidValidatorSetError extends BttError {
  override name = "InvalidValidatorSetError";
}

/** The signatures collected do not reach strictly more than 2/3 of the set's power. */
export class QuorumNotReachedError extends BttError {
  override name = "QuorumNotReachedError";
}

/** A signature was made by a key outside the set, or over another message. */
export class SignerNotInSetError extends BttError {
  override name = "SignerNotInSetError";
}

/** Two checkpoints are not a double sign under DESIGN section 4. */
export class NotDoubleSignError extends BttError {
  override name = "NotDoubleSignError";
}

/** A staking contract call reverted with a custom error; `errorName` (alias `contractError`) names it, `args` its values. */
export class StakingContractError extends TabledContractError {
  override name = "StakingContractError";
}

/** Amount, shares or own stake out of range. */
export class StakeAmountError extends StakingContractError {
  override name = "StakeAmountError";
}
/** The validator is unknown, not active, jailed, or already registered. */
export class ValidatorStateError extends StakingContractError {
  override name = "ValidatorStateError";
}
/** The withdrawal's unbonding delay has not passed, or the unbond id does not exist. */
export class WithdrawNotReadyError extends StakingContractError {
  override name = "WithdrawNotReadyError";
}
/** No rewards to claim or restake. */
export class NoRewardsError extends StakingContractError {
  override name = "NoRewardsError";
}
/** The current epoch has not lasted `epochLength` blocks yet. */
export class EpochNotOverError extends StakingContractError {
  override name = "EpochNotOverError";
}
/** Double-sign evidence rejected on chain. */
export class InvalidEvidenceError extends StakingContractError {
  override name = "InvalidEvidenceError";
}
/** The verifier rejected the signatures or the set. */
export class QuorumRejectedError extends StakingContractError {
  override name = "QuorumRejectedError";
}
/** A message names another chain, contract or epoch than the verifier's. */
export class WrongDestinationError extends StakingContractError {
  override name = "WrongDestinationError";
}
/** Only governance (the owner) may do this. */
export class NotGovernanceError extends StakingContractError {
  override name = "NotGovernanceError";
}
/** Set membership change refused (`claimSlot`). */
export class SlotError extends StakingContractError {
  override name = "SlotError";
}

/** Contract error name -> SDK class, message and hint. One table for the staking domain. */
export const stakingErrorTable: ContractErrorTable<StakingContractError> = {
  StakeManagerZeroAmount: [StakeAmountError, "Amount must be positive", "Pass an amount above zero"],
  StakeManagerZeroShares: [StakeAmountError, "The amount is worth zero shares or tokens", "Use a larger amount"],
  StakeManagerBelowMinSelfStake: [
    StakeAmountError,
    "A validator's own stake would fall below the minimum",
    "Keep at least minSelfStake, or unbond all own shares to exit",
  ],
  StakeManagerInsufficientShares: [
    StakeAmountError,
    "Not enough shares in this pool",
    "Read the delegation with getDelegation and unbond at most its shares",
  ],
  ERC20InsufficientAllowance: [
    StakeAmountError,
    "The StakeManager may not pull that many tokens",
    "Approve the StakeManager for the amount first",
  ],
  ERC20InsufficientBalance: [StakeAmountError, "Not enough tokens in the sender's balance", "Check the token balance"],
  StakeManagerUnknownValidator: [
    ValidatorStateError,
    "No validator at this address",
    "Check the validator address (the account that staked, not its signer)",
  ],
  StakeManagerValidatorNotActive: [
    ValidatorStateError,
    "The validator is jailed or exited",
    "Delegate to an active validator, or wait until it is unjailed",
  ],
  StakeManagerAlreadyValidator: [
    ValidatorStateError,
    "This account is already a validator",
    "Add stake with delegate to your own address",
  ],
  StakeManagerInvalidSigner: [
    ValidatorStateError,
    "The signer key must not be the zero address",
    "Pass the address of the validator's signing key",
  ],
  StakeManagerSignerTaken: [
    ValidatorStateError,
    "This signer key belongs to another validator",
    "Use a fresh key: a key can serve one validator only, for ever",
  ],
  StakeManagerInvalidCommission: [
    ValidatorStateError,
    "Commission must be at most 10000 basis points",
    "Pass a commission in basis points (100 = 1%)",
  ],
  StakeManagerNotJailed: [ValidatorStateError, "The validator is not jailed", "Nothing to do"],
  StakeManagerStillJailed: [
    ValidatorStateError,
    "The jail term is not over",
    "Wait until the epoch reaches jailedUntil",
  ],
  StakeManagerUnknownUnbond: [
    WithdrawNotReadyError,
    "No pending withdrawal with this id",
    "List withdrawals with getUnbond; each id pays out once",
  ],
  StakeManagerEarlyWithdraw: [
    WithdrawNotReadyError,
    "The unbonding delay has not passed",
    "Wait until the epoch reaches withdrawEpoch",
  ],
  StakeManagerNothingToClaim: [
    NoRewardsError,
    "No rewards to claim in this pool",
    "Rewards accrue at each epoch boundary",
  ],
  StakeManagerEpochNotOver: [EpochNotOverError, "The epoch is not over yet", "Wait until block endBlock"],
  StakeManagerNotDoubleSign: [
    InvalidEvidenceError,
    "The checkpoints do not conflict",
    "Both must share sourceChainId, destChainId, destContract, startBlock and endBlock and differ in content",
  ],
  StakeManagerSignersDiffer: [
    InvalidEvidenceError,
    "The two signatures come from different keys",
    "Double-sign evidence needs two signatures by one key",
  ],
  StakeManagerUnknownSigner: [InvalidEvidenceError, "The key never belonged to a validator", "Check the signatures"],
  StakeManagerEvidenceUsed: [InvalidEvidenceError, "This equivocation was already punished", "Nothing to do"],
  StakeManagerValidatorJailed: [
    InvalidEvidenceError,
    "The validator is jailed: one slash per jail term",
    "Nothing to do; report a later offence after it is unjailed",
  ],
  StakeManagerKeyNotActive: [
    InvalidEvidenceError,
    "The key was not the validator's key in that epoch, or the epoch has not begun",
    "Only checkpoints of epochs in the key's term (keyTerm) count",
  ],
  StakeManagerEvidenceExpired: [
    InvalidEvidenceError,
    "The evidence is older than the unbonding delay",
    "Report double signs within unbondingEpochs of their epoch",
  ],
  StakeManagerOffenceAlreadyPunished: [
    InvalidEvidenceError,
    "The validator's last slash covered offences up to that epoch",
    "Nothing to do",
  ],
  MessagesInvalidSignature: [
    InvalidEvidenceError,
    "A signature is malformed or has a high s",
    "Pass 65-byte low-s signatures as signTypedData returns them",
  ],
  StakeManagerNotMember: [
    SlotError,
    "The displaced validator holds no seat",
    "Pick a member of the next set (getMembers)",
  ],
  StakeManagerAlreadyMember: [SlotError, "The validator already holds a seat", "Nothing to do"],
  StakeManagerStakeNotHigher: [
    SlotError,
    "The validator's stake does not exceed the displaced member's",
    "Displace the weakest member (findWeakestMember)",
  ],
  StakeManagerParamOutOfRange: [
    NotGovernanceError,
    "A staking parameter is outside its safe range",
    "Pick a value in [min, max] (contracts/staking/README.md lists each range)",
  ],
  OwnableUnauthorizedAccount: [
    NotGovernanceError,
    "Only governance may do this",
    "Send it from the owner (the timelock)",
  ],
  ValidatorSetNoQuorum: [QuorumRejectedError, "The signers hold 2/3 of the power or less", "Collect more signatures"],
  ValidatorSetHashMismatch: [
    QuorumRejectedError,
    "The set passed is not the verifier's current set",
    "Read the current set from the last ValidatorSetUpdated event on that chain",
  ],
  ValidatorSetWrongSigner: [
    QuorumRejectedError,
    "A signature does not come from the member it is filed under",
    "Build the proof with buildQuorumProof",
  ],
  ValidatorSetInvalidSignature: [
    QuorumRejectedError,
    "A signature is malformed or has a high s",
    "Build the proof with buildQuorumProof",
  ],
  ValidatorSetBitmapOutOfRange: [
    QuorumRejectedError,
    "The bitmap names members beyond the set",
    "Build the proof with buildQuorumProof",
  ],
  ValidatorSetSignaturesLength: [
    QuorumRejectedError,
    "Signatures must be 64 bytes per signing member",
    "Build the proof with buildQuorumProof",
  ],
  ValidatorSetLengthMismatch: [
    QuorumRejectedError,
    "Signers and powers differ in length",
    "Build the proof with buildQuorumProof",
  ],
  ValidatorSetUnsortedSigners: [
    QuorumRejectedError,
    "Signers must be strictly ascending",
    "Sort with sortValidatorSet",
  ],
  ValidatorSetInvalidPower: [QuorumRejectedError, "A power is zero or too large", "Powers are in [1, 2^96)"],
  ValidatorSetInvalidSize: [QuorumRejectedError, "A set has 1 to 256 members", "Check the set"],
  ValidatorSetNewSetMismatch: [
    QuorumRejectedError,
    "The new set does not hash to the rotation's newSetHash",
    "Pass the same members that were signed",
  ],
  ValidatorSetTotalPowerMismatch: [
    QuorumRejectedError,
    "The new set's powers do not sum to newTotalPower",
    "Pass the same members that were signed",
  ],
  ValidatorSetWrongChain: [
    WrongDestinationError,
    "The message is addressed to another chain",
    "Sign a message naming this chain's id",
  ],
  ValidatorSetWrongContract: [
    WrongDestinationError,
    "The message is addressed to another contract",
    "Sign a message naming this contract",
  ],
  ValidatorSetWrongEpoch: [
    WrongDestinationError,
    "The message names another epoch than the verifier's",
    "Read epoch() on the verifying chain; a rotation applies once",
  ],
  ValidatorSetEpochNotAfter: [
    WrongDestinationError,
    "The new epoch is not after the current one",
    "The verifier is already up to date",
  ],
  ValidatorSetNoStakeManager: [
    WrongDestinationError,
    "This verifier is not on the staking home chain",
    "Relay a signed rotation instead",
  ],
  ValidatorSetExpired: [
    QuorumRejectedError,
    "The verifier's set is older than its maximum age",
    "On the staking home advance the epoch and sync; elsewhere the chain needed a rotation before expiresAt (redeploy its verifier from the home's set)",
  ],
  ValidatorSetInvalidMaxAge: [
    NotGovernanceError,
    "The verifier's set age is out of range",
    "Deploy with maxAge in [3600, 2592000] (0 on the staking home)",
  ],
};

/** The staking class for a decoded custom error (`sendContract`'s decoder for this domain). */
export const stakingRevert = revertFromTable(stakingErrorTable, StakingContractError, "Staking call");

/** Turns a viem contract error into the staking class for its custom error; returns any other error unchanged. */
export function toStakingError(error: unknown): unknown {
  return decodeRevert(error, stakingRevert);
}
