import { readContract } from "viem/actions";

import type { ReadClient } from "../../contract.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";
import { governorAbi } from "../abi.ts";
import type { ProposalInfo, ProposalState } from "../types.ts";

export interface GetProposalParameters {
  governor: AnyAddress;
  proposalId: bigint;
}

export type GetProposalReturnType = ProposalInfo;

const states: readonly ProposalState[] = [
  "pending",
  "active",
  "canceled",
  "defeated",
  "succeeded",
  "queued",
  "expired",
  "executed",
];

/** A proposal's state, snapshot, deadline, eta, quorum and tally. */
export async function getProposal(
  client: ReadClient,
  parameters: GetProposalParameters,
): Promise<GetProposalReturnType> {
  const call = { address: toEvmAddress(parameters.governor), abi: governorAbi } as const;
  const args = [parameters.proposalId] as const;
  const [state, snapshot, deadline, eta, votes, clock] = await Promise.all([
    readContract(client, { ...call, functionName: "state", args }),
    readContract(client, { ...call, functionName: "proposalSnapshot", args }),
    readContract(client, { ...call, functionName: "proposalDeadline", args }),
    readContract(client, { ...call, functionName: "proposalEta", args }),
    readContract(client, { ...call, functionName: "proposalVotes", args }),
    readContract(client, { ...call, functionName: "clock" }),
  ]);
  // The quorum is read at the snapshot, which must have ended.
  const quorum =
    snapshot < BigInt(clock)
      ? await readContract(client, { ...call, functionName: "quorum", args: [snapshot] })
      : undefined;
  return {
    proposalId: parameters.proposalId,
    state: states[state] ?? "pending",
    snapshot,
    deadline,
    eta,
    quorum,
    votes: { against: votes[0], for: votes[1], abstain: votes[2] },
  };
}
