/**
 * TRON addresses: 0x41 followed by the same 20 bytes as the EVM address of the key, shown to users
 * in base58check (`T...`). Kept here (node:crypto only) so the core never needs TronWeb to print one.
 */
import { createHash } from "node:crypto";

const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

function sha256(data: Uint8Array): Buffer {
  return createHash("sha256").update(data).digest();
}

function base58(bytes: Uint8Array): string {
  let value = BigInt(`0x${Buffer.from(bytes).toString("hex") || "0"}`);
  let out = "";
  while (value > 0n) {
    out = ALPHABET[Number(value % 58n)] + out;
    value /= 58n;
  }
  for (const byte of bytes) {
    if (byte !== 0) break;
    out = `1${out}`;
  }
  return out;
}

/** `0xabc...` (20 bytes) to the TRON base58check form. */
export function toTronBase58(evmAddress: `0x${string}`): string {
  const payload = Buffer.concat([Buffer.from([0x41]), Buffer.from(evmAddress.slice(2), "hex")]);
  const checksum = sha256(sha256(payload)).subarray(0, 4);
  return base58(Buffer.concat([payload, checksum]));
}

/** `0xabc...` (20 bytes) to TRON's hex form `41abc...`. */
export function toTronHex(evmAddress: `0x${string}`): string {
  return `41${evmAddress.slice(2).toLowerCase()}`;
}
