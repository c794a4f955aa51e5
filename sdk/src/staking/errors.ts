import { BttError } from "../errors.ts";

/** A validator set is malformed: unsorted or duplicate signers, zero power, wrong size. */
export class InvalidValidatorSetError extends BttError {
  override name = "InvalidValidatorSetError";
}

/** The signatures collected do not reach strictly more than 2/3 of the set's power. */
export class QuorumNotReachedError extends BttError {
  override name = "QuorumNotReachedError";
}

/** A signature was made by a key outside the set, or over another message. */
export class SignerNotInSetError extends BttError {
  override name = "SignerNotInSetError";
}

/** Two checkpoints are not a double sign under DESIGN section 4. */
export class NotDoubleSignError extends BttError {
  override name = "NotDoubleSignError";
}

/** A staking contract call reverted; `contractError` names the Solidity custom error. */
export class StakingContractError extends BttError {
  override name = "StakingContractError";
  readonly contractError: string;
  readonly args: readonly unknown[];

  constructor(contractError: string, args: readonly unknown[], shortMessage: string, hints: readonly string[], cause: unknown) {
    super(shortMessage, { hints, details: { contractError, args }, cause });
    this.contractError = contractError;
    this.args = args;
  }
}
