import type { Address, Hash } from "viem";

import { stakeManagerAbi } from "../abi.ts";
import type { StakingContractError } from "../errors.ts";
import type { ReadClient } from "../../contract.ts";
import { sendContract, type WriteOptions } from "../internal.ts";

export interface AdvanceEpochParameters extends WriteOptions {
  /** The StakeManager contract. */
  stakeManager: Address;
}

export type AdvanceEpochReturnType = Hash;
export type AdvanceEpochErrorType = StakingContractError | Error;

/** Ends the epoch once it lasted epochLength blocks: pays rewards and fixes the next set (`StakeManager.advanceEpoch`). Anyone may call it. Returns the transaction hash. */
export async function advanceEpoch(client: ReadClient, parameters: AdvanceEpochParameters): Promise<AdvanceEpochReturnType> {
  return sendContract(client, {
    address: parameters.stakeManager,
    abi: stakeManagerAbi,
    functionName: "advanceEpoch",
    args: [],
    account: parameters.account,
  });
}
