/**
 * Ethereum v3 keystores (the JSON of geth, ethers, Foundry's `cast wallet`): aes-128-ctr with a
 * scrypt or pbkdf2-sha256 key. The same format the relayer reads (relayer/src/config/keys.ts); the
 * SDK does not expose a decoder and the storage programs do not import the relayer, hence this one.
 */
import { createDecipheriv, pbkdf2Sync, scryptSync } from "node:crypto";
import { readFileSync } from "node:fs";

import { bytesToHex, keccak256, type Hex } from "viem";

import { ConfigError } from "./errors.ts";

interface KeystoreCrypto {
  readonly cipher: string;
  readonly ciphertext: string;
  readonly cipherparams: { readonly iv: string };
  readonly kdf: string;
  readonly kdfparams: Record<string, unknown>;
  readonly mac: string;
}

/** The private key in the keystore at `path`; a wrong password or an unreadable file is a `ConfigError`. */
export function decryptKeystore(path: string, password: string): Hex {
  let crypto: KeystoreCrypto | undefined;
  try {
    const json = JSON.parse(readFileSync(path, "utf8")) as { crypto?: KeystoreCrypto; Crypto?: KeystoreCrypto };
    crypto = json.crypto ?? json.Crypto;
  } catch (cause) {
    throw new ConfigError(`Cannot read the keystore ${path}`, { cause, hints: ["Check BTT_HOST_KEYSTORE"] });
  }
  if (crypto === undefined || crypto.cipher !== "aes-128-ctr")
    throw new ConfigError(`${path} is not an aes-128-ctr v3 keystore`);
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
    throw new ConfigError(`Unsupported keystore kdf '${crypto.kdf}' in ${path}`, {
      hints: ["Use a scrypt or pbkdf2 (hmac-sha256) keystore"],
    });
  }
  const ciphertext = Buffer.from(crypto.ciphertext, "hex");
  const mac = keccak256(Buffer.concat([derived.subarray(16, 32), ciphertext])).slice(2);
  if (mac !== crypto.mac.toLowerCase().replace(/^0x/, ""))
    throw new ConfigError(`Wrong keystore password for ${path}`, {
      hints: ["Check BTT_HOST_KEYSTORE_PASSWORD; the keystore's MAC does not match"],
    });
  const decipher = createDecipheriv("aes-128-ctr", derived.subarray(0, 16), Buffer.from(crypto.cipherparams.iv, "hex"));
  const key = bytesToHex(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
  if (key.length !== 66) throw new ConfigError(`${path} does not hold a 32-byte private key`);
  return key;
}
