import type { Hash } from "viem";

import { stakeManagerAbi } from "../abi.ts";
import type { StakingContractError } from "../errors.ts";
import type { ReadClient } from "../../contract.ts";
import { sendContract, type WriteOptions } from "../internal.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface WithdrawUnbondedParameters extends WriteOptions {
  /** The StakeManager contract. */
  stakeManager: AnyAddress;
  unbondId: bigint;
}

export type WithdrawUnbondedReturnType = Hash;
export type WithdrawUnbondedErrorType = StakingContractError | Error;

/** Pays out a pending withdrawal once its epoch is reached (`StakeManager.withdraw`). Returns the transaction hash. */
export async function withdrawUnbonded(
  client: ReadClient,
  parameters: WithdrawUnbondedParameters,
): Promise<WithdrawUnbondedReturnType> {
  return sendContract(client, {
    address: toEvmAddress(parameters.stakeManager),
    abi: stakeManagerAbi,
    functionName: "withdraw",
    args: [parameters.unbondId],
    account: parameters.account,
  });
}
