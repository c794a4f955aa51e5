import type { Hash } from "viem";

import { stakeManagerAbi } from "../abi.ts";
import type { StakingContractError } from "../errors.ts";
import type { ReadClient } from "../../contract.ts";
import { sendContract, type WriteOptions } from "../internal.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface ClaimSlotParameters extends WriteOptions {
  /** The StakeManager contract. */
  stakeManager: AnyAddress;
  validator: AnyAddress;
  /** A member with less stake (see findWeakestMember); ignored while the set has room. */
  displaced: AnyAddress;
}

export type ClaimSlotReturnType = Hash;
export type ClaimSlotErrorType = StakingContractError | Error;

/** Seats a validator in the next set, displacing a weaker member when full (`StakeManager.claimSlot`). Returns the transaction hash. */
export async function claimSlot(client: ReadClient, parameters: ClaimSlotParameters): Promise<ClaimSlotReturnType> {
  return sendContract(client, {
    address: toEvmAddress(parameters.stakeManager),
    abi: stakeManagerAbi,
    functionName: "claimSlot",
    args: [toEvmAddress(parameters.validator), toEvmAddress(parameters.displaced)],
    account: parameters.account,
  });
}
