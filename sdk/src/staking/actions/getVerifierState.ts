import type { Hex } from "viem";
import { readContract } from "viem/actions";

import { validatorSetAbi } from "../abi.ts";
import type { ReadClient } from "../../contract.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface GetVerifierStateParameters {
  validatorSet: AnyAddress;
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
  client: ReadClient,
  parameters: GetVerifierStateParameters,
): Promise<GetVerifierStateReturnType> {
  const call = { address: toEvmAddress(parameters.validatorSet), abi: validatorSetAbi } as const;
  const [epoch, setHash, totalPower, expiresAt] = await Promise.all([
    readContract(client, { ...call, functionName: "epoch" }),
    readContract(client, { ...call, functionName: "setHash" }),
    readContract(client, { ...call, functionName: "totalPower" }),
    readContract(client, { ...call, functionName: "expiresAt" }),
  ]);
  return { epoch, setHash, totalPower, expiresAt };
}
