import type { Hash } from "viem";

import { stakeManagerAbi } from "../abi.ts";
import type { StakingContractError } from "../errors.ts";
import type { ReadClient } from "../../contract.ts";
import { sendContract, type WriteOptions } from "../internal.ts";
import type { DoubleSignEvidence } from "../types.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface ReportDoubleSignParameters extends WriteOptions {
  /** The StakeManager contract (staking home chain). */
  stakeManager: AnyAddress;
  /** Evidence from `buildDoubleSignEvidence`. */
  evidence: DoubleSignEvidence;
}

export type ReportDoubleSignReturnType = Hash;
export type ReportDoubleSignErrorType = StakingContractError | Error;

/**
 * Submits double-sign evidence (`StakeManager.slashDoubleSign`): the validator is slashed and
 * jailed and the sender receives the bounty. Returns the transaction hash.
 */
export async function reportDoubleSign(
  client: ReadClient,
  parameters: ReportDoubleSignParameters,
): Promise<ReportDoubleSignReturnType> {
  const { checkpointA, signatureA, checkpointB, signatureB } = parameters.evidence;
  return sendContract(client, {
    address: toEvmAddress(parameters.stakeManager),
    abi: stakeManagerAbi,
    functionName: "slashDoubleSign",
    args: [checkpointA, signatureA, checkpointB, signatureB],
    account: parameters.account,
  });
}
