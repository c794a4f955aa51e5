import type { Address, Hex } from "viem";

import { signMessage, type Checkpoint, type TypedDataSigner } from "../messages/index.ts";
import { buildQuorumProof, membersOf } from "../staking/index.ts";
import { toEvmAddress } from "../tron/index.ts";
import type { QuorumProof, ValidatorSetMembers } from "./types.ts";

/**
 * The staking module's `buildQuorumProof` for bridge callers, who may name validators by TRON
 * address (base58 `T...` or `41...` hex) as well as by EVM address. Does not require a quorum:
 * the verifier decides, so tests can submit sub-quorum proofs.
 */
export function assembleQuorumProof(
  set: ValidatorSetMembers,
  signatures: ReadonlyMap<Address, Hex> | Readonly<Record<Address, Hex>>,
): QuorumProof {
  const entries = signatures instanceof Map ? [...signatures.entries()] : Object.entries(signatures);
  return buildQuorumProof({
    members: membersOf(set.signers.map(toEvmAddress), set.powers),
    signatures: entries.map(([signer, signature]) => ({ signer: toEvmAddress(signer), signature: signature as Hex })),
    requireQuorum: false,
  });
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
