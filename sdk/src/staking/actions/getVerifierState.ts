import type { Address, Hex } from "viem";
import { readContract } from "viem/actions";

import { validatorSetAbi } from "../abi.ts";
import type { StakingClient } from "../internal.ts";

export interface GetVerifierStateParameters {
  validatorSet: Address;
}

export interface GetVerifierStateReturnType {
  epoch: bigint;
  setHash: Hex;
  totalPower: bigint;
  /** Unix time (s) from which the set verifies nothing (0 before any set): rotate before it. */
  expiresAt: bigint;
}

/** What a verifier commits to: `(epoch, setHash, totalPower)`, and when that set expires. */
export async function getVerifierState(
  client: StakingClient,
  parameters: GetVerifierStateParameters,
): Promise<GetVerifierStateReturnType> {
  const call = { address: parameters.validatorSet, abi: validatorSetAbi } as const;
  const [epoch, setHash, totalPower, expiresAt] = await Promise.all([
    readContract(client, { ...call, functionName: "epoch" }),
    readContract(client, { ...call, functionName: "setHash" }),
    readContract(client, { ...call, functionName: "totalPower" }),
    readContract(client, { ...call, functionName: "expiresAt" }),
  ]);
  return { epoch, setHash, totalPower, expiresAt };
}
