import { readContract } from "viem/actions";

import { stakeManagerAbi } from "../abi.ts";
import type { ReadClient } from "../../contract.ts";
import type { StakingParams } from "../types.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface GetParamsParameters {
  stakeManager: AnyAddress;
}

export type GetParamsReturnType = StakingParams;

/** Reads the governed staking parameters. */
export async function getParams(client: ReadClient, parameters: GetParamsParameters): Promise<GetParamsReturnType> {
  const p = await readContract(client, {
    address: toEvmAddress(parameters.stakeManager),
    abi: stakeManagerAbi,
    functionName: "params",
  });
  return { ...p };
}
