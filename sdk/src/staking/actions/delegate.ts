import type { Hash } from "viem";

import { stakeManagerAbi } from "../abi.ts";
import type { StakingContractError } from "../errors.ts";
import type { ReadClient } from "../../contract.ts";
import { sendContract, type WriteOptions } from "../internal.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface DelegateParameters extends WriteOptions {
  /** The StakeManager contract. */
  stakeManager: AnyAddress;
  /** Validator (the account that staked). */
  validator: AnyAddress;
  /** Tokens to delegate, in wei (approve the StakeManager first). */
  amount: bigint;
}

export type DelegateReturnType = Hash;
export type DelegateErrorType = StakingContractError | Error;

/** Buys shares of a validator's pool (`StakeManager.delegate`); validators add own stake the same way. Returns the transaction hash. */
export async function delegate(client: ReadClient, parameters: DelegateParameters): Promise<DelegateReturnType> {
  return sendContract(client, {
    address: toEvmAddress(parameters.stakeManager),
    abi: stakeManagerAbi,
    functionName: "delegate",
    args: [toEvmAddress(parameters.validator), parameters.amount],
    account: parameters.account,
  });
}
