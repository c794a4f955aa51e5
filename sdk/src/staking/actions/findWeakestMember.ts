import type { Address } from "viem";
import { readContract } from "viem/actions";

import { stakeManagerAbi } from "../abi.ts";
import type { ReadClient } from "../../contract.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface FindWeakestMemberParameters {
  stakeManager: AnyAddress;
}

/** The member of the next set with the least stake and that stake; `undefined` if the set is empty. */
export type FindWeakestMemberReturnType = { validator: Address; stake: bigint } | undefined;

/** Finds whom `claimSlot` should displace (reads every member; at most maxValidators calls). */
export async function findWeakestMember(
  client: ReadClient,
  parameters: FindWeakestMemberParameters,
): Promise<FindWeakestMemberReturnType> {
  const call = { address: toEvmAddress(parameters.stakeManager), abi: stakeManagerAbi } as const;
  const members = await readContract(client, { ...call, functionName: "members" });
  const stakes = await Promise.all(
    members.map((m) => readContract(client, { ...call, functionName: "validator", args: [m] })),
  );
  let weakest: FindWeakestMemberReturnType;
  stakes.forEach((v, i) => {
    const validator = members[i];
    if (validator !== undefined && (weakest === undefined || v.stake < weakest.stake))
      weakest = { validator, stake: v.stake };
  });
  return weakest;
}
