import type { Hash } from "viem";

import { stakeManagerAbi } from "../abi.ts";
import type { StakingContractError } from "../errors.ts";
import type { ReadClient } from "../../contract.ts";
import { sendContract, type WriteOptions } from "../internal.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface SetCommissionParameters extends WriteOptions {
  /** The StakeManager contract. */
  stakeManager: AnyAddress;
  commissionBps: number;
}

export type SetCommissionReturnType = Hash;
export type SetCommissionErrorType = StakingContractError | Error;

/** Schedules the sender's new commission from the next epoch (`StakeManager.setCommission`). Returns the transaction hash. */
export async function setCommission(
  client: ReadClient,
  parameters: SetCommissionParameters,
): Promise<SetCommissionReturnType> {
  return sendContract(client, {
    address: toEvmAddress(parameters.stakeManager),
    abi: stakeManagerAbi,
    functionName: "setCommission",
    args: [parameters.commissionBps],
    account: parameters.account,
  });
}
