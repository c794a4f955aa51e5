/** Rows of the store, as the rest of the relayer sees them (amounts as bigint). */
import type { Address, Hex } from "viem";

export interface DutyRecord<State extends string = string, Data = unknown> {
  readonly duty: string;
  readonly id: string;
  readonly state: State;
  readonly data: Data;
  readonly error: string | null;
  /** How many times the record issued transactions. */
  readonly attempts: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/**
 * intended: recorded with its nonce and fees, not signed yet; signed: the latest attempt is
 * recorded and may or may not have reached a node; sent: a node accepted it; mined: a receipt
 * exists, not deep enough yet; confirmed: final; dropped: its nonce was used by a transaction that
 * is not ours (it never executed, the duty may try again).
 */
export type TxStatus = "intended" | "signed" | "sent" | "mined" | "confirmed" | "dropped";
export const openTxStatuses: readonly TxStatus[] = ["intended", "signed", "sent", "mined"];

export interface Fees {
  readonly maxFeePerGas?: bigint | undefined;
  readonly maxPriorityFeePerGas?: bigint | undefined;
  readonly gasPrice?: bigint | undefined;
  /** TRON: sun the transaction may burn at most. */
  readonly feeLimit?: bigint | undefined;
}

export interface NewTx extends Fees {
  readonly chain: string;
  readonly sender: Address;
  /** `true`: the store allocates the account's next nonce (EVM); `false`: no nonce (TRON). */
  readonly useNonce: boolean;
  readonly to: Address;
  readonly data: Hex;
  readonly value: bigint;
  readonly gas: bigint;
}

export interface TxRow extends Fees {
  readonly id: number;
  readonly duty: string;
  readonly recordId: string;
  readonly chain: string;
  readonly sender: Address;
  readonly nonce: number | null;
  readonly to: Address;
  readonly data: Hex;
  readonly value: bigint;
  readonly gas: bigint;
  readonly hash: Hex | null;
  readonly raw: Hex | null;
  readonly status: TxStatus;
  readonly success: boolean | null;
  readonly blockNumber: number | null;
  readonly blockHash: Hex | null;
  readonly sentAt: number | null;
  readonly bumps: number;
  readonly error: string | null;
  readonly createdAt: number;
}

export interface TxAttempt extends Fees {
  readonly txId: number;
  readonly hash: Hex;
  readonly raw: Hex;
  readonly createdAt: number;
}

/** A duty's decision for one record, applied atomically with its intended transactions. */
export interface RecordUpdate {
  readonly duty: string;
  readonly id: string;
  /** The state the decision was taken from; the update is skipped if the record moved meanwhile. */
  readonly fromState: string;
  readonly state: string;
  readonly data: unknown;
  readonly error: string | null;
  readonly txs: readonly NewTx[];
}

/** A record claimed by this process (`Store.claimRecords`): its decision is applied only while the claim is still this one. */
export type ClaimedRecord<State extends string = string, Data = unknown> = DutyRecord<State, Data> & {
  /** Raised by every claim: a decision taken under an older one is refused (`Store.fenceClaims`). */
  readonly claimGeneration: number;
};

/** A named lease (`Store.acquireLease`): one process at a time acts for the name until `expiresAt`. */
export interface LeaseRow {
  readonly name: string;
  readonly holder: string;
  /** Raised whenever another holder takes the lease over. */
  readonly generation: number;
  /** Milliseconds since the epoch, on the database's clock. */
  readonly expiresAt: number;
  readonly acquiredAt: number;
  readonly renewedAt: number;
}
