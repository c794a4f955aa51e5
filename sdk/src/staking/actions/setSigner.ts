import type { Hash } from "viem";

import { stakeManagerAbi } from "../abi.ts";
import type { StakingContractError } from "../errors.ts";
import type { ReadClient } from "../../contract.ts";
import { sendContract, type WriteOptions } from "../internal.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface SetSignerParameters extends WriteOptions {
  /** The StakeManager contract. */
  stakeManager: AnyAddress;
  newSigner: AnyAddress;
}

export type SetSignerReturnType = Hash;
export type SetSignerErrorType = StakingContractError | Error;

/** Rotates the sender's signer key from the next epoch (`StakeManager.setSigner`). Returns the transaction hash. */
export async function setSigner(client: ReadClient, parameters: SetSignerParameters): Promise<SetSignerReturnType> {
  return sendContract(client, {
    address: toEvmAddress(parameters.stakeManager),
    abi: stakeManagerAbi,
    functionName: "setSigner",
    args: [toEvmAddress(parameters.newSigner)],
    account: parameters.account,
  });
}
