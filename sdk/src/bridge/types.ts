import type { Address, Hex } from "viem";

import type { AnyAddress as TronAnyAddress } from "../tron/address.ts";

/** A cross-chain message: every field of its Outbox leaf (DESIGN section 5). */
export interface CrossChainMessage {
  sourceChainId: bigint;
  destChainId: bigint;
  nonce: bigint;
  sender: Address;
  target: Address;
  payload: Hex;
}

/** A message as read from the Outbox's `MessageSent` log, with the leaf hash the log carries. */
export interface OutboxMessage extends CrossChainMessage {
  /** The leaf as logged (trusted only through the checkpointed root it must reproduce). */
  leaf: Hex;
}

/**
 * Progress of a message on its destination chain:
 * - `waiting-for-checkpoint`: sent, not yet covered by an accepted checkpoint;
 * - `ready-to-execute`: covered; anyone can execute it (for a withdrawal: ready to exit);
 * - `failed`: an execution was attempted and the receiver refused; it can be retried;
 * - `executed`: delivered (once, for ever).
 */
export type MessageStatus = "waiting-for-checkpoint" | "ready-to-execute" | "failed" | "executed";

/** Everything `Inbox.execute` takes. */
export interface MessageProof {
  message: CrossChainMessage;
  /** An accepted checkpoint's messageRoot. */
  root: Hex;
  /** Siblings from the leaf up (the shortest proof for the checkpoint's message count). */
  proof: Hex[];
}

/** A validator set as committed on chain: signers strictly ascending, with their powers. */
export interface ValidatorSetMembers {
  /** Hex or TRON base58 addresses, ascending by their 20-byte value. */
  signers: readonly AnyAddress[];
  powers: readonly bigint[];
}

/** The calldata the validator-set verifier expects (IValidatorSet.QuorumProof). */
export type { QuorumProof } from "../staking/index.ts";

/** A hex address or a TRON address (base58 `T...` or hex `41...`): the SDK's one address type. */
export type AnyAddress = TronAnyAddress;
