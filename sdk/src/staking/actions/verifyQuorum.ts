import type { Hex } from "viem";
import { readContract } from "viem/actions";

import { validatorSetAbi } from "../abi.ts";
import { toStakingError, type StakingContractError } from "../errors.ts";
import type { ReadClient } from "../../contract.ts";
import type { QuorumProof } from "../types.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface VerifyQuorumParameters {
  /** The ValidatorSet verifier. */
  validatorSet: AnyAddress;
  /** The EIP-712 digest that was signed (e.g. `hashMessage("Checkpoint", checkpoint)`). */
  digest: Hex;
  proof: QuorumProof;
}

/** The power that signed. */
export type VerifyQuorumReturnType = bigint;
export type VerifyQuorumErrorType = StakingContractError | Error;

/** Asks a verifier whether a proof holds (`ValidatorSet.verify`, a free call); throws the typed reason if not. */
export async function verifyQuorum(
  client: ReadClient,
  parameters: VerifyQuorumParameters,
): Promise<VerifyQuorumReturnType> {
  try {
    return await readContract(client, {
      address: toEvmAddress(parameters.validatorSet),
      abi: validatorSetAbi,
      functionName: "verify",
      args: [parameters.digest, parameters.proof],
    });
  } catch (error) {
    throw toStakingError(error);
  }
}
