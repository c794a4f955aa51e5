import { hashTypedData, isAddress, isHex, type Hex, type TypedDataDefinition } from "viem";

import { InvalidMessageError } from "./errors.ts";
import { bttDomain, messageTypes, type MessageByKind, type MessageKind } from "./types.ts";

const UINT256_MAX = (1n << 256n) - 1n;

/** Checks every field of `message` against its EIP-712 type; throws `InvalidMessageError`. */
export function assertMessage<K extends MessageKind>(kind: K, message: MessageByKind[K]): void {
  const fields = messageTypes[kind];
  if (fields === undefined) {
    throw new InvalidMessageError(`Unknown message kind "${String(kind)}"`, {
      hints: [`Use one of: ${Object.keys(messageTypes).join(", ")}`],
    });
  }
  if (typeof message !== "object" || message === null) {
    throw new InvalidMessageError(`${kind} must be an object`);
  }
  const record = message as unknown as Record<string, unknown>;
  for (const { name, type } of fields) {
    const value = record[name];
    const bad = (expected: string): never => {
      throw new InvalidMessageError(`${kind}.${name} must be ${expected}`, {
        details: { value: value === undefined ? "undefined" : value },
      });
    };
    if (type === "uint256") {
      if (typeof value !== "bigint" || value < 0n || value > UINT256_MAX) bad("a bigint in [0, 2^256)");
    } else if (type === "address") {
      if (typeof value !== "string" || !isAddress(value, { strict: false })) bad("a 20-byte hex address");
    } else if (typeof value !== "string" || !isHex(value, { strict: true }) || value.length !== 66) {
      bad("32 bytes of hex (0x + 64 hex digits)");
    }
  }
}

/** The viem typed-data definition of a message, ready for `signTypedData`. */
export function typedDataOf<K extends MessageKind>(kind: K, message: MessageByKind[K]): TypedDataDefinition {
  assertMessage(kind, message);
  return {
    domain: bttDomain,
    types: { [kind]: messageTypes[kind] },
    primaryType: kind,
    message: message as unknown as Record<string, unknown>,
  } as unknown as TypedDataDefinition;
}

/** The EIP-712 digest of a message: what validators, payers and clients sign. */
export function hashMessage<K extends MessageKind>(kind: K, message: MessageByKind[K]): Hex {
  return hashTypedData(typedDataOf(kind, message));
}
