import type { Address, Hash } from "viem";

import { stakeManagerAbi } from "../abi.ts";
import type { StakingContractError } from "../errors.ts";
import type { ReadClient } from "../../contract.ts";
import { sendContract, type WriteOptions } from "../internal.ts";

export interface StakeParameters extends WriteOptions {
  /** The StakeManager contract. */
  stakeManager: Address;
  /** Signing key of the new validator (rotatable with setSigner). */
  signer: Address;
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
    address: parameters.stakeManager,
    abi: stakeManagerAbi,
    functionName: "stake",
    args: [parameters.signer, parameters.amount, parameters.commissionBps],
    account: parameters.account,
  });
}
