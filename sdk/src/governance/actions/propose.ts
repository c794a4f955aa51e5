import type { Hash } from "viem";

import type { ReadClient } from "../../contract.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";
import { governorAbi } from "../abi.ts";
import { encodeProposal } from "../encode.ts";
import type { GovernanceContractError, InvalidProposalError } from "../errors.ts";
import { sendContract, type WriteOptions } from "../internal.ts";
import type { EncodedProposal, GovernanceAction, GovernanceHome } from "../types.ts";

export interface ProposeParameters extends WriteOptions, GovernanceHome {
  /** The BttGovernor. */
  governor: AnyAddress;
  /** What the proposal does, on the home and on other chains. */
  actions: readonly GovernanceAction[];
  description: string;
}

export interface ProposeReturnType {
  hash: Hash;
  /** Keep it: `queue` and `execute` take the same proposal. */
  proposal: EncodedProposal;
}
export type ProposeErrorType = GovernanceContractError | InvalidProposalError | Error;

/** Creates a proposal (`Governor.propose`) from home and cross-chain actions, encoded for the caller. */
export async function propose(client: ReadClient, parameters: ProposeParameters): Promise<ProposeReturnType> {
  const proposal = encodeProposal(parameters, parameters.actions, parameters.description);
  const hash = await sendContract(client, {
    address: toEvmAddress(parameters.governor),
    abi: governorAbi,
    functionName: "propose",
    args: [proposal.targets, proposal.values, proposal.calldatas, proposal.description],
    account: parameters.account,
  });
  return { hash, proposal };
}
