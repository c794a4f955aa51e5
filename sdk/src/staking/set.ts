import { encodeAbiParameters, getAddress, keccak256, type Address, type Hex } from "viem";

import { InvalidArgumentError } from "../errors.ts";
import { parseSignature } from "../messages/index.ts";
import { InvalidValidatorSetError, QuorumNotReachedError, SignerNotInSetError } from "./errors.ts";
import type { QuorumProof, ValidatorSetMember } from "./types.ts";

/** Largest set the on-chain verifier accepts (its signed-member bitmap is one word). */
export const MAX_SET_SIZE = 256;
const MAX_POWER = (1n << 96n) - 1n;

/** Sorts members by signer address ascending (as numbers), the order the verifier requires. */
export function sortValidatorSet(members: readonly ValidatorSetMember[]): ValidatorSetMember[] {
  return members
    .map((m) => ({ signer: getAddress(m.signer), power: m.power }))
    .sort((a, b) => (BigInt(a.signer) < BigInt(b.signer) ? -1 : BigInt(a.signer) > BigInt(b.signer) ? 1 : 0));
}

/** Checks a set the way the verifier does (size, strictly ascending signers, powers in [1, 2^96)); returns its total power. */
export function assertValidatorSet(members: readonly ValidatorSetMember[]): bigint {
  if (members.length === 0 || members.length > MAX_SET_SIZE) {
    throw new InvalidValidatorSetError(`A validator set has 1 to ${MAX_SET_SIZE} members`, {
      details: { size: members.length },
    });
  }
  let previous = 0n;
  let total = 0n;
  members.forEach((m, index) => {
    const signer = BigInt(m.signer);
    if (signer <= previous) {
      throw new InvalidValidatorSetError("Signers must be strictly ascending (no duplicates, no zero address)", {
        details: { index, signer: m.signer },
        hints: ["Sort the members with sortValidatorSet"],
      });
    }
    if (m.power <= 0n || m.power > MAX_POWER) {
      throw new InvalidValidatorSetError("Every power must be in [1, 2^96)", { details: { index, power: m.power } });
    }
    previous = signer;
    total += m.power;
  });
  return total;
}

/**
 * The set hash committed on every chain: `keccak256(abi.encode(address[] signers, uint256[] powers))`
 * over the members sorted by signer address ascending. Validates the set first.
 */
export function hashValidatorSet(members: readonly ValidatorSetMember[]): Hex {
  assertValidatorSet(members);
  return keccak256(
    encodeAbiParameters(
      [{ type: "address[]" }, { type: "uint256[]" }],
      [members.map((m) => m.signer), members.map((m) => m.power)],
    ),
  );
}

/** True when `signedPower` is strictly more than 2/3 of `totalPower` (the verifier's rule). */
export function hasQuorum(signedPower: bigint, totalPower: bigint): boolean {
  return 3n * signedPower > 2n * totalPower;
}

/** EIP-2098 compact form `r || vs` of a 65-byte low-s signature (vs = s | yParity << 255). */
export function toCompactSignature(signature: Hex): Hex {
  const { r, s, v } = parseSignature(signature);
  const vs = BigInt(s) | (BigInt(v - 27) << 255n);
  return `${r}${vs.toString(16).padStart(64, "0")}` as Hex;
}

export interface BuildQuorumProofParameters {
  /** The current set, sorted (as committed on the verifying chain). */
  readonly members: readonly ValidatorSetMember[];
  /** Signatures (65-byte `r || s || v`) keyed by the signer that made them. */
  readonly signatures: ReadonlyMap<Address, Hex> | readonly { signer: Address; signature: Hex }[];
  /** Fail unless the signers reach quorum (default true). */
  readonly requireQuorum?: boolean;
}

/**
 * Assembles the verifier's calldata: the set, a bitmap of the members that signed and their
 * compact signatures in member order. Signatures of non-members are rejected.
 */
export function buildQuorumProof(parameters: BuildQuorumProofParameters): QuorumProof {
  const { members, requireQuorum = true } = parameters;
  const total = assertValidatorSet(members);
  const bySigner = new Map<bigint, Hex>();
  const entries =
    parameters.signatures instanceof Map
      ? [...parameters.signatures].map(([signer, signature]) => ({ signer, signature }))
      : (parameters.signatures as readonly { signer: Address; signature: Hex }[]);
  for (const { signer, signature } of entries) bySigner.set(BigInt(signer), signature);

  let bitmap = 0n;
  let signed = 0n;
  const parts: string[] = [];
  members.forEach((m, index) => {
    const signature = bySigner.get(BigInt(m.signer));
    if (signature === undefined) return;
    bySigner.delete(BigInt(m.signer));
    bitmap |= 1n << BigInt(index);
    signed += m.power;
    parts.push(toCompactSignature(signature).slice(2));
  });
  if (bySigner.size > 0) {
    const outsider = [...bySigner.keys()][0] ?? 0n;
    throw new SignerNotInSetError("A signature comes from a key that is not in the current set", {
      details: { signer: getAddress(`0x${outsider.toString(16).padStart(40, "0")}`) },
      hints: ["Check that the signatures were made by the set of the verifier's current epoch"],
    });
  }
  if (requireQuorum && !hasQuorum(signed, total)) {
    throw new QuorumNotReachedError("The signers hold 2/3 of the power or less", {
      details: { signedPower: signed, totalPower: total },
      hints: ["Collect more signatures before submitting"],
    });
  }
  return {
    signers: members.map((m) => m.signer),
    powers: members.map((m) => m.power),
    signedBitmap: bitmap,
    signatures: `0x${parts.join("")}` as Hex,
  };
}

/** Splits a set returned by the contracts (parallel arrays) into members. */
export function membersOf(signers: readonly Address[], powers: readonly bigint[]): ValidatorSetMember[] {
  if (signers.length !== powers.length) {
    throw new InvalidArgumentError("signers and powers differ in length", {
      details: { signers: signers.length, powers: powers.length },
    });
  }
  return signers.map((signer, i) => ({ signer, power: powers[i] ?? 0n }));
}
