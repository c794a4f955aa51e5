import type { Address, Hash } from "viem";

import { stakeManagerAbi } from "../abi.ts";
import type { StakingContractError } from "../errors.ts";
import type { ReadClient } from "../../contract.ts";
import { sendContract, type WriteOptions } from "../internal.ts";

export interface DelegateParameters extends WriteOptions {
  /** The StakeManager contract. */
  stakeManager: Address;
  /** Validator (the account that staked). */
  validator: Address;
  /** Tokens to delegate, in wei (approve the StakeManager first). */
  amount: bigint;
}

export type DelegateReturnType = Hash;
export type DelegateErrorType = StakingContractError | Error;

/** Buys shares of a validator's pool (`StakeManager.delegate`); validators add own stake the same way. Returns the transaction hash. */
export async function delegate(client: ReadClient, parameters: DelegateParameters): Promise<DelegateReturnType> {
  return sendContract(client, {
    address: parameters.stakeManager,
    abi: stakeManagerAbi,
    functionName: "delegate",
    args: [parameters.validator, parameters.amount],
    account: parameters.account,
  });
}
