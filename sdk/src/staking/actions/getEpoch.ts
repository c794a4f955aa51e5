import { readContract } from "viem/actions";

import { stakeManagerAbi } from "../abi.ts";
import type { ReadClient } from "../../contract.ts";
import { membersOf } from "../set.ts";
import type { EpochInfo } from "../types.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface GetEpochParameters {
  stakeManager: AnyAddress;
}

export type GetEpochReturnType = EpochInfo;

/** Reads the running epoch, when it may end, and its committed set. */
export async function getEpoch(client: ReadClient, parameters: GetEpochParameters): Promise<GetEpochReturnType> {
  const call = { address: toEvmAddress(parameters.stakeManager), abi: stakeManagerAbi } as const;
  const [[epoch, signers, powers], startBlock, setHash, totalPower, params] = await Promise.all([
    readContract(client, { ...call, functionName: "currentValidatorSet" }),
    readContract(client, { ...call, functionName: "epochStartBlock" }),
    readContract(client, { ...call, functionName: "setHash" }),
    readContract(client, { ...call, functionName: "totalPower" }),
    readContract(client, { ...call, functionName: "params" }),
  ]);
  return {
    epoch,
    startBlock,
    endBlock: startBlock + params.epochLength,
    setHash,
    totalPower,
    members: membersOf(signers, powers),
  };
}
