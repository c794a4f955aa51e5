import type { Hash } from "viem";

import type { ValidatorSetRotation } from "../../messages/index.ts";
import { validatorSetAbi } from "../abi.ts";
import type { StakingContractError } from "../errors.ts";
import type { ReadClient } from "../../contract.ts";
import { sendContract, type WriteOptions } from "../internal.ts";
import type { QuorumProof, ValidatorSetMember } from "../types.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface RotateValidatorSetParameters extends WriteOptions {
  /** The ValidatorSet verifier on the destination chain (`rotation.destContract`). */
  validatorSet: AnyAddress;
  /** The signed rotation (see `buildRotation`). */
  rotation: ValidatorSetRotation;
  /** The new set, sorted; must hash to `rotation.newSetHash`. */
  newMembers: readonly ValidatorSetMember[];
  /** Signatures of the current set over the rotation (see `buildQuorumProof`). */
  proof: QuorumProof;
}

export type RotateValidatorSetReturnType = Hash;
export type RotateValidatorSetErrorType = StakingContractError | Error;

/** Relays a validator-set rotation to a verifier (`ValidatorSet.rotate`). Returns the transaction hash. */
export async function rotateValidatorSet(
  client: ReadClient,
  parameters: RotateValidatorSetParameters,
): Promise<RotateValidatorSetReturnType> {
  const { rotation, newMembers, proof } = parameters;
  return sendContract(client, {
    address: toEvmAddress(parameters.validatorSet),
    abi: validatorSetAbi,
    functionName: "rotate",
    args: [rotation, newMembers.map((m) => m.signer), newMembers.map((m) => m.power), proof],
    account: parameters.account,
  });
}
