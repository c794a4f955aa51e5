/**
 * @btt-network/sdk/governance: staked-BTT governance (DESIGN section 15). Proposals with actions
 * on the staking home and on other chains (cross-chain legs carried by the Outbox/Inbox), votes
 * with the caller's own stake at the snapshot, queue and execute through the timelock, and the
 * status of each cross-chain leg.
 */
export { governorAbi, timelockAbi, governanceReceiverAbi, stakeVotesAbi } from "./abi.ts";
export type * from "./types.ts";
export { encodeGovernancePayload, encodeProposal, hashProposal } from "./encode.ts";
export { governanceActions } from "./decorators.ts";
export { governanceAction, governanceHome } from "./route.ts";
export type { GovernanceHomeContracts, GovernanceManifests, GovernanceTarget } from "./route.ts";
export type { ReadClient } from "../contract.ts";
export type { WriteOptions } from "./internal.ts";
export * from "./errors.ts";

export * from "./actions/castVote.ts";
export * from "./actions/executeProposal.ts";
export * from "./actions/getCrossChainLegs.ts";
export * from "./actions/getProposal.ts";
export * from "./actions/getVote.ts";
export * from "./actions/propose.ts";
export * from "./actions/queueProposal.ts";
