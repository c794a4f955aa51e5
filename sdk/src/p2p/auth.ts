import {
  concat,
  keccak256,
  recoverMessageAddress,
  stringToBytes,
  toBytes,
  type Address,
  type Hex,
  type LocalAccount,
} from "viem";

import { PROTOCOL_ID } from "./constants.ts";
import type { Hello } from "./messages.ts";

/**
 * Digest a peer signs to bind the connection to its payment address: both nonces (the signer's
 * first, so a signature cannot be reflected back), the content root and the size, under an
 * EIP-191 personal-message prefix so that it can never be mistaken for a transaction or an
 * EIP-712 voucher.
 */
export function authDigest(signerNonce: Hex, peerNonce: Hex, root: Hex, size: bigint): Hex {
  const sizeBytes = new Uint8Array(8);
  new DataView(sizeBytes.buffer).setBigUint64(0, size);
  return keccak256(
    concat([stringToBytes(`${PROTOCOL_ID} auth`), toBytes(signerNonce), toBytes(peerNonce), toBytes(root), sizeBytes]),
  );
}

/** Our signature over the handshake: we are `mine.address`, talking to the holder of `theirs.nonce`. */
export function signAuth(account: LocalAccount, mine: Hello, theirs: Hello): Promise<Hex> {
  return account.signMessage({ message: { raw: authDigest(mine.nonce, theirs.nonce, mine.root, mine.size) } });
}

/** The address that signed the peer's auth; compare it with the address of its hello. */
export function recoverAuth(theirs: Hello, mine: Hello, signature: Hex): Promise<Address> {
  return recoverMessageAddress({
    message: { raw: authDigest(theirs.nonce, mine.nonce, theirs.root, theirs.size) },
    signature,
  });
}
