import type { Address, Hash } from "viem";

import { stakeManagerAbi } from "../abi.ts";
import type { StakingContractError } from "../errors.ts";
import type { ReadClient } from "../../contract.ts";
import { sendContract, type WriteOptions } from "../internal.ts";

export interface WithdrawParameters extends WriteOptions {
  /** The StakeManager contract. */
  stakeManager: Address;
  unbondId: bigint;
}

export type WithdrawReturnType = Hash;
export type WithdrawErrorType = StakingContractError | Error;

/** Pays out a pending withdrawal once its epoch is reached (`StakeManager.withdraw`). Returns the transaction hash. */
export async function withdraw(client: ReadClient, parameters: WithdrawParameters): Promise<WithdrawReturnType> {
  return sendContract(client, {
    address: parameters.stakeManager,
    abi: stakeManagerAbi,
    functionName: "withdraw",
    args: [parameters.unbondId],
    account: parameters.account,
  });
}
