import { readContract } from "viem/actions";

import { stakeManagerAbi } from "../abi.ts";
import type { ReadClient } from "../../contract.ts";
import type { UnbondInfo } from "../types.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface GetUnbondParameters {
  stakeManager: AnyAddress;
  delegator: AnyAddress;
  unbondId: bigint;
}

/** `undefined` when the id does not exist or was withdrawn. */
export type GetUnbondReturnType = UnbondInfo | undefined;

/** Reads a pending withdrawal, its current amount (after any slashing) and whether it can be withdrawn. */
export async function getUnbond(client: ReadClient, parameters: GetUnbondParameters): Promise<GetUnbondReturnType> {
  const { unbondId } = parameters;
  const [stakeManager, delegator] = [toEvmAddress(parameters.stakeManager), toEvmAddress(parameters.delegator)];
  const call = { address: stakeManager, abi: stakeManagerAbi } as const;
  const [u, amount, epoch] = await Promise.all([
    readContract(client, { ...call, functionName: "unbonding", args: [delegator, unbondId] }),
    readContract(client, { ...call, functionName: "unbondingAmount", args: [delegator, unbondId] }),
    readContract(client, { ...call, functionName: "epoch" }),
  ]);
  if (u.validator === "0x0000000000000000000000000000000000000000") return undefined;
  return {
    delegator,
    unbondId,
    validator: u.validator,
    withdrawEpoch: u.withdrawEpoch,
    amount,
    withdrawable: epoch >= u.withdrawEpoch,
  };
}
