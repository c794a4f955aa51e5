import type { Address } from "viem";

import { InvalidArgumentError } from "../errors.ts";
import { signMessage, type Checkpoint, type TypedDataSigner, type ValidatorSetRotation } from "../messages/index.ts";
import { assertValidatorSet, hashValidatorSet } from "./set.ts";
import type { SignerSignature, ValidatorSetMember } from "./types.ts";

/** A validator's signing key: a viem `LocalAccount` (or any EIP-712 signer that knows its address). */
export interface ValidatorSigner extends TypedDataSigner {
  address: Address;
}

/** Signs a checkpoint with a validator key; returns the signature with its signer. */
export async function signCheckpoint(signer: ValidatorSigner, checkpoint: Checkpoint): Promise<SignerSignature> {
  return { signer: signer.address, signature: await signMessage(signer, "Checkpoint", checkpoint) };
}

/** Signs a validator-set rotation with a validator key; returns the signature with its signer. */
export async function signRotation(signer: ValidatorSigner, rotation: ValidatorSetRotation): Promise<SignerSignature> {
  return { signer: signer.address, signature: await signMessage(signer, "ValidatorSetRotation", rotation) };
}

export interface BuildRotationParameters {
  /** Chain of the verifier that will take the rotation. */
  destChainId: bigint;
  /** That verifier's address. */
  destContract: Address;
  /** The verifier's current epoch. */
  epoch: bigint;
  /** The epoch of the new set (greater than `epoch`). */
  newEpoch: bigint;
  /** The new set, sorted (as emitted by `ValidatorSetUpdated`). */
  newMembers: readonly ValidatorSetMember[];
}

/** Builds the `ValidatorSetRotation` that hands a verifier over to `newMembers`. */
export function buildRotation(parameters: BuildRotationParameters): ValidatorSetRotation {
  const { destChainId, destContract, epoch, newEpoch, newMembers } = parameters;
  if (newEpoch <= epoch) {
    throw new InvalidArgumentError("newEpoch must be after epoch", { details: { epoch, newEpoch } });
  }
  return {
    destChainId,
    destContract,
    epoch,
    newEpoch,
    newSetHash: hashValidatorSet(newMembers),
    newTotalPower: assertValidatorSet(newMembers),
  };
}

/** Signatures from many signers over one message, in any order. */
export async function signAll<M>(
  signers: readonly ValidatorSigner[],
  message: M,
  sign: (signer: ValidatorSigner, message: M) => Promise<SignerSignature>,
): Promise<SignerSignature[]> {
  return Promise.all(signers.map((s) => sign(s, message)));
}
