/**
 * JSON forms of the signed messages (bigints as decimal strings) for the store, the HTTP API and
 * peers, with zod schemas that reject anything malformed before it reaches a signer.
 */
import { getAddress, type Address, type Hex } from "viem";
import { z } from "zod";

import type { Checkpoint, ValidatorSetRotation } from "@btt-network/sdk/messages";

const uint = z
  .string()
  .regex(/^(0|[1-9]\d{0,77})$/, { error: "expected a decimal integer string" })
  .transform((v) => BigInt(v));
const word = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, { error: "expected 32 bytes of 0x-prefixed hex" })
  .transform((v) => v.toLowerCase() as Hex);
const addr = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, { error: "expected a 20-byte 0x-prefixed hex address" })
  .transform((v) => getAddress(v));

export const checkpointSchema = z.strictObject({
  sourceChainId: uint,
  destChainId: uint,
  destContract: addr,
  epoch: uint,
  startBlock: uint,
  endBlock: uint,
  blockRoot: word,
  messageRoot: word,
  messageCount: uint,
});

export const rotationSchema = z.strictObject({
  destChainId: uint,
  destContract: addr,
  epoch: uint,
  newEpoch: uint,
  newSetHash: word,
  newTotalPower: uint,
});

export const signatureListSchema = z.strictObject({
  signatures: z.array(z.strictObject({ signer: z.string(), signature: z.string() })).max(256),
});

export type CheckpointJson = z.input<typeof checkpointSchema>;
export type RotationJson = z.input<typeof rotationSchema>;

/** Any message with bigint fields as its JSON form. */
export function toJson<T extends object>(message: T): { [K in keyof T]: T[K] extends bigint ? string : T[K] } {
  return Object.fromEntries(
    Object.entries(message).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : v]),
  ) as never;
}

export function checkpointFromJson(json: unknown): Checkpoint {
  return checkpointSchema.parse(json);
}

export function rotationFromJson(json: unknown): ValidatorSetRotation {
  return rotationSchema.parse(json);
}

export interface SignedBy {
  readonly signer: Address;
  readonly signature: Hex;
}
