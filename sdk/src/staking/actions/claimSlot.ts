import type { Address, Hash } from "viem";

import { stakeManagerAbi } from "../abi.ts";
import type { StakingContractError } from "../errors.ts";
import type { ReadClient } from "../../contract.ts";
import { sendContract, type WriteOptions } from "../internal.ts";

export interface ClaimSlotParameters extends WriteOptions {
  /** The StakeManager contract. */
  stakeManager: Address;
  validator: Address;
  /** A member with less stake (see findWeakestMember); ignored while the set has room. */
  displaced: Address;
}

export type ClaimSlotReturnType = Hash;
export type ClaimSlotErrorType = StakingContractError | Error;

/** Seats a validator in the next set, displacing a weaker member when full (`StakeManager.claimSlot`). Returns the transaction hash. */
export async function claimSlot(client: ReadClient, parameters: ClaimSlotParameters): Promise<ClaimSlotReturnType> {
  return sendContract(client, {
    address: parameters.stakeManager,
    abi: stakeManagerAbi,
    functionName: "claimSlot",
    args: [parameters.validator, parameters.displaced],
    account: parameters.account,
  });
}
