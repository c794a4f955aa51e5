import type { Hash } from "viem";

import { stakeManagerAbi } from "../abi.ts";
import type { StakingContractError } from "../errors.ts";
import type { ReadClient } from "../../contract.ts";
import { sendContract, type WriteOptions } from "../internal.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface UnjailParameters extends WriteOptions {
  /** The StakeManager contract. */
  stakeManager: AnyAddress;
}

export type UnjailReturnType = Hash;
export type UnjailErrorType = StakingContractError | Error;

/** Ends the sender's jail term once over (`StakeManager.unjail`). Returns the transaction hash. */
export async function unjail(client: ReadClient, parameters: UnjailParameters): Promise<UnjailReturnType> {
  return sendContract(client, {
    address: toEvmAddress(parameters.stakeManager),
    abi: stakeManagerAbi,
    functionName: "unjail",
    args: [],
    account: parameters.account,
  });
}
