import type { Hash } from "viem";

import { stakeManagerAbi } from "../abi.ts";
import type { StakingContractError } from "../errors.ts";
import type { ReadClient } from "../../contract.ts";
import { sendContract, type WriteOptions } from "../internal.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface AdvanceEpochParameters extends WriteOptions {
  /** The StakeManager contract. */
  stakeManager: AnyAddress;
}

export type AdvanceEpochReturnType = Hash;
export type AdvanceEpochErrorType = StakingContractError | Error;

/** Ends the epoch once it lasted epochLength blocks: pays rewards and fixes the next set (`StakeManager.advanceEpoch`). Anyone may call it. Returns the transaction hash. */
export async function advanceEpoch(
  client: ReadClient,
  parameters: AdvanceEpochParameters,
): Promise<AdvanceEpochReturnType> {
  return sendContract(client, {
    address: toEvmAddress(parameters.stakeManager),
    abi: stakeManagerAbi,
    functionName: "advanceEpoch",
    args: [],
    account: parameters.account,
  });
}
