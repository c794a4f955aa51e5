import { erc20Abi, type Address, type Hash } from "viem";

import type { StakingContractError } from "../errors.ts";
import type { ReadClient } from "../../contract.ts";
import { sendContract, type WriteOptions } from "../internal.ts";

export interface ApproveStakingParameters extends WriteOptions {
  /** The staked token (BTT). */
  token: Address;
  /** The StakeManager that will pull the tokens. */
  stakeManager: Address;
  /** Allowance to grant, in token wei. */
  amount: bigint;
}

export type ApproveStakingReturnType = Hash;
export type ApproveStakingErrorType = StakingContractError | Error;

/** Lets the StakeManager pull `amount` tokens (before stake, delegate or fundRewards). Returns the transaction hash. */
export async function approveStaking(
  client: ReadClient,
  parameters: ApproveStakingParameters,
): Promise<ApproveStakingReturnType> {
  return sendContract(client, {
    address: parameters.token,
    abi: erc20Abi,
    functionName: "approve",
    args: [parameters.stakeManager, parameters.amount],
    account: parameters.account,
  });
}
