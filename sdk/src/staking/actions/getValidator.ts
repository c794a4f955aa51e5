import { readContract } from "viem/actions";

import { stakeManagerAbi } from "../abi.ts";
import type { ReadClient } from "../../contract.ts";
import type { ValidatorInfo, ValidatorStatus } from "../types.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface GetValidatorParameters {
  stakeManager: AnyAddress;
  /** The validator (the account that staked). */
  validator: AnyAddress;
}

export type GetValidatorReturnType = ValidatorInfo;

const statuses: readonly ValidatorStatus[] = ["none", "active", "exited"];

/** Reads a validator and its pool. A never-registered address has status "none". */
export async function getValidator(
  client: ReadClient,
  parameters: GetValidatorParameters,
): Promise<GetValidatorReturnType> {
  const v = await readContract(client, {
    address: toEvmAddress(parameters.stakeManager),
    abi: stakeManagerAbi,
    functionName: "validator",
    args: [toEvmAddress(parameters.validator)],
  });
  return {
    validator: toEvmAddress(parameters.validator),
    signer: v.signer,
    status: statuses[v.status] ?? "none",
    jailed: v.jailed,
    jailedUntil: v.jailedUntil,
    commissionBps: v.commissionBps,
    nextCommissionBps: v.nextCommissionBps,
    nextCommissionEpoch: v.nextCommissionEpoch,
    stake: v.stake,
    shares: v.shares,
    unbondingStake: v.unbondingStake,
    unbondingShares: v.unbondingShares,
    inNextSet: v.memberIndex !== 0,
  };
}
