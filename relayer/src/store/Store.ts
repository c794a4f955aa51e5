/**
 * The relayer's durable state, as duties, watchers and executors see it. Every decision and every
 * intended transaction is committed here before anything is signed or sent (see `tx/` for how rows
 * are reconciled). `SqliteStore` is the embedded implementation (one daemon per file); a shared
 * database for several relayer processes implements the same interface. No SQL lives outside
 * `store/`: a duty that needs a new kind of query adds a method here.
 *
 * The interface is asynchronous (PostgreSQL answers over the network; SQLite answers at once with
 * resolved promises). `atomically` runs its callback as one database transaction: every store call
 * made from inside the callback (awaited, in the same async context) joins it, nested `atomically`
 * calls included; calls from elsewhere wait until it commits or rolls back.
 */
import type { Address, Hex } from "viem";

import type { ClaimedRecord, DutyRecord, Fees, LeaseRow, RecordUpdate, TxAttempt, TxRow, TxStatus } from "./types.ts";

export interface Store {
  close(): Promise<void>;
  /** The latest migration applied. */
  schemaVersion(): Promise<number>;
  /** Which engine this is (`status`, logs, metrics). */
  readonly engine: "sqlite" | "postgres";
  /**
   * This process as leases and claims name it (`<processName>:<random>`, new for every start), also
   * written as `txs.created_by` and `tx_attempts.signed_by`.
   */
  readonly holder: string;

  /** Runs `fn` as one transaction (`immediate`: takes the write lock at once). Nested calls join the outer transaction. */
  atomically<T>(fn: () => Promise<T>, options?: { immediate?: boolean }): Promise<T>;

  // ---------------------------------------------------------------- duty records
  /** Inserts a new record unless one with the same (duty, id) exists; returns whether it was new. */
  insertRecord(duty: string, id: string, state: string, data: unknown): Promise<boolean>;
  getRecord<S extends string, D>(duty: string, id: string): Promise<DutyRecord<S, D> | undefined>;
  /** Records of `duty` not in a terminal state and with no transaction in flight, oldest first. */
  actionableRecords<S extends string, D>(
    duty: string,
    terminal: readonly string[],
    limit: number,
  ): Promise<DutyRecord<S, D>[]>;
  /** Whether `duty` has a record whose id starts with `idPrefix` and whose state is not terminal. */
  hasOpenRecord(duty: string, idPrefix: string, terminal: readonly string[]): Promise<boolean>;
  /** Records of `duty` in `state` (ids starting with `idPrefix`, default all), oldest first. */
  recordsInState<S extends string, D>(duty: string, state: string, idPrefix?: string): Promise<DutyRecord<S, D>[]>;
  /** Records of `duty` whose id starts with `idPrefix`, by id. */
  recordsWithPrefix<S extends string, D>(duty: string, idPrefix: string): Promise<DutyRecord<S, D>[]>;
  countRecordsWithPrefix(duty: string, idPrefix: string): Promise<number>;
  /** Creation time of the oldest record of `duty` whose id starts with `idPrefix` and whose state is not terminal. */
  oldestOpenCreatedAt(duty: string, idPrefix: string, terminal: readonly string[]): Promise<number | undefined>;
  /** Creation time of the newest record of `duty` whose id starts with `idPrefix`. */
  latestCreatedAt(duty: string, idPrefix: string): Promise<number | undefined>;
  countRecordsByState(duty?: string): Promise<{ duty: string; state: string; count: number }[]>;
  /**
   * Applies duty decisions and writes their intended transactions, allocating nonces, atomically.
   * A decision whose record is no longer in `fromState` is skipped. Returns the new transaction rows.
   */
  applyUpdates(updates: readonly RecordUpdate[]): Promise<TxRow[]>;
  /** Moves a record without transactions; false if it was not in `fromState`. */
  setRecordState(
    duty: string,
    id: string,
    fromState: string,
    state: string,
    data: unknown,
    error: string | null,
  ): Promise<boolean>;

  // ---------------------------------------------------------------- claims and leases (several processes)
  /**
   * Claims up to `limit` actionable records of `duty` (as `actionableRecords`) that no other process
   * holds a live claim on, for `ttlMs`: PostgreSQL `FOR UPDATE SKIP LOCKED`, so processes claiming at
   * once get different records. Each claim raises the record's claim generation.
   */
  claimRecords<S extends string, D>(
    duty: string,
    terminal: readonly string[],
    limit: number,
    ttlMs: number,
  ): Promise<ClaimedRecord<S, D>[]>;
  /**
   * Inside `atomically`, before applying decisions: the ids of `claims` this process still holds
   * at the same generation, locked until the transaction ends (a takeover waits for it). A decision
   * on any other record must not be applied: another process took it over.
   */
  fenceClaims(duty: string, claims: readonly { id: string; generation: number }[]): Promise<Set<string>>;
  /** Gives up this process's claims on `ids` (decided, or nothing to do yet). */
  releaseClaims(duty: string, ids: readonly string[]): Promise<void>;
  /**
   * Takes the lease `name` for `ttlMs` (on the database's clock) if it is free, expired or already
   * this process's; returns its generation, raised when it changes holder, or undefined while
   * another process holds it.
   */
  acquireLease(name: string, ttlMs: number): Promise<number | undefined>;
  /** Throws `LeaseLostError` unless this process holds `name` at `generation`, unexpired; inside `atomically` the lease row stays locked (no takeover) until the transaction ends. */
  checkLease(name: string, generation: number): Promise<void>;
  releaseLease(name: string): Promise<void>;
  /** Every lease, live or expired, by name. */
  leases(): Promise<LeaseRow[]>;
  /** Live record claims per (holder, duty). */
  claimsByHolder(): Promise<{ holder: string; duty: string; count: number }[]>;

  // ---------------------------------------------------------------- transactions
  getTx(id: number): Promise<TxRow | undefined>;
  txsOfRecord(duty: string, recordId: string): Promise<TxRow[]>;
  /** Transactions not final yet on `chain`, by account and nonce (the order they must be sent in). */
  openTxs(chain: string): Promise<TxRow[]>;
  pendingTxs(): Promise<TxRow[]>;
  countTxsByStatus(): Promise<{ chain: string; status: TxStatus; count: number }[]>;
  attemptsOf(txId: number): Promise<TxAttempt[]>;
  /** Records a signed form of the transaction (before it is broadcast) and makes it the current one. */
  recordAttempt(txId: number, attempt: { hash: Hex; raw: Hex } & Fees, bump: boolean): Promise<void>;
  /** Records several signed forms atomically, each before its broadcast. */
  recordAttempts(list: readonly { txId: number; attempt: { hash: Hex; raw: Hex } & Fees }[]): Promise<void>;
  /** A node accepted these rows' current attempts. */
  markSent(txIds: number | readonly number[]): Promise<void>;
  markMined(txId: number, mined: { hash: Hex; blockNumber: number; blockHash: Hex; success: boolean }): Promise<void>;
  /** The receipt went away (reorg): pending again, its bytes are re-broadcast on the next pass. */
  markUnmined(txId: number, reason: string): Promise<void>;
  markConfirmed(txId: number): Promise<void>;
  markDropped(txId: number, reason: string): Promise<void>;
  setTxError(txId: number, error: string | null): Promise<void>;

  /** Writes the time of this health check (fails when the store cannot be written, or is locked by another process). */
  heartbeat(at: number): Promise<void>;

  // ---------------------------------------------------------------- nonces and cursors
  /** Raises the account's next nonce to at least `chainNext` (the node's pending count). */
  syncNonce(chain: string, account: Address, chainNext: number): Promise<number>;
  nextNonce(chain: string, account: Address): Promise<number | undefined>;
  getCursor(chain: string, watcher: string): Promise<{ block: number; blockHash: Hex | null } | undefined>;
  setCursor(chain: string, watcher: string, block: number, blockHash: Hex | null): Promise<void>;
}
