import type { Hash } from "viem";

import type { ReadClient } from "../../contract.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";
import { governorAbi } from "../abi.ts";
import type { GovernanceContractError } from "../errors.ts";
import { sendContract, type WriteOptions } from "../internal.ts";
import type { EncodedProposal } from "../types.ts";

export interface ExecuteProposalParameters extends WriteOptions {
  governor: AnyAddress;
  /** The proposal as `propose` returned it. */
  proposal: EncodedProposal;
}

export type ExecuteProposalReturnType = Hash;
export type ExecuteProposalErrorType = GovernanceContractError | Error;

/** Runs a queued proposal once its timelock delay has passed (`Governor.execute`); its cross-chain legs are sent as Outbox messages. */
export async function executeProposal(
  client: ReadClient,
  parameters: ExecuteProposalParameters,
): Promise<ExecuteProposalReturnType> {
  const { targets, values, calldatas, descriptionHash } = parameters.proposal;
  return sendContract(client, {
    address: toEvmAddress(parameters.governor),
    abi: governorAbi,
    functionName: "execute",
    args: [targets, values, calldatas, descriptionHash],
    account: parameters.account,
  });
}
