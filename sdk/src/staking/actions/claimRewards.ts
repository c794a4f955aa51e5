import type { Hash } from "viem";

import { stakeManagerAbi } from "../abi.ts";
import type { StakingContractError } from "../errors.ts";
import type { ReadClient } from "../../contract.ts";
import { sendContract, type WriteOptions } from "../internal.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface ClaimRewardsParameters extends WriteOptions {
  /** The StakeManager contract. */
  stakeManager: AnyAddress;
  validator: AnyAddress;
}

export type ClaimRewardsReturnType = Hash;
export type ClaimRewardsErrorType = StakingContractError | Error;

/** Pays out the sender's rewards (and commission, for the validator) from one pool (`StakeManager.claimRewards`). Returns the transaction hash. */
export async function claimRewards(
  client: ReadClient,
  parameters: ClaimRewardsParameters,
): Promise<ClaimRewardsReturnType> {
  return sendContract(client, {
    address: toEvmAddress(parameters.stakeManager),
    abi: stakeManagerAbi,
    functionName: "claimRewards",
    args: [toEvmAddress(parameters.validator)],
    account: parameters.account,
  });
}
