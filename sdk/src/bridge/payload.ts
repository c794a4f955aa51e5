/**
 * Bridge payloads (contracts/bridge/libraries/BridgeMessages.sol): a DEPOSIT or WITHDRAW transfer
 * is `abi.encode(kind, rootToken, from, to, amount)`, with `fastFee, deliveryFee` appended when a
 * fee is non-zero. Both fees are parts of `amount`.
 */
import { decodeAbiParameters, size, type Address, type Hex } from "viem";

import { InvalidArgumentError } from "../errors.ts";

export const DEPOSIT_KIND = 2n;
export const WITHDRAW_KIND = 3n;

export interface TransferPayload {
  kind: bigint;
  rootToken: Address;
  from: Address;
  to: Address;
  amount: bigint;
  /** What a filler earns for fronting a withdrawal (not charged when nobody does). */
  fastFee: bigint;
  /** Paid to the executor of the message on its destination. */
  deliveryFee: bigint;
}

const base = [
  { type: "uint256" },
  { type: "address" },
  { type: "address" },
  { type: "address" },
  { type: "uint256" },
] as const;
const withFees = [...base, { type: "uint256" }, { type: "uint256" }] as const;

/** Decodes a DEPOSIT or WITHDRAW payload; throws `InvalidArgumentError` for anything else. */
export function decodeTransferPayload(payload: Hex): TransferPayload {
  const bytes = size(payload);
  if (bytes !== 5 * 32 && bytes !== 7 * 32) {
    throw new InvalidArgumentError(`Not a bridge transfer payload (${bytes} bytes)`, { details: { payload } });
  }
  const [kind, rootToken, from, to, amount, fastFee = 0n, deliveryFee = 0n] =
    bytes === 7 * 32 ? decodeAbiParameters(withFees, payload) : decodeAbiParameters(base, payload);
  if (kind !== DEPOSIT_KIND && kind !== WITHDRAW_KIND) {
    throw new InvalidArgumentError(`Payload kind ${kind} is not a transfer`, { details: { payload } });
  }
  return { kind, rootToken, from, to, amount, fastFee, deliveryFee };
}
