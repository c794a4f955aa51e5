import type { Hash } from "viem";

import { stakeManagerAbi } from "../abi.ts";
import type { StakingContractError } from "../errors.ts";
import type { ReadClient } from "../../contract.ts";
import { sendContract, type WriteOptions } from "../internal.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface UnbondParameters extends WriteOptions {
  /** The StakeManager contract. */
  stakeManager: AnyAddress;
  validator: AnyAddress;
  /** Shares to sell (read them with getDelegation). */
  shares: bigint;
}

export type UnbondReturnType = Hash;
export type UnbondErrorType = StakingContractError | Error;

/** Sells shares; the tokens wait unbondingEpochs epochs (`StakeManager.unbond`). The unbond id is in the `Unbonded` event. Returns the transaction hash. */
export async function unbond(client: ReadClient, parameters: UnbondParameters): Promise<UnbondReturnType> {
  return sendContract(client, {
    address: toEvmAddress(parameters.stakeManager),
    abi: stakeManagerAbi,
    functionName: "unbond",
    args: [toEvmAddress(parameters.validator), parameters.shares],
    account: parameters.account,
  });
}
