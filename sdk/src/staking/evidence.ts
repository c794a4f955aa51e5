import type { Hex } from "viem";

import { recoverMessageSigner, type Checkpoint } from "../messages/index.ts";
import { NotDoubleSignError } from "./errors.ts";
import type { DoubleSignEvidence } from "./types.ts";

/** Same destination and block range, different content (DESIGN section 4). `epoch` is not compared. */
export function isDoubleSign(a: Checkpoint, b: Checkpoint): boolean {
  const sameRange =
    a.sourceChainId === b.sourceChainId &&
    a.destChainId === b.destChainId &&
    a.destContract.toLowerCase() === b.destContract.toLowerCase() &&
    a.startBlock === b.startBlock &&
    a.endBlock === b.endBlock;
  const differs =
    a.blockRoot.toLowerCase() !== b.blockRoot.toLowerCase() ||
    a.messageRoot.toLowerCase() !== b.messageRoot.toLowerCase() ||
    a.messageCount !== b.messageCount;
  return sameRange && differs;
}

/**
 * Checks two signed checkpoints off-chain the way the StakeManager will, and returns the
 * evidence for `reportDoubleSign`. Throws `NotDoubleSignError` when they do not conflict or were
 * signed by different keys, and `InvalidSignatureError` on a malformed or high-s signature.
 */
export async function buildDoubleSignEvidence(
  checkpointA: Checkpoint,
  signatureA: Hex,
  checkpointB: Checkpoint,
  signatureB: Hex,
): Promise<DoubleSignEvidence> {
  if (!isDoubleSign(checkpointA, checkpointB)) {
    throw new NotDoubleSignError("The checkpoints do not conflict", {
      hints: [
        "Both must share sourceChainId, destChainId, destContract, startBlock and endBlock",
        "and differ in blockRoot, messageRoot or messageCount",
      ],
    });
  }
  const signerA = await recoverMessageSigner("Checkpoint", checkpointA, signatureA);
  const signerB = await recoverMessageSigner("Checkpoint", checkpointB, signatureB);
  if (signerA !== signerB) {
    throw new NotDoubleSignError("The two signatures come from different keys", { details: { signerA, signerB } });
  }
  return { signer: signerA, checkpointA, signatureA, checkpointB, signatureB };
}
