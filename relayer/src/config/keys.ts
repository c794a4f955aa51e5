/**
 * Signing keys come from the environment (`BTT_RELAYER_KEY_<NAME>`, or the variable the config
 * names) or from an Ethereum v3 keystore file whose password is in the environment; never from
 * the config file. A malformed key, a wrong password or a key that derives another address than
 * the config expects is a `ConfigError`. Private keys stay in this object and are never logged.
 * A validator key may instead live in a remote signer (`keys.<name>.remote`): the relayer then
 * holds only its public key and address (duties/signer/messageSigner.ts signs through it).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

import { type Address, type Hex } from "viem";
import { privateKeyToAccount, publicKeyToAddress } from "viem/accounts";

import { decryptKeystoreJson, KeystoreError } from "@btt-network/sdk";
import { toTronAddress } from "@btt-network/sdk/tron";
import { ConfigError } from "../errors.ts";
import type { KeyConfig } from "./schema.ts";

/** A key held in this process (environment or keystore): it signs transactions and validator messages. */
export interface LocalKey {
  readonly kind: "local";
  readonly name: string;
  readonly address: Address;
  readonly tronAddress: string;
  /** Where the key came from (env variable name or keystore path), for `keys` and logs. */
  readonly source: string;
  /** Never log this. */
  readonly privateKey: Hex;
}

/** A validator key held by a remote signer (web3signer's ETH1 API): the relayer has its public key only. */
export interface RemoteKey {
  readonly kind: "remote";
  readonly name: string;
  readonly address: Address;
  readonly tronAddress: string;
  readonly source: string;
  readonly remote: { readonly url: string; readonly publicKey: Hex; readonly timeoutMs: number };
}

export type ResolvedKey = LocalKey | RemoteKey;

export function envNameFor(name: string, prefix = "BTT_RELAYER_KEY_"): string {
  return `${prefix}${name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/-/g, "_")
    .toUpperCase()}`;
}

export function resolveKeys(
  keys: Readonly<Record<string, KeyConfig>>,
  baseDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Map<string, ResolvedKey> {
  const out = new Map<string, ResolvedKey>();
  for (const [name, config] of Object.entries(keys)) out.set(name, resolveKey(name, config, baseDir, env));
  return out;
}

export function resolveKey(
  name: string,
  config: KeyConfig & { remote?: undefined },
  baseDir: string,
  env: NodeJS.ProcessEnv,
): LocalKey;
export function resolveKey(name: string, config: KeyConfig, baseDir: string, env: NodeJS.ProcessEnv): ResolvedKey;
export function resolveKey(name: string, config: KeyConfig, baseDir: string, env: NodeJS.ProcessEnv): ResolvedKey {
  if (config.remote !== undefined) return resolveRemoteKey(name, config, config.remote);
  let privateKey: Hex;
  let source: string;
  if (config.keystore !== undefined) {
    const path = resolve(baseDir, config.keystore);
    const passwordEnv = config.passwordEnv ?? envNameFor(name, "BTT_RELAYER_KEYSTORE_PASSWORD_");
    const password = env[passwordEnv];
    if (password === undefined)
      throw new ConfigError(`key '${name}': the keystore password is not set`, {
        hints: [`Set ${passwordEnv} in the environment.`],
      });
    privateKey = decryptKeystore(name, path, password);
    source = `keystore ${path}`;
  } else {
    const variable = config.env ?? envNameFor(name);
    const value = env[variable];
    if (value === undefined || value === "")
      throw new ConfigError(`key '${name}' is not set`, {
        hints: [`Set ${variable} to the hex private key, or give keys.${name}.keystore.`],
      });
    privateKey = parsePrivateKey(name, value.trim());
    source = `env ${variable}`;
  }
  const address = privateKeyToAccount(privateKey).address;
  if (config.address !== undefined && config.address.toLowerCase() !== address.toLowerCase())
    throw new ConfigError(`key '${name}' is the wrong key`, {
      details: { expected: config.address, derived: address },
      hints: [`The key from ${source} does not belong to keys.${name}.address; check which key you exported.`],
    });
  return { kind: "local", name, address, tronAddress: toTronAddress(address), source, privateKey };
}

function resolveRemoteKey(name: string, config: KeyConfig, remote: NonNullable<KeyConfig["remote"]>): RemoteKey {
  const publicKey: Hex = `0x${remote.publicKey.slice(-128).toLowerCase()}`;
  const address = publicKeyToAddress(`0x04${publicKey.slice(2)}`);
  const source = `remote signer ${new URL(remote.url).origin}`;
  if (config.address === undefined || config.address.toLowerCase() !== address.toLowerCase())
    throw new ConfigError(`key '${name}': its public key is not the configured address's`, {
      details: { expected: config.address, derived: address },
      hints: [
        `Copy keys.${name}.remote.publicKey from the remote signer's GET /api/v1/eth1/publicKeys for the key of ${config.address ?? "this validator"}.`,
      ],
    });
  return {
    kind: "remote",
    name,
    address,
    tronAddress: toTronAddress(address),
    source,
    remote: { url: remote.url, publicKey, timeoutMs: remote.timeoutMs },
  };
}

/** The key as a transaction signer: a remote key is refused (it signs validator messages only). */
export function localKey(key: ResolvedKey): LocalKey {
  if (key.kind === "local") return key;
  throw new ConfigError(`key '${key.name}' is held by a remote signer and cannot sign transactions`, {
    hints: ["Give the duty that sends transactions a local key (environment or keystore)."],
  });
}

function parsePrivateKey(name: string, value: string): Hex {
  const hex = value.startsWith("0x") ? value.slice(2) : value;
  if (!/^[0-9a-fA-F]{64}$/.test(hex))
    throw new ConfigError(`key '${name}' is malformed`, {
      details: { length: hex.length },
      hints: ["A private key is 32 bytes of hex (64 characters, optionally 0x-prefixed)."],
    });
  const scalar = BigInt(`0x${hex}`);
  const order = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
  if (scalar === 0n || scalar >= order)
    throw new ConfigError(`key '${name}' is not a valid secp256k1 private key`, {
      hints: ["It must be between 1 and the curve order minus one."],
    });
  return `0x${hex.toLowerCase()}`;
}

/** The key in the v3 keystore at `path` (the SDK's decoder); its faults are `ConfigError`s naming the key. */
export function decryptKeystore(name: string, path: string, password: string): Hex {
  let json: string;
  try {
    json = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(`key '${name}': cannot read keystore ${path}`, { cause: error });
  }
  try {
    return parsePrivateKey(name, decryptKeystoreJson(json, password));
  } catch (error) {
    if (!(error instanceof KeystoreError)) throw error;
    if (error.reason === "password")
      throw new ConfigError(`key '${name}': wrong keystore password for ${path}`, {
        hints: ["Check the password variable; the keystore's MAC does not match."],
      });
    if (error.reason === "kdf") throw new ConfigError(`key '${name}': ${error.shortMessage.toLowerCase()}`);
    if (error.reason === "key") throw new ConfigError(`key '${name}' is malformed`, { cause: error });
    throw new ConfigError(`key '${name}': ${path} is not an aes-128-ctr v3 keystore`, { cause: error });
  }
}
