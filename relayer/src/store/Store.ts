/**
 * The relayer's durable state, as duties, watchers and executors see it. Every decision and every
 * intended transaction is committed here before anything is signed or sent (see `tx/` for how rows
 * are reconciled). `SqliteStore` is the embedded implementation (one daemon per file); a shared
 * database for several relayer processes implements the same interface. No SQL lives outside
 * `store/`: a duty that needs a new kind of query adds a method here.
 *
 * The interface is synchronous, as better-sqlite3 is: `atomically` runs its callback as one
 * database transaction, and nested calls join the outer one.
 */
import type { Address, Hex } from "viem";

import type { DutyRecord, Fees, RecordUpdate, TxAttempt, TxRow, TxStatus } from "./types.ts";

export interface Store {
  close(): void;
  /** The latest migration applied. */
  readonly schemaVersion: number;

  /** Runs `fn` as one transaction (`immediate`: takes the write lock at once). Nested calls join the outer transaction. */
  atomically<T>(fn: () => T, options?: { immediate?: boolean }): T;

  // ---------------------------------------------------------------- duty records
  /** Inserts a new record unless one with the same (duty, id) exists; returns whether it was new. */
  insertRecord(duty: string, id: string, state: string, data: unknown): boolean;
  getRecord<S extends string, D>(duty: string, id: string): DutyRecord<S, D> | undefined;
  /** Records of `duty` not in a terminal state and with no transaction in flight, oldest first. */
  actionableRecords<S extends string, D>(duty: string, terminal: readonly string[], limit: number): DutyRecord<S, D>[];
  /** Whether `duty` has a record whose id starts with `idPrefix` and whose state is not terminal. */
  hasOpenRecord(duty: string, idPrefix: string, terminal: readonly string[]): boolean;
  /** Records of `duty` in `state` (ids starting with `idPrefix`, default all), oldest first. */
  recordsInState<S extends string, D>(duty: string, state: string, idPrefix?: string): DutyRecord<S, D>[];
  /** Records of `duty` whose id starts with `idPrefix`, by id. */
  recordsWithPrefix<S extends string, D>(duty: string, idPrefix: string): DutyRecord<S, D>[];
  countRecordsWithPrefix(duty: string, idPrefix: string): number;
  /** Creation time of the oldest record of `duty` whose id starts with `idPrefix` and whose state is not terminal. */
  oldestOpenCreatedAt(duty: string, idPrefix: string, terminal: readonly string[]): number | undefined;
  /** Creation time of the newest record of `duty` whose id starts with `idPrefix`. */
  latestCreatedAt(duty: string, idPrefix: string): number | undefined;
  countRecordsByState(duty?: string): { duty: string; state: string; count: number }[];
  /**
   * Applies duty decisions and writes their intended transactions, allocating nonces, atomically.
   * A decision whose record is no longer in `fromState` is skipped. Returns the new transaction rows.
   */
  applyUpdates(updates: readonly RecordUpdate[]): TxRow[];
  /** Moves a record without transactions; false if it was not in `fromState`. */
  setRecordState(
    duty: string,
    id: string,
    fromState: string,
    state: string,
    data: unknown,
    error: string | null,
  ): boolean;

  // ---------------------------------------------------------------- transactions
  getTx(id: number): TxRow | undefined;
  txsOfRecord(duty: string, recordId: string): TxRow[];
  /** Transactions not final yet on `chain`, by account and nonce (the order they must be sent in). */
  openTxs(chain: string): TxRow[];
  pendingTxs(): TxRow[];
  countTxsByStatus(): { chain: string; status: TxStatus; count: number }[];
  attemptsOf(txId: number): TxAttempt[];
  /** Records a signed form of the transaction (before it is broadcast) and makes it the current one. */
  recordAttempt(txId: number, attempt: { hash: Hex; raw: Hex } & Fees, bump: boolean): void;
  /** Records several signed forms atomically, each before its broadcast. */
  recordAttempts(list: readonly { txId: number; attempt: { hash: Hex; raw: Hex } & Fees }[]): void;
  /** A node accepted these rows' current attempts. */
  markSent(txIds: number | readonly number[]): void;
  markMined(txId: number, mined: { hash: Hex; blockNumber: number; blockHash: Hex; success: boolean }): void;
  /** The receipt went away (reorg): pending again, its bytes are re-broadcast on the next pass. */
  markUnmined(txId: number, reason: string): void;
  markConfirmed(txId: number): void;
  markDropped(txId: number, reason: string): void;
  setTxError(txId: number, error: string | null): void;

  /** Writes the time of this health check (fails when the store cannot be written, or is locked by another process). */
  heartbeat(at: number): void;

  // ---------------------------------------------------------------- nonces and cursors
  /** Raises the account's next nonce to at least `chainNext` (the node's pending count). */
  syncNonce(chain: string, account: Address, chainNext: number): number;
  nextNonce(chain: string, account: Address): number | undefined;
  getCursor(chain: string, watcher: string): { block: number; blockHash: Hex | null } | undefined;
  setCursor(chain: string, watcher: string, block: number, blockHash: Hex | null): void;
}
