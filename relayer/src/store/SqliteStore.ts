/**
 * The embedded `Store`: one SQLite file (better-sqlite3, WAL, synchronous=FULL so that a committed
 * write survives a crash or power loss). Every SQL statement of the relayer is in this file.
 */
import Database from "better-sqlite3";
import type { Address, Hex } from "viem";

import { StoreError } from "../errors.ts";
import { acquireStoreLock, type StoreLock } from "./lock.ts";
import { migrations } from "./migrations.ts";
import type { Store } from "./Store.ts";
import type { DutyRecord, Fees, RecordUpdate, TxAttempt, TxRow, TxStatus } from "./types.ts";

type Row = Record<string, unknown>;

export interface StoreOptions {
  readonly readonly?: boolean;
  /**
   * How long a statement waits for a lock held by another process before failing with
   * SQLITE_BUSY. better-sqlite3 is synchronous: the whole daemon (its HTTP server included) waits
   * with it, so keep it short; the duty's run fails and is retried.
   */
  readonly busyTimeoutMs?: number;
  /** Take the `<path>.lock` file (one daemon per store); released by `close`. */
  readonly exclusive?: boolean;
  /** Clock for created/updated timestamps (tests). */
  readonly now?: () => number;
}

export class SqliteStore implements Store {
  /** The connection itself, for tests and the `status` command: duties go through the `Store` methods. */
  readonly db: Database.Database;
  private readonly nowPrivate: () => number;
  private readonly lock: StoreLock | undefined;

  constructor(path: string, options: StoreOptions = {}) {
    this.nowPrivate = options.now ?? Date.now;
    this.lock = options.exclusive === true && path !== ":memory:" ? acquireStoreLock(path) : undefined;
    try {
      this.db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    } catch (error) {
      this.lock?.release();
      const reason = error instanceof Error ? error.message : String(error);
      throw new StoreError(`cannot open the relayer database ${path}: ${reason}`, {
        cause: error,
        hints: ["store.path is relative to the config file; its folder must exist and be writable by the relayer."],
      });
    }
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5_000))}`);
    if (options.readonly !== true) {
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("synchronous = FULL");
      this.db.pragma("foreign_keys = ON");
      this.migrate();
    } else {
      this.checkVersion();
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
    this.lock?.release();
  }

  heartbeat(at: number): void {
    this.db
      .prepare("INSERT INTO heartbeat (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at")
      .run(at);
  }

  get schemaVersion(): number {
    const exists = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'").get();
    if (exists === undefined) return 0;
    const row = this.db.prepare("SELECT MAX(version) AS v FROM schema_migrations").get() as { v: number | null };
    return row.v ?? 0;
  }

  private checkVersion(): number {
    const current = this.schemaVersion;
    const latest = migrations[migrations.length - 1]?.version ?? 0;
    if (current > latest)
      throw new StoreError("the relayer database was written by a newer relayer", {
        details: { databaseVersion: current, supportedVersion: latest },
        hints: ["Run the newer relayer, or restore a backup made for this version."],
      });
    return current;
  }

  private migrate(): void {
    this.db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)",
    );
    const current = this.checkVersion();
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      this.db.transaction(() => {
        this.db.exec(migration.sql);
        this.db
          .prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
          .run(migration.version, migration.name, this.nowPrivate());
      })();
    }
  }

  // ---------------------------------------------------------------- duty records

  /** Inserts a new record unless one with the same (duty, id) exists; returns whether it was new. */
  insertRecord(duty: string, id: string, state: string, data: unknown): boolean {
    const now = this.nowPrivate();
    const result = this.db
      .prepare(
        "INSERT OR IGNORE INTO duty_records (duty, id, state, data, attempts, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)",
      )
      .run(duty, id, state, JSON.stringify(data), now, now);
    return result.changes === 1;
  }

  getRecord<S extends string, D>(duty: string, id: string): DutyRecord<S, D> | undefined {
    const row = this.db.prepare("SELECT * FROM duty_records WHERE duty = ? AND id = ?").get(duty, id) as
      Row | undefined;
    return row === undefined ? undefined : toRecord<S, D>(row);
  }

  /**
   * Records of `duty` that are not in a terminal state and have no transaction in flight: the
   * ones a duty run may decide on. Oldest first.
   */
  actionableRecords<S extends string, D>(duty: string, terminal: readonly string[], limit: number): DutyRecord<S, D>[] {
    const placeholders = terminal.map(() => "?").join(",") || "''";
    const rows = this.db
      .prepare(
        `SELECT r.* FROM duty_records r
         WHERE r.duty = ? AND r.state NOT IN (${placeholders})
           AND NOT EXISTS (SELECT 1 FROM txs t WHERE t.duty = r.duty AND t.record_id = r.id
                           AND t.status IN ('intended','signed','sent','mined'))
         ORDER BY r.created_at, r.id LIMIT ?`,
      )
      .all(duty, ...terminal, limit) as Row[];
    return rows.map((row) => toRecord<S, D>(row));
  }

  /** Whether `duty` has a record whose id starts with `idPrefix` and whose state is not terminal. */
  hasOpenRecord(duty: string, idPrefix: string, terminal: readonly string[]): boolean {
    const placeholders = terminal.map(() => "?").join(",") || "''";
    const escaped = likePrefix(idPrefix);
    return (
      this.db
        .prepare(
          `SELECT 1 FROM duty_records WHERE duty = ? AND id LIKE ? ESCAPE '\\' AND state NOT IN (${placeholders}) LIMIT 1`,
        )
        .get(duty, `${escaped}%`, ...terminal) !== undefined
    );
  }

  countRecordsByState(duty?: string): { duty: string; state: string; count: number }[] {
    const sql =
      "SELECT duty, state, COUNT(*) AS count FROM duty_records" +
      (duty === undefined ? "" : " WHERE duty = ?") +
      " GROUP BY duty, state ORDER BY duty, state";
    const statement = this.db.prepare(sql);
    return (duty === undefined ? statement.all() : statement.all(duty)) as {
      duty: string;
      state: string;
      count: number;
    }[];
  }

  atomically<T>(fn: () => T, options: { immediate?: boolean } = {}): T {
    const transaction = this.db.transaction(fn);
    return options.immediate === true ? transaction.immediate() : transaction();
  }

  recordsInState<S extends string, D>(duty: string, state: string, idPrefix = ""): DutyRecord<S, D>[] {
    const rows = this.db
      .prepare(
        "SELECT * FROM duty_records WHERE duty = ? AND state = ? AND id LIKE ? ESCAPE '\\' ORDER BY created_at, id",
      )
      .all(duty, state, `${likePrefix(idPrefix)}%`) as Row[];
    return rows.map((row) => toRecord<S, D>(row));
  }

  recordsWithPrefix<S extends string, D>(duty: string, idPrefix: string): DutyRecord<S, D>[] {
    const rows = this.db
      .prepare("SELECT * FROM duty_records WHERE duty = ? AND id LIKE ? ESCAPE '\\' ORDER BY id")
      .all(duty, `${likePrefix(idPrefix)}%`) as Row[];
    return rows.map((row) => toRecord<S, D>(row));
  }

  countRecordsWithPrefix(duty: string, idPrefix: string): number {
    const row = this.db
      .prepare("SELECT COUNT(*) AS n FROM duty_records WHERE duty = ? AND id LIKE ? ESCAPE '\\'")
      .get(duty, `${likePrefix(idPrefix)}%`) as { n: number };
    return row.n;
  }

  oldestOpenCreatedAt(duty: string, idPrefix: string, terminal: readonly string[]): number | undefined {
    const placeholders = terminal.map(() => "?").join(",") || "''";
    const row = this.db
      .prepare(
        `SELECT MIN(created_at) AS at FROM duty_records WHERE duty = ? AND id LIKE ? ESCAPE '\\' AND state NOT IN (${placeholders})`,
      )
      .get(duty, `${likePrefix(idPrefix)}%`, ...terminal) as { at: number | null };
    return row.at ?? undefined;
  }

  latestCreatedAt(duty: string, idPrefix: string): number | undefined {
    const row = this.db
      .prepare("SELECT MAX(created_at) AS at FROM duty_records WHERE duty = ? AND id LIKE ? ESCAPE '\\'")
      .get(duty, `${likePrefix(idPrefix)}%`) as { at: number | null };
    return row.at ?? undefined;
  }

  /**
   * Applies duty decisions and writes their intended transactions, allocating nonces, in one
   * SQLite transaction. A decision whose record is no longer in `fromState` is skipped. Returns
   * the new transaction rows.
   */
  applyUpdates(updates: readonly RecordUpdate[]): TxRow[] {
    const now = this.nowPrivate();
    const setRecord = this.db.prepare(
      `UPDATE duty_records SET state = ?, data = ?, error = ?, attempts = attempts + ?, updated_at = ?
       WHERE duty = ? AND id = ? AND state = ?`,
    );
    const nextNonce = this.db.prepare("SELECT next FROM nonces WHERE chain = ? AND account = ?");
    const bumpNonce = this.db.prepare("UPDATE nonces SET next = next + 1 WHERE chain = ? AND account = ?");
    const insertTx = this.db.prepare(
      `INSERT INTO txs (duty, record_id, chain, sender, nonce, to_address, data, value, gas, max_fee,
         max_priority_fee, gas_price, fee_limit, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'intended', ?, ?)`,
    );
    const ids: number[] = [];
    this.db.transaction(() => {
      for (const update of updates) {
        const changed = setRecord.run(
          update.state,
          JSON.stringify(update.data),
          update.error,
          update.txs.length > 0 ? 1 : 0,
          now,
          update.duty,
          update.id,
          update.fromState,
        ).changes;
        if (changed === 0) continue;
        for (const tx of update.txs) {
          let nonce: number | null = null;
          if (tx.useNonce) {
            const row = nextNonce.get(tx.chain, tx.sender) as { next: number } | undefined;
            if (row === undefined)
              throw new StoreError(`no nonce is known for ${tx.sender} on ${tx.chain}`, {
                hints: ["Call syncNonce before recording transactions for an account."],
              });
            nonce = row.next;
            bumpNonce.run(tx.chain, tx.sender);
          }
          const result = insertTx.run(
            update.duty,
            update.id,
            tx.chain,
            tx.sender,
            nonce,
            tx.to,
            tx.data,
            tx.value.toString(),
            tx.gas.toString(),
            str(tx.maxFeePerGas),
            str(tx.maxPriorityFeePerGas),
            str(tx.gasPrice),
            str(tx.feeLimit),
            now,
            now,
          );
          ids.push(Number(result.lastInsertRowid));
        }
      }
    })();
    return ids.map((id) => this.getTx(id) as TxRow);
  }

  /** Moves a record without transactions (e.g. to a terminal state); false if it was not in `fromState`. */
  setRecordState(
    duty: string,
    id: string,
    fromState: string,
    state: string,
    data: unknown,
    error: string | null,
  ): boolean {
    return (
      this.db
        .prepare(
          "UPDATE duty_records SET state = ?, data = ?, error = ?, updated_at = ? WHERE duty = ? AND id = ? AND state = ?",
        )
        .run(state, JSON.stringify(data), error, this.nowPrivate(), duty, id, fromState).changes === 1
    );
  }

  // ---------------------------------------------------------------- transactions

  getTx(id: number): TxRow | undefined {
    const row = this.db.prepare("SELECT * FROM txs WHERE id = ?").get(id) as Row | undefined;
    return row === undefined ? undefined : toTx(row);
  }

  txsOfRecord(duty: string, recordId: string): TxRow[] {
    return (
      this.db.prepare("SELECT * FROM txs WHERE duty = ? AND record_id = ? ORDER BY id").all(duty, recordId) as Row[]
    ).map(toTx);
  }

  /** Transactions not final yet on `chain`, by account and nonce (the order they must be sent in). */
  openTxs(chain: string): TxRow[] {
    return (
      this.db
        .prepare(
          "SELECT * FROM txs WHERE chain = ? AND status IN ('intended','signed','sent','mined') ORDER BY sender, nonce, id",
        )
        .all(chain) as Row[]
    ).map(toTx);
  }

  pendingTxs(): TxRow[] {
    return (
      this.db
        .prepare(
          "SELECT * FROM txs WHERE status IN ('intended','signed','sent','mined') ORDER BY chain, sender, nonce, id",
        )
        .all() as Row[]
    ).map(toTx);
  }

  countTxsByStatus(): { chain: string; status: TxStatus; count: number }[] {
    return this.db
      .prepare("SELECT chain, status, COUNT(*) AS count FROM txs GROUP BY chain, status ORDER BY chain, status")
      .all() as { chain: string; status: TxStatus; count: number }[];
  }

  attemptsOf(txId: number): TxAttempt[] {
    return (
      this.db.prepare("SELECT * FROM tx_attempts WHERE tx_id = ? ORDER BY created_at, rowid").all(txId) as Row[]
    ).map((row) => ({
      txId: Number(row.tx_id),
      hash: row.hash as Hex,
      raw: row.raw as Hex,
      createdAt: Number(row.created_at),
      ...fees(row),
    }));
  }

  /** Records a signed form of the transaction (before it is broadcast) and makes it the current one. */
  recordAttempt(txId: number, attempt: { hash: Hex; raw: Hex } & Fees, bump: boolean): void {
    const now = this.nowPrivate();
    this.db.transaction(() => {
      this.db
        .prepare(
          "INSERT OR IGNORE INTO tx_attempts (tx_id, hash, raw, max_fee, max_priority_fee, gas_price, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .run(
          txId,
          attempt.hash,
          attempt.raw,
          str(attempt.maxFeePerGas),
          str(attempt.maxPriorityFeePerGas),
          str(attempt.gasPrice),
          now,
        );
      this.db
        .prepare(
          `UPDATE txs SET hash = ?, raw = ?, max_fee = ?, max_priority_fee = ?, gas_price = ?, fee_limit = COALESCE(?, fee_limit),
             status = 'signed', bumps = bumps + ?, updated_at = ? WHERE id = ?`,
        )
        .run(
          attempt.hash,
          attempt.raw,
          str(attempt.maxFeePerGas),
          str(attempt.maxPriorityFeePerGas),
          str(attempt.gasPrice),
          str(attempt.feeLimit),
          bump ? 1 : 0,
          now,
          txId,
        );
    })();
  }

  /** Records several signed forms in one transaction (one fsync), each before its broadcast. */
  recordAttempts(list: readonly { txId: number; attempt: { hash: Hex; raw: Hex } & Fees }[]): void {
    if (list.length === 0) return;
    this.db.transaction(() => {
      for (const { txId, attempt } of list) this.recordAttempt(txId, attempt, false);
    })();
  }

  /** A node accepted these rows' current attempts. */
  markSent(txIds: number | readonly number[]): void {
    const ids = typeof txIds === "number" ? [txIds] : txIds;
    if (ids.length === 0) return;
    const statement = this.db.prepare(
      "UPDATE txs SET status = 'sent', sent_at = ?, error = NULL, updated_at = ? WHERE id = ? AND status IN ('signed','sent')",
    );
    const now = this.nowPrivate();
    this.db.transaction(() => {
      for (const id of ids) statement.run(now, now, id);
    })();
  }

  markMined(txId: number, mined: { hash: Hex; blockNumber: number; blockHash: Hex; success: boolean }): void {
    this.db
      .prepare(
        "UPDATE txs SET status = 'mined', hash = ?, raw = COALESCE((SELECT raw FROM tx_attempts WHERE tx_id = ? AND hash = ?), raw), block_number = ?, block_hash = ?, success = ?, updated_at = ? WHERE id = ?",
      )
      .run(
        mined.hash,
        txId,
        mined.hash,
        mined.blockNumber,
        mined.blockHash,
        mined.success ? 1 : 0,
        this.nowPrivate(),
        txId,
      );
  }

  /** The receipt went away (reorg): pending again, its bytes are re-broadcast on the next pass. */
  markUnmined(txId: number, reason: string): void {
    this.db
      .prepare(
        "UPDATE txs SET status = 'signed', block_number = NULL, block_hash = NULL, success = NULL, sent_at = ?, error = ?, updated_at = ? WHERE id = ?",
      )
      .run(this.nowPrivate(), reason, this.nowPrivate(), txId);
  }

  markConfirmed(txId: number): void {
    this.db
      .prepare("UPDATE txs SET status = 'confirmed', updated_at = ? WHERE id = ? AND status = 'mined'")
      .run(this.nowPrivate(), txId);
  }

  markDropped(txId: number, reason: string): void {
    this.db
      .prepare("UPDATE txs SET status = 'dropped', error = ?, updated_at = ? WHERE id = ?")
      .run(reason, this.nowPrivate(), txId);
  }

  setTxError(txId: number, error: string | null): void {
    this.db.prepare("UPDATE txs SET error = ?, updated_at = ? WHERE id = ?").run(error, this.nowPrivate(), txId);
  }

  // ---------------------------------------------------------------- nonces

  /** Raises the account's next nonce to at least `chainNext` (the node's pending count). */
  syncNonce(chain: string, account: Address, chainNext: number): number {
    this.db
      .prepare(
        "INSERT INTO nonces (chain, account, next) VALUES (?, ?, ?) ON CONFLICT (chain, account) DO UPDATE SET next = MAX(next, excluded.next)",
      )
      .run(chain, account, chainNext);
    return this.nextNonce(chain, account) as number;
  }

  nextNonce(chain: string, account: Address): number | undefined {
    const row = this.db.prepare("SELECT next FROM nonces WHERE chain = ? AND account = ?").get(chain, account) as
      { next: number } | undefined;
    return row?.next;
  }

  // ---------------------------------------------------------------- cursors

  getCursor(chain: string, watcher: string): { block: number; blockHash: Hex | null } | undefined {
    const row = this.db
      .prepare("SELECT block, block_hash FROM cursors WHERE chain = ? AND watcher = ?")
      .get(chain, watcher) as Row | undefined;
    return row === undefined
      ? undefined
      : { block: Number(row.block), blockHash: (row.block_hash as Hex | null) ?? null };
  }

  setCursor(chain: string, watcher: string, block: number, blockHash: Hex | null): void {
    this.db
      .prepare(
        "INSERT INTO cursors (chain, watcher, block, block_hash, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (chain, watcher) DO UPDATE SET block = excluded.block, block_hash = excluded.block_hash, updated_at = excluded.updated_at",
      )
      .run(chain, watcher, block, blockHash, this.nowPrivate());
  }
}

/** `prefix` with LIKE's wildcards escaped (`ESCAPE '\\'`). */
function likePrefix(prefix: string): string {
  return prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function str(value: bigint | undefined): string | null {
  return value === undefined ? null : value.toString();
}

function big(value: unknown): bigint | undefined {
  return value === null || value === undefined ? undefined : BigInt(value as string);
}

function fees(row: Row): Fees {
  return {
    maxFeePerGas: big(row.max_fee),
    maxPriorityFeePerGas: big(row.max_priority_fee),
    gasPrice: big(row.gas_price),
    feeLimit: big(row.fee_limit),
  };
}

function toRecord<S extends string, D>(row: Row): DutyRecord<S, D> {
  return {
    duty: row.duty as string,
    id: row.id as string,
    state: row.state as S,
    data: JSON.parse(row.data as string) as D,
    error: (row.error as string | null) ?? null,
    attempts: Number(row.attempts),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function toTx(row: Row): TxRow {
  return {
    id: Number(row.id),
    duty: row.duty as string,
    recordId: row.record_id as string,
    chain: row.chain as string,
    sender: row.sender as Address,
    nonce: row.nonce === null ? null : Number(row.nonce),
    to: row.to_address as Address,
    data: row.data as Hex,
    value: BigInt(row.value as string),
    gas: BigInt(row.gas as string),
    ...fees(row),
    hash: (row.hash as Hex | null) ?? null,
    raw: (row.raw as Hex | null) ?? null,
    status: row.status as TxStatus,
    success: row.success === null ? null : row.success === 1,
    blockNumber: row.block_number === null ? null : Number(row.block_number),
    blockHash: (row.block_hash as Hex | null) ?? null,
    sentAt: row.sent_at === null ? null : Number(row.sent_at),
    bumps: Number(row.bumps),
    error: (row.error as string | null) ?? null,
    createdAt: Number(row.created_at),
  };
}
