import { readContract } from "viem/actions";

import type { ReadClient } from "../../contract.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";
import { governorAbi } from "../abi.ts";

export interface GetVoteParameters {
  governor: AnyAddress;
  proposalId: bigint;
  voter: AnyAddress;
}

export interface GetVoteReturnType {
  /** Whether `voter` has voted on the proposal. */
  hasVoted: boolean;
  /** Its power at the proposal's snapshot (its own stake then); counted once when it votes. */
  power: bigint;
}

/** Whether an account voted on a proposal, and the power it has (or had) for it. */
export async function getVote(client: ReadClient, parameters: GetVoteParameters): Promise<GetVoteReturnType> {
  const call = { address: toEvmAddress(parameters.governor), abi: governorAbi } as const;
  const voter = toEvmAddress(parameters.voter);
  const [hasVoted, snapshot] = await Promise.all([
    readContract(client, { ...call, functionName: "hasVoted", args: [parameters.proposalId, voter] }),
    readContract(client, { ...call, functionName: "proposalSnapshot", args: [parameters.proposalId] }),
  ]);
  const power = await readContract(client, { ...call, functionName: "getVotes", args: [voter, snapshot] });
  return { hasVoted, power };
}
