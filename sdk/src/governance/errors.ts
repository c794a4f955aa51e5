import { decodeRevert } from "../contract.ts";
import { BttError, revertFromTable, TabledContractError, type ContractErrorTable } from "../errors.ts";

/** A governance contract call reverted with a custom error; `errorName` names it, `args` its values. */
export class GovernanceContractError extends TabledContractError {
  override name = "GovernanceContractError";
}

/** The proposal is not in a state that allows this (voting not open, not succeeded, not queued...). */
export class ProposalStateError extends GovernanceContractError {
  override name = "ProposalStateError";
}
/** Not enough stake: below the proposal threshold. */
export class VotingPowerError extends GovernanceContractError {
  override name = "VotingPowerError";
}
/** This account already voted on the proposal. */
export class AlreadyVotedError extends GovernanceContractError {
  override name = "AlreadyVotedError";
}
/** The timelock delay has not passed, or the operation is not queued. */
export class TimelockNotReadyError extends GovernanceContractError {
  override name = "TimelockNotReadyError";
}
/** A governance setting outside its safe range. */
export class GovernanceSettingError extends GovernanceContractError {
  override name = "GovernanceSettingError";
}
/** An action failed when it ran, or the caller may not do this. */
export class GovernanceActionError extends GovernanceContractError {
  override name = "GovernanceActionError";
}

/** A proposal cannot be encoded as given (no action, a remote action without the Outbox...). */
export class InvalidProposalError extends BttError {
  override name = "InvalidProposalError";
}
/** An action names a chain none of the manifests given is for. */
export class UnknownGovernanceChainError extends InvalidProposalError {
  override name = "UnknownGovernanceChainError";
}
/** A manifest the action needs has no GovernanceReceiver (or no Outbox to send a hop on, no home governance). */
export class MissingGovernanceContractError extends InvalidProposalError {
  override name = "MissingGovernanceContractError";
}
/** No path from the home to the action's chain among the manifests (two root chains, no BTTC manifest). */
export class NoGovernanceRouteError extends InvalidProposalError {
  override name = "NoGovernanceRouteError";
}

/** Contract error name -> SDK class, message and hint. One table for the governance domain. */
export const governanceErrorTable: ContractErrorTable<GovernanceContractError> = {
  GovernorUnexpectedProposalState: [
    ProposalStateError,
    "The proposal is not in a state that allows this",
    "Read getProposal: vote while active, queue once succeeded, execute once queued and the delay has passed",
  ],
  GovernorNonexistentProposal: [
    ProposalStateError,
    "No such proposal",
    "Encode the same targets, values, calldatas and description as when proposing",
  ],
  GovernorNotQueuedProposal: [ProposalStateError, "The proposal is not queued", "Queue it first"],
  GovernorAlreadyQueuedProposal: [ProposalStateError, "The proposal is already queued", "Execute it after the delay"],
  GovernorInsufficientProposerVotes: [
    VotingPowerError,
    "The proposer's stake is below the proposal threshold",
    "Stake or delegate more BTT (power counts from the next block)",
  ],
  GovernorAlreadyCastVote: [AlreadyVotedError, "This account already voted on this proposal", "One vote per account"],
  GovernorInvalidVoteType: [ProposalStateError, "Unknown vote type", "Vote against, for or abstain"],
  GovernorInvalidProposalLength: [
    ProposalStateError,
    "Targets, values and calldatas differ in length, or are empty",
    "Build the proposal with encodeProposal",
  ],
  GovernorOnlyExecutor: [
    GovernanceActionError,
    "Only governance may change the Governor",
    "Make it an action of a proposal",
  ],
  TimelockUnexpectedOperationState: [
    TimelockNotReadyError,
    "The timelock operation is not ready",
    "Wait until the proposal's eta (getProposal) before executing",
  ],
  TimelockUnexecutedPredecessor: [TimelockNotReadyError, "A predecessor operation has not run", "Execute it first"],
  TimelockUnauthorizedCaller: [GovernanceActionError, "Only the timelock may do this", "Make it an action"],
  BttGovernorSettingOutOfRange: [
    GovernanceSettingError,
    "A governance setting is outside its safe range",
    "Pick a value in [min, max] (contracts/governance/README.md lists each range)",
  ],
  GovernanceReceiverCallFailed: [
    GovernanceActionError,
    "A call of the action reverted",
    "Decode `reason` against the target's ABI; the whole action was undone",
  ],
  GovernanceReceiverUnauthorized: [
    GovernanceActionError,
    "Only the home timelock may run actions",
    "Propose the action; the receiver refuses anyone else",
  ],
  FailedCall: [GovernanceActionError, "A call of the proposal reverted", "Simulate each action's call alone"],
};

/** The governance class for a decoded custom error (`sendContract`'s decoder for this domain). */
export const governanceRevert = revertFromTable(governanceErrorTable, GovernanceContractError, "Governance call");

/** Turns a viem contract error into the governance class for its custom error; returns any other error unchanged. */
export function toGovernanceError(error: unknown): unknown {
  return decodeRevert(error, governanceRevert);
}
