/**
 * TRON support shared by every domain: TRON accounts are the same secp256k1 keys and the same
 * 20 bytes as EVM addresses, shown as base58check (`T...`) or 41-prefixed hex.
 */
export { normalizeAddresses, toEvmAddress, toTronAddress, toTronHex } from "./address.ts";
export type { AnyAddress, TronAddress } from "./address.ts";
export { InvalidAddressError } from "./errors.ts";
