import { bytesToHex, getAddress, hexToBytes, isAddress, sha256, type Address } from "viem";

import { InvalidAddressError } from "./errors.ts";

/** A TRON base58check address (`T...`, 34 characters). */
export type TronAddress = `T${string}`;
/** Any address the SDK accepts: 0x hex (EIP-55 checked when mixed case), TRON base58 (`T...`) or TRON hex (`41...`). */
export type AnyAddress = Address | TronAddress | `41${string}`;

const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const TRON_PREFIX = 0x41;

function base58Decode(input: string): Uint8Array {
  let value = 0n;
  for (const char of input) {
    const digit = ALPHABET.indexOf(char);
    if (digit < 0) throw new InvalidAddressError(`"${input}" contains "${char}", which is not a base58 character`);
    value = value * 58n + BigInt(digit);
  }
  const bytes: number[] = [];
  while (value > 0n) {
    bytes.unshift(Number(value & 0xffn));
    value >>= 8n;
  }
  for (const char of input) {
    if (char !== "1") break;
    bytes.unshift(0);
  }
  return Uint8Array.from(bytes);
}

function base58Encode(bytes: Uint8Array): string {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
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

function checksum(payload: Uint8Array): Uint8Array {
  return hexToBytes(sha256(sha256(payload))).subarray(0, 4);
}

/**
 * The 20-byte EVM form of an address given as hex (`0x...`, any case), TRON hex (`41...`, 21 bytes)
 * or TRON base58check (`T...`). Contracts on TRON see the same 20 bytes as an EVM chain would.
 */
export function toEvmAddress(address: string): Address {
  if (typeof address !== "string" || address.length === 0) {
    throw new InvalidAddressError("Address must be a non-empty string", { details: { address: String(address) } });
  }
  if (isAddress(address, { strict: false })) {
    // Mixed case is an EIP-55 checksum: a wrong one is a mistyped address, not another spelling.
    if (!isAddress(address, { strict: true })) {
      throw new InvalidAddressError(`"${address}" has a wrong EIP-55 checksum`, {
        details: { expected: getAddress(address) },
        hints: ["Copy the address again: a character is probably mistyped (all-lowercase hex skips the check)"],
      });
    }
    return getAddress(address);
  }
  if (/^(0x)?41[0-9a-fA-F]{40}$/.test(address)) return getAddress(`0x${address.slice(-40)}`);
  if (address.startsWith("T") && address.length === 34) {
    const bytes = base58Decode(address);
    if (bytes.length !== 25 || bytes[0] !== TRON_PREFIX) {
      throw new InvalidAddressError(`"${address}" does not decode to a 21-byte TRON address`);
    }
    const expected = checksum(bytes.subarray(0, 21));
    if (!expected.every((b, i) => b === bytes[21 + i])) {
      throw new InvalidAddressError(`"${address}" has a wrong base58check checksum`, {
        hints: ["Copy the address again: a character is probably mistyped"],
      });
    }
    return getAddress(bytesToHex(bytes.subarray(1, 21)));
  }
  throw new InvalidAddressError(`"${address}" is not an address`, {
    hints: ["Pass 0x-prefixed 20-byte hex, or a TRON base58 address starting with T"],
  });
}

/** The TRON base58check form (`T...`) of any address `toEvmAddress` accepts. */
export function toTronAddress(address: string): TronAddress {
  const evm = hexToBytes(toEvmAddress(address));
  const payload = new Uint8Array(21);
  payload[0] = TRON_PREFIX;
  payload.set(evm, 1);
  const full = new Uint8Array(25);
  full.set(payload);
  full.set(checksum(payload), 21);
  return base58Encode(full) as TronAddress;
}

/** TRON's 21-byte hex form (`41...`, no 0x) of any address `toEvmAddress` accepts. */
export function toTronHex(address: string): string {
  return `41${toEvmAddress(address).slice(2).toLowerCase()}`;
}

/** Abi parameter shape (structural, to avoid depending on abitype here). */
interface AbiParameterLike {
  readonly type: string;
  readonly components?: readonly AbiParameterLike[];
}

/**
 * Converts every `address` value among `values` (as described by the ABI `parameters`, arrays and
 * tuples included) to its checksummed 0x form with `toEvmAddress`, so TRON base58 and hex work in
 * any call; throws `InvalidAddressError` for a malformed or mis-checksummed address.
 */
export function normalizeAddresses(parameters: readonly AbiParameterLike[], values: readonly unknown[]): unknown[] {
  return values.map((value, i) => normalizeValue(parameters[i], value));
}

function normalizeValue(parameter: AbiParameterLike | undefined, value: unknown): unknown {
  if (parameter === undefined) return value;
  const array = /^(.*)\[\d*\]$/.exec(parameter.type);
  if (array !== null) {
    if (!Array.isArray(value)) return value;
    const inner = { ...parameter, type: array[1]! };
    return value.map((v) => normalizeValue(inner, v));
  }
  if (parameter.type === "address") return typeof value === "string" ? toEvmAddress(value) : value;
  if (parameter.type === "tuple" && parameter.components !== undefined && value !== null && typeof value === "object") {
    if (Array.isArray(value)) return normalizeAddresses(parameter.components, value);
    const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const component of parameter.components as readonly (AbiParameterLike & { name?: string })[]) {
      if (component.name !== undefined && component.name in out)
        out[component.name] = normalizeValue(component, out[component.name]);
    }
    return out;
  }
  return value;
}
