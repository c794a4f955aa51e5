import { erc20Abi, type Hash } from "viem";

import type { StakingContractError } from "../errors.ts";
import type { ReadClient } from "../../contract.ts";
import { sendContract, type WriteOptions } from "../internal.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface ApproveStakingParameters extends WriteOptions {
  /** The staked token (BTT). */
  token: AnyAddress;
  /** The StakeManager that will pull the tokens. */
  stakeManager: AnyAddress;
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
    address: toEvmAddress(parameters.token),
    abi: erc20Abi,
    functionName: "approve",
    args: [toEvmAddress(parameters.stakeManager), parameters.amount],
    account: parameters.account,
  });
}
