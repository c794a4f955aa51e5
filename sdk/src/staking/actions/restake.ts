import type { Hash } from "viem";

import { stakeManagerAbi } from "../abi.ts";
import type { StakingContractError } from "../errors.ts";
import type { ReadClient } from "../../contract.ts";
import { sendContract, type WriteOptions } from "../internal.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface RestakeParameters extends WriteOptions {
  /** The StakeManager contract. */
  stakeManager: AnyAddress;
  validator: AnyAddress;
}

export type RestakeReturnType = Hash;
export type RestakeErrorType = StakingContractError | Error;

/** Compounds the sender's rewards into more shares of the pool (`StakeManager.restake`). Returns the transaction hash. */
export async function restake(client: ReadClient, parameters: RestakeParameters): Promise<RestakeReturnType> {
  return sendContract(client, {
    address: toEvmAddress(parameters.stakeManager),
    abi: stakeManagerAbi,
    functionName: "restake",
    args: [toEvmAddress(parameters.validator)],
    account: parameters.account,
  });
}
