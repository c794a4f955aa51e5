import type { Hash } from "viem";

import { stakeManagerAbi } from "../abi.ts";
import type { StakingContractError } from "../errors.ts";
import type { ReadClient } from "../../contract.ts";
import { sendContract, type WriteOptions } from "../internal.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface StakeParameters extends WriteOptions {
  /** The StakeManager contract. */
  stakeManager: AnyAddress;
  /** Signing key of the new validator (rotatable with setSigner). */
  signer: AnyAddress;
  /** Own stake in token wei (at least minSelfStake; approve the StakeManager first). */
  amount: bigint;
  /** Commission on delegators' rewards, in basis points. */
  commissionBps: number;
}

export type StakeReturnType = Hash;
export type StakeErrorType = StakingContractError | Error;

/** Registers the sender as a validator (`StakeManager.stake`). Returns the transaction hash. */
export async function stake(client: ReadClient, parameters: StakeParameters): Promise<StakeReturnType> {
  return sendContract(client, {
    address: toEvmAddress(parameters.stakeManager),
    abi: stakeManagerAbi,
    functionName: "stake",
    args: [toEvmAddress(parameters.signer), parameters.amount, parameters.commissionBps],
    account: parameters.account,
  });
}
