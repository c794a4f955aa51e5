import type { Hash } from "viem";

import type { ReadClient } from "../../contract.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";
import { governorAbi } from "../abi.ts";
import type { GovernanceContractError } from "../errors.ts";
import { sendContract, type WriteOptions } from "../internal.ts";
import type { EncodedProposal } from "../types.ts";

export interface QueueProposalParameters extends WriteOptions {
  governor: AnyAddress;
  /** The proposal as `propose` returned it. */
  proposal: EncodedProposal;
}

export type QueueProposalReturnType = Hash;
export type QueueProposalErrorType = GovernanceContractError | Error;

/** Queues a succeeded proposal in the timelock (`Governor.queue`); it can execute from its eta on. */
export async function queueProposal(
  client: ReadClient,
  parameters: QueueProposalParameters,
): Promise<QueueProposalReturnType> {
  const { targets, values, calldatas, descriptionHash } = parameters.proposal;
  return sendContract(client, {
    address: toEvmAddress(parameters.governor),
    abi: governorAbi,
    functionName: "queue",
    args: [targets, values, calldatas, descriptionHash],
    account: parameters.account,
  });
}
