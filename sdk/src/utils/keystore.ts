import { bytesToHex, keccak256, type Hex } from "viem";

import { BttError } from "../errors.ts";
import { nodeBuiltin } from "./nodeBuiltins.ts";

/** Why a keystore could not be decrypted. */
export type KeystoreErrorReason = "format" | "kdf" | "password" | "key";

/** A v3 keystore that is not one, uses an unsupported kdf, was given the wrong password, or holds no 32-byte key. */
export class KeystoreError extends BttError {
  override name = "KeystoreError";
  readonly reason: KeystoreErrorReason;

  constructor(
    reason: KeystoreErrorReason,
    shortMessage: string,
    options: { hints?: readonly string[]; cause?: unknown } = {},
  ) {
    super(shortMessage, options);
    this.reason = reason;
  }
}

interface KeystoreCrypto {
  readonly cipher: string;
  readonly ciphertext: string;
  readonly cipherparams: { readonly iv: string };
  readonly kdf: string;
  readonly kdfparams: Record<string, unknown>;
  readonly mac: string;
}

/**
 * The private key in an Ethereum v3 keystore (the JSON of geth, ethers, Foundry's `cast wallet`):
 * aes-128-ctr with a scrypt or pbkdf2-sha256 key, the MAC checked before decrypting. Node.js only
 * (`NodeOnlyError` elsewhere). Throws `KeystoreError` (`reason` says which fault).
 * @example const key = decryptKeystoreJson(readFileSync("key.json", "utf8"), process.env.PASSWORD!);
 */
export function decryptKeystoreJson(json: string, password: string): Hex {
  const { scryptSync, pbkdf2Sync, createDecipheriv } = nodeBuiltin("node:crypto", "decryptKeystoreJson");
  let crypto: KeystoreCrypto | undefined;
  try {
    const parsed = JSON.parse(json) as { crypto?: KeystoreCrypto; Crypto?: KeystoreCrypto };
    crypto = parsed.crypto ?? parsed.Crypto;
  } catch (cause) {
    throw new KeystoreError("format", "The keystore is not JSON", { cause });
  }
  if (crypto === undefined || crypto.cipher !== "aes-128-ctr")
    throw new KeystoreError("format", "Not an aes-128-ctr v3 keystore");
  const params = crypto.kdfparams;
  const salt = Buffer.from(String(params.salt), "hex");
  const dklen = Number(params.dklen ?? 32);
  let derived: Buffer;
  if (crypto.kdf === "scrypt") {
    const N = Number(params.n);
    const r = Number(params.r);
    derived = scryptSync(password.normalize("NFKC"), salt, dklen, {
      N,
      r,
      p: Number(params.p),
      maxmem: 256 * N * r + 2 ** 24,
    });
  } else if (crypto.kdf === "pbkdf2" && params.prf === "hmac-sha256") {
    derived = pbkdf2Sync(password.normalize("NFKC"), salt, Number(params.c), dklen, "sha256");
  } else {
    throw new KeystoreError("kdf", `Unsupported keystore kdf '${crypto.kdf}'`, {
      hints: ["Use a scrypt or pbkdf2 (hmac-sha256) keystore"],
    });
  }
  const ciphertext = Buffer.from(crypto.ciphertext, "hex");
  const mac = keccak256(Buffer.concat([derived.subarray(16, 32), ciphertext])).slice(2);
  if (mac !== crypto.mac.toLowerCase().replace(/^0x/, ""))
    throw new KeystoreError("password", "Wrong keystore password", {
      hints: ["The keystore's MAC does not match the password"],
    });
  const decipher = createDecipheriv("aes-128-ctr", derived.subarray(0, 16), Buffer.from(crypto.cipherparams.iv, "hex"));
  const key = bytesToHex(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
  if (key.length !== 66) throw new KeystoreError("key", "The keystore does not hold a 32-byte private key");
  return key;
}
