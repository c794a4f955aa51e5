import type { Address } from "viem";
import { readContract } from "viem/actions";

import { stakeManagerAbi } from "../abi.ts";
import type { ReadClient } from "../../contract.ts";
import type { DelegationInfo } from "../types.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface GetDelegationParameters {
  stakeManager: AnyAddress;
  validator: AnyAddress;
  delegator: AnyAddress;
}

export type GetDelegationReturnType = DelegationInfo;

/** Reads a delegator's shares in a pool, their token value and the rewards claimable now. */
export async function getDelegation(
  client: ReadClient,
  parameters: GetDelegationParameters,
): Promise<GetDelegationReturnType> {
  const [stakeManager, validator, delegator] = [
    parameters.stakeManager,
    parameters.validator,
    parameters.delegator,
  ].map(toEvmAddress) as [Address, Address, Address];
  const call = { address: stakeManager, abi: stakeManagerAbi } as const;
  const [d, stake, pendingRewards] = await Promise.all([
    readContract(client, { ...call, functionName: "delegation", args: [validator, delegator] }),
    readContract(client, { ...call, functionName: "stakeOf", args: [validator, delegator] }),
    readContract(client, { ...call, functionName: "pendingRewards", args: [validator, delegator] }),
  ]);
  return { validator, delegator, shares: d.shares, stake, pendingRewards };
}
