import { createCipheriv, createDecipheriv, randomBytes } from "../../utils/nodeBuiltins.ts";

import { DecryptionError } from "../errors.ts";

/** AEAD of prepared files: AES-256-GCM (hardware-accelerated in node:crypto). */
export const CIPHER = "aes-256-gcm";
export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
/** Bytes added to each chunk: its random nonce and its tag. */
export const CHUNK_OVERHEAD = NONCE_BYTES + TAG_BYTES;
/** Plaintext bytes per encrypted chunk. */
export const DEFAULT_CHUNK_SIZE = 1 << 20;

const AAD_MAGIC = new TextEncoder().encode("BTTN-AEAD-v1");

/** A fresh random 256-bit key. Keys are never derived from passwords. */
export function generateKey(): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(KEY_BYTES));
}

/** Number of chunks of a plaintext of `plainSize` bytes (an empty file is one empty chunk). */
export function chunkCount(plainSize: bigint, chunkSize: number): bigint {
  return plainSize === 0n ? 1n : (plainSize + BigInt(chunkSize) - 1n) / BigInt(chunkSize);
}

/** Size of the sealed stream of a plaintext of `plainSize` bytes. */
export function sealedSize(plainSize: bigint, chunkSize: number): bigint {
  return plainSize + chunkCount(plainSize, chunkSize) * BigInt(CHUNK_OVERHEAD);
}

/** Associated data of chunk `index` of `count`: binds position and total, so chunks cannot be reordered, dropped or truncated. */
function aad(index: bigint, count: bigint): Buffer {
  const out = Buffer.alloc(AAD_MAGIC.length + 16);
  out.set(AAD_MAGIC);
  out.writeBigUInt64BE(index, AAD_MAGIC.length);
  out.writeBigUInt64BE(count, AAD_MAGIC.length + 8);
  return out;
}

/** Seals one chunk as nonce || ciphertext || tag with a fresh random nonce. */
export function sealChunk(key: Uint8Array, index: bigint, count: bigint, plaintext: Uint8Array): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(CIPHER, key, nonce);
  cipher.setAAD(aad(index, count));
  const body = cipher.update(plaintext);
  cipher.final();
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

/** Opens a chunk sealed by `sealChunk`; throws `DecryptionError` on a wrong key or altered bytes. */
export function openChunk(key: Uint8Array, index: bigint, count: bigint, sealed: Uint8Array): Buffer {
  if (sealed.length < CHUNK_OVERHEAD) {
    throw new DecryptionError("Encrypted chunk is shorter than its nonce and tag", {
      details: { chunk: index, length: sealed.length },
    });
  }
  const nonce = sealed.subarray(0, NONCE_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const decipher = createDecipheriv(CIPHER, key, nonce);
  decipher.setAAD(aad(index, count));
  decipher.setAuthTag(tag);
  const body = decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES));
  try {
    decipher.final();
  } catch (cause) {
    throw new DecryptionError("Decryption failed: wrong key, or the encrypted data was altered", {
      details: { chunk: index },
      hints: ["Check that the key is the one prepare returned for this manifest"],
      cause,
    });
  }
  return body;
}
