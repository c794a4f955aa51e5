import type { Address, Hash } from "viem";

import { stakeManagerAbi } from "../abi.ts";
import type { StakingContractError } from "../errors.ts";
import type { ReadClient } from "../../contract.ts";
import { sendContract, type WriteOptions } from "../internal.ts";

export interface ClaimRewardsParameters extends WriteOptions {
  /** The StakeManager contract. */
  stakeManager: Address;
  validator: Address;
}

export type ClaimRewardsReturnType = Hash;
export type ClaimRewardsErrorType = StakingContractError | Error;

/** Pays out the sender's rewards (and commission, for the validator) from one pool (`StakeManager.claimRewards`). Returns the transaction hash. */
export async function claimRewards(client: ReadClient, parameters: ClaimRewardsParameters): Promise<ClaimRewardsReturnType> {
  return sendContract(client, {
    address: parameters.stakeManager,
    abi: stakeManagerAbi,
    functionName: "claimRewards",
    args: [parameters.validator],
    account: parameters.account,
  });
}
