import type { Hash } from "viem";

import type { ReadClient } from "../../contract.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";
import { governorAbi } from "../abi.ts";
import type { GovernanceContractError } from "../errors.ts";
import { sendContract, type WriteOptions } from "../internal.ts";
import type { VoteSupport } from "../types.ts";

export interface CastVoteParameters extends WriteOptions {
  governor: AnyAddress;
  proposalId: bigint;
  support: VoteSupport;
  /** Shown with the vote (`VoteCast` event); omitted: `castVote`. */
  reason?: string;
}

export type CastVoteReturnType = Hash;
export type CastVoteErrorType = GovernanceContractError | Error;

const supportCode: Readonly<Record<VoteSupport, number>> = { against: 0, for: 1, abstain: 2 };

/** Votes with the caller's stake at the proposal's snapshot, once, optionally with a reason. */
export async function castVote(client: ReadClient, parameters: CastVoteParameters): Promise<CastVoteReturnType> {
  const address = toEvmAddress(parameters.governor);
  const support = supportCode[parameters.support];
  if (parameters.reason === undefined) {
    return sendContract(client, {
      address,
      abi: governorAbi,
      functionName: "castVote",
      args: [parameters.proposalId, support],
      account: parameters.account,
    });
  }
  return sendContract(client, {
    address,
    abi: governorAbi,
    functionName: "castVoteWithReason",
    args: [parameters.proposalId, support, parameters.reason],
    account: parameters.account,
  });
}
