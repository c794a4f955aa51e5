/**
 * The interface every chain kind implements for the executor: EVM chains through viem
 * (`EvmSender`), TRON through TronWeb (`TronSender`). The executor only ever talks to this.
 */
import type { Address, Hex } from "viem";

import type { LocalKey } from "../config/keys.ts";
import type { Fees, TxRow } from "../store/types.ts";

/** What a duty wants done on a chain (the executor adds nonce, gas and fees). */
export interface TxIntent {
  readonly chain: string;
  readonly to: Address;
  readonly data: Hex;
  readonly value?: bigint;
  /** Short description for logs (`transfer 5 BTT to 0x...`). */
  readonly label?: string;
}

export interface ReceiptView {
  readonly hash: Hex;
  readonly blockNumber: number;
  readonly blockHash: Hex;
  readonly success: boolean;
}

export interface HeadView {
  readonly number: number;
  readonly hash: Hex;
  readonly timestamp: number;
}

export interface SignedAttempt extends Fees {
  readonly hash: Hex;
  readonly raw: Hex;
}

/** Thrown by `simulate` when the call would revert: the duty records a failure, nothing is sent. */
export class SimulationRevertedError extends Error {
  override name = "SimulationRevertedError";
}

export interface ChainSender {
  readonly chain: string;
  readonly chainId: number;
  /** Whether transactions are ordered by account nonces (EVM) or not (TRON). */
  readonly usesNonces: boolean;
  readonly confirmations: number;
  /** A sent transaction without receipt for this long is replaced (EVM) or checked for expiry (TRON). */
  readonly stuckAfterMs: number;
  head(): Promise<HeadView>;
  chainIdOnNode(): Promise<number>;
  codeAt(address: Address): Promise<Hex | undefined>;
  /** Native balance of `account` (wei; sun on TRON). */
  balanceOf(account: Address): Promise<bigint>;
  /** Pending transaction count of `account` (EVM). */
  accountNonce(account: Address): Promise<number>;
  /** Simulates the call from `from`; returns the gas limit (or energy-based fee limit) to record. */
  simulate(intent: TxIntent, from: Address): Promise<bigint>;
  /** Fees for a new transaction at current market conditions. */
  quoteFees(): Promise<Fees>;
  /** Fees for a replacement: at least `bumpPercent` above `current`, never above the cap; undefined at the cap. */
  bumpFees(current: Fees, market: Fees): Fees | undefined;
  sign(tx: TxRow, fees: Fees, key: LocalKey): Promise<SignedAttempt>;
  /** Broadcasts signed bytes; throws the node's error (classified by `classifySendError`). */
  broadcast(raw: Hex): Promise<void>;
  receipt(hash: Hex): Promise<ReceiptView | undefined>;
  blockHashAt(number: number): Promise<Hex | undefined>;
  /** Releases connections (WebSocket). */
  close?(): Promise<void>;
  /** TRON: whether a never-included transaction can no longer be included (expired). */
  isExpired?(tx: TxRow, head: HeadView): boolean;
}
