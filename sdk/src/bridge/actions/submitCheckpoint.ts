import type { Hex } from "viem";

import { sendContract } from "../../contract.ts";
import type { Checkpoint } from "../../messages/index.ts";
import { toEvmAddress } from "../../tron/index.ts";
import { inboxAbi } from "../abi.ts";
import { bridgeRevert } from "../errors.ts";
import type { AnyAddress, QuorumProof } from "../types.ts";
import { confirm, type SigningClient } from "./shared.ts";

export interface SubmitCheckpointParameters {
  /** The Inbox on the client's chain. */
  inbox: AnyAddress;
  checkpoint: Checkpoint;
  /** Signatures of a quorum of the current set (`assembleQuorumProof`). */
  proof: QuorumProof;
}

export type SubmitCheckpointReturnType = Hex;

/** Submits a signed checkpoint to the destination Inbox; returns the transaction hash. */
export async function submitCheckpoint(
  client: SigningClient,
  parameters: SubmitCheckpointParameters,
): Promise<SubmitCheckpointReturnType> {
  const hash = await sendContract(
    client,
    {
      address: toEvmAddress(parameters.inbox),
      abi: inboxAbi,
      functionName: "submitCheckpoint",
      args: [parameters.checkpoint, parameters.proof],
    },
    bridgeRevert("Inbox.submitCheckpoint"),
  );
  await confirm(client, hash);
  return hash;
}
