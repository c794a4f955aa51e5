import { recoverAddress, type Address, type Hex, type TypedDataDefinition } from "viem";

import { InvalidSignatureError } from "./errors.ts";
import { hashMessage, typedDataOf } from "./hash.ts";
import type { MessageByKind, MessageKind } from "./types.ts";

/** secp256k1 group order; a signature with s > n/2 is malleable and rejected everywhere. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const HALF_N = SECP256K1_N >> 1n;

/** Anything that signs EIP-712 data: a viem `LocalAccount`, or a wallet client bound to an account. */
export interface TypedDataSigner {
  signTypedData(parameters: TypedDataDefinition): Promise<Hex>;
}

/** Signs a message with the BTT Network domain. */
export async function signMessage<K extends MessageKind>(
  signer: TypedDataSigner,
  kind: K,
  message: MessageByKind[K],
): Promise<Hex> {
  return signer.signTypedData(typedDataOf(kind, message));
}

/** Splits a 65-byte `r || s || v` signature; throws on any other length or on high s. */
export function parseSignature(signature: Hex): { r: Hex; s: Hex; v: number } {
  if (typeof signature !== "string" || !/^0x[0-9a-fA-F]{130}$/.test(signature)) {
    throw new InvalidSignatureError("Signature must be 65 bytes of hex (r || s || v)", {
      details: { length: typeof signature === "string" ? (signature.length - 2) / 2 : "not a string" },
      hints: ["Pass the signature exactly as signTypedData returned it"],
    });
  }
  const r = `0x${signature.slice(2, 66)}` as Hex;
  const s = `0x${signature.slice(66, 130)}` as Hex;
  let v = Number.parseInt(signature.slice(130, 132), 16);
  if (v < 27) v += 27;
  if (v !== 27 && v !== 28) throw new InvalidSignatureError("Signature v must be 27 or 28", { details: { v } });
  if (BigInt(s) > HALF_N) {
    throw new InvalidSignatureError("Signature has a high s value (malleable) and is rejected", {
      hints: ["Re-sign with a library that produces canonical low-s signatures (viem, ethers and TronWeb all do)"],
    });
  }
  return { r, s, v };
}

/** True if the signature's s is in the upper half of the curve order. */
export function isHighS(signature: Hex): boolean {
  return BigInt(`0x${signature.slice(66, 130)}`) > HALF_N;
}

/** Returns the malleable twin of a low-s signature (s' = n - s, v flipped). For tests of rejection paths. */
export function toHighS(signature: Hex): Hex {
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  const v = Number.parseInt(signature.slice(130, 132), 16);
  const flipped = v === 27 || v === 0 ? 28 : 27;
  return `${signature.slice(0, 66)}${(SECP256K1_N - s).toString(16).padStart(64, "0")}${flipped.toString(16)}` as Hex;
}

/** Recovers the signer of a message; rejects malformed and high-s signatures. */
export async function recoverMessageSigner<K extends MessageKind>(
  kind: K,
  message: MessageByKind[K],
  signature: Hex,
): Promise<Address> {
  parseSignature(signature);
  return recoverAddress({ hash: hashMessage(kind, message), signature });
}
