import type { Address, Hex } from "viem";

import { parseSignature, signMessage, type Checkpoint, type TypedDataSigner } from "../messages/index.ts";
import { toEvmAddress } from "./address.ts";
import { QuorumProofError } from "./errors.ts";
import type { QuorumProof, ValidatorSetMembers } from "./types.ts";

/**
 * Minimal quorum-proof assembly for the bridge (the staking SDK will own the full version).
 * Converts 65-byte signatures into the verifier's layout: a bitmap of signing members and one
 * 64-byte EIP-2098 compact signature (`r || s | (v - 27) << 255`) per member, in member order.
 */
export function assembleQuorumProof(
  set: ValidatorSetMembers,
  signatures: ReadonlyMap<Address, Hex> | Readonly<Record<Address, Hex>>,
): QuorumProof {
  if (set.signers.length !== set.powers.length) {
    throw new QuorumProofError("The set has different numbers of signers and powers", {
      details: { signers: set.signers.length, powers: set.powers.length },
    });
  }
  const bySigner = new Map<string, Hex>();
  const entries = signatures instanceof Map ? [...signatures.entries()] : Object.entries(signatures);
  for (const [signer, signature] of entries) bySigner.set(toEvmAddress(signer).toLowerCase(), signature as Hex);

  let bitmap = 0n;
  let compact = "0x";
  let previous = 0n;
  set.signers.forEach((member, i) => {
    const signer = toEvmAddress(member);
    const value = BigInt(signer);
    if (value <= previous) {
      throw new QuorumProofError(`Signers must be strictly ascending; member ${i} is not`, { details: { signer } });
    }
    previous = value;
    const signature = bySigner.get(signer.toLowerCase());
    if (signature === undefined) return;
    bySigner.delete(signer.toLowerCase());
    const { r, s, v } = parseSignature(signature);
    const vs = BigInt(s) | (BigInt(v - 27) << 255n);
    compact += r.slice(2) + vs.toString(16).padStart(64, "0");
    bitmap |= 1n << BigInt(i);
  });
  if (bySigner.size > 0) {
    throw new QuorumProofError("Signatures from keys outside the validator set", {
      details: { signers: [...bySigner.keys()] },
      hints: ["Pass the set of the destination chain's current epoch"],
    });
  }
  return { signers: set.signers.map(toEvmAddress), powers: [...set.powers], signedBitmap: bitmap, signatures: compact as Hex };
}

/** Signs a checkpoint with each validator key and assembles the quorum proof. */
export async function signCheckpointQuorum(
  checkpoint: Checkpoint,
  set: ValidatorSetMembers,
  validators: readonly (TypedDataSigner & { address: Address })[],
): Promise<QuorumProof> {
  const signatures = new Map<Address, Hex>();
  for (const validator of validators) {
    signatures.set(validator.address, await signMessage(validator, "Checkpoint", checkpoint));
  }
  return assembleQuorumProof(set, signatures);
}
