import type { Address, Hash } from "viem";

import { stakeManagerAbi } from "../abi.ts";
import type { StakingContractError } from "../errors.ts";
import type { ReadClient } from "../../contract.ts";
import { sendContract, type WriteOptions } from "../internal.ts";

export interface RestakeParameters extends WriteOptions {
  /** The StakeManager contract. */
  stakeManager: Address;
  validator: Address;
}

export type RestakeReturnType = Hash;
export type RestakeErrorType = StakingContractError | Error;

/** Compounds the sender's rewards into more shares of the pool (`StakeManager.restake`). Returns the transaction hash. */
export async function restake(client: ReadClient, parameters: RestakeParameters): Promise<RestakeReturnType> {
  return sendContract(client, {
    address: parameters.stakeManager,
    abi: stakeManagerAbi,
    functionName: "restake",
    args: [parameters.validator],
    account: parameters.account,
  });
}
