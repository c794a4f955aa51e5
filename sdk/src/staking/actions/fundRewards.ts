import type { Hash } from "viem";

import { stakeManagerAbi } from "../abi.ts";
import type { StakingContractError } from "../errors.ts";
import type { ReadClient } from "../../contract.ts";
import { sendContract, type WriteOptions } from "../internal.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface FundRewardsParameters extends WriteOptions {
  /** The StakeManager contract. */
  stakeManager: AnyAddress;
  /** Tokens added to the reward pool (approve the StakeManager first). */
  amount: bigint;
}

export type FundRewardsReturnType = Hash;
export type FundRewardsErrorType = StakingContractError | Error;

/** Adds tokens to the reward pool (`StakeManager.fundRewards`). Returns the transaction hash. */
export async function fundRewards(
  client: ReadClient,
  parameters: FundRewardsParameters,
): Promise<FundRewardsReturnType> {
  return sendContract(client, {
    address: toEvmAddress(parameters.stakeManager),
    abi: stakeManagerAbi,
    functionName: "fundRewards",
    args: [parameters.amount],
    account: parameters.account,
  });
}
