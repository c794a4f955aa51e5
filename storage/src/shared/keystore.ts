/**
 * The host's key from an Ethereum v3 keystore file: the SDK's decoder (`decryptKeystoreJson`, the
 * one the relayer reads its keystores with), its faults told as `ConfigError`s that name the file
 * and the variables to check.
 */
import { readFileSync } from "node:fs";

import type { Hex } from "viem";

import { decryptKeystoreJson, KeystoreError } from "@btt-network/sdk";
import { ConfigError } from "./errors.ts";

/** The private key in the keystore at `path`; a wrong password or an unreadable file is a `ConfigError`. */
export function decryptKeystore(path: string, password: string): Hex {
  let json: string;
  try {
    json = readFileSync(path, "utf8");
  } catch (cause) {
    throw new ConfigError(`Cannot read the keystore ${path}`, { cause, hints: ["Check BTT_HOST_KEYSTORE"] });
  }
  try {
    return decryptKeystoreJson(json, password);
  } catch (error) {
    if (!(error instanceof KeystoreError)) throw error;
    switch (error.reason) {
      case "password":
        throw new ConfigError(`Wrong keystore password for ${path}`, {
          hints: ["Check BTT_HOST_KEYSTORE_PASSWORD; the keystore's MAC does not match"],
        });
      case "kdf":
        throw new ConfigError(`${error.shortMessage} in ${path}`, { hints: error.hints });
      case "format":
        throw new ConfigError(`${path} is not an aes-128-ctr v3 keystore`, { cause: error });
      case "key":
        throw new ConfigError(`${path} does not hold a 32-byte private key`);
    }
  }
}
