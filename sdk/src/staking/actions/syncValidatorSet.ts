import type { Hash } from "viem";

import { validatorSetAbi } from "../abi.ts";
import type { StakingContractError } from "../errors.ts";
import type { ReadClient } from "../../contract.ts";
import { sendContract, type WriteOptions } from "../internal.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface SyncValidatorSetParameters extends WriteOptions {
  /** The ValidatorSet contract. */
  validatorSet: AnyAddress;
}

export type SyncValidatorSetReturnType = Hash;
export type SyncValidatorSetErrorType = StakingContractError | Error;

/** On the staking home chain, copies the StakeManager's current set into the verifier (`ValidatorSet.syncFromStakeManager`). Returns the transaction hash. */
export async function syncValidatorSet(
  client: ReadClient,
  parameters: SyncValidatorSetParameters,
): Promise<SyncValidatorSetReturnType> {
  return sendContract(client, {
    address: toEvmAddress(parameters.validatorSet),
    abi: validatorSetAbi,
    functionName: "syncFromStakeManager",
    args: [],
    account: parameters.account,
  });
}
