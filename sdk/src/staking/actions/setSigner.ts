import type { Address, Hash } from "viem";

import { stakeManagerAbi } from "../abi.ts";
import type { StakingContractError } from "../errors.ts";
import type { ReadClient } from "../../contract.ts";
import { sendContract, type WriteOptions } from "../internal.ts";

export interface SetSignerParameters extends WriteOptions {
  /** The StakeManager contract. */
  stakeManager: Address;
  newSigner: Address;
}

export type SetSignerReturnType = Hash;
export type SetSignerErrorType = StakingContractError | Error;

/** Rotates the sender's signer key from the next epoch (`StakeManager.setSigner`). Returns the transaction hash. */
export async function setSigner(client: ReadClient, parameters: SetSignerParameters): Promise<SetSignerReturnType> {
  return sendContract(client, {
    address: parameters.stakeManager,
    abi: stakeManagerAbi,
    functionName: "setSigner",
    args: [parameters.newSigner],
    account: parameters.account,
  });
}
