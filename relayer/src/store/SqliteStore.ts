/**
 * The embedded `Store`: one SQLite file (better-sqlite3, WAL, synchronous=FULL so that a committed
 * write survives a crash or power loss). Every SQL statement of the relayer is in this file.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { hostname } from "node:os";

import Database from "better-sqlite3";
import type { Address, Hex } from "viem";

import { LeaseLostError, StoreError } from "../errors.ts";
import { acquireStoreLock, type StoreLock } from "./lock.ts";
import { migrations } from "./migrations.ts";
import type { Store } from "./Store.ts";
import {
  fees,
  likePrefix,
  newHolder,
  str,
  toLease,
  toRecord,
  toTx,
  TX_INSERT_COLUMNS,
  txInsertValues,
  type Row,
} from "./rows.ts";
import type { ClaimedRecord, DutyRecord, Fees, LeaseRow, RecordUpdate, TxAttempt, TxRow, TxStatus } from "./types.ts";

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
  /** This process's name in leases and claims (default `<hostname>:<pid>`); a random suffix is added. */
  readonly processName?: string;
}

export class SqliteStore implements Store {
  /** The connection itself, for tests and the `status` command: duties go through the `Store` methods. */
  readonly db: Database.Database;
  private readonly nowPrivate: () => number;
  private readonly lock: StoreLock | undefined;
  readonly engine = "sqlite";
  readonly holder: string;
  /**
   * The transaction the current async context runs in: its savepoint depth, and whether it is still
   * open (work started inside it may outlive it: a cached promise awaited later elsewhere).
   */
  private readonly context = new AsyncLocalStorage<{ readonly depth: number; readonly tx: { open: boolean } }>();
  /** Settles when the open transaction ends. */
  private active: Promise<void> | undefined;

  constructor(path: string, options: StoreOptions = {}) {
    this.nowPrivate = options.now ?? Date.now;
    this.holder = newHolder(options.processName ?? `${hostname()}:${process.pid}`);
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

  async close(): Promise<void> {
    while (this.blocked()) await this.active;
    if (this.db.open) this.db.close();
    this.lock?.release();
  }

  async heartbeat(at: number): Promise<void> {
    while (this.blocked()) await this.active;
    this.db
      .prepare("INSERT INTO heartbeat (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at")
      .run(at);
  }

  async schemaVersion(): Promise<number> {
    return this.version();
  }

  private version(): number {
    const exists = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'").get();
    if (exists === undefined) return 0;
    const row = this.db.prepare("SELECT MAX(version) AS v FROM schema_migrations").get() as { v: number | null };
    return row.v ?? 0;
  }

  private checkVersion(): number {
    const current = this.version();
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
  async insertRecord(duty: string, id: string, state: string, data: unknown): Promise<boolean> {
    while (this.blocked()) await this.active;
    const now = this.nowPrivate();
    const result = this.db
      .prepare(
        "INSERT OR IGNORE INTO duty_records (duty, id, state, data, attempts, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)",
      )
      .run(duty, id, state, JSON.stringify(data), now, now);
    return result.changes === 1;
  }

  async getRecord<S extends string, D>(duty: string, id: string): Promise<DutyRecord<S, D> | undefined> {
    while (this.blocked()) await this.active;
    const row = this.db.prepare("SELECT * FROM duty_records WHERE duty = ? AND id = ?").get(duty, id) as
      Row | undefined;
    return row === undefined ? undefined : toRecord<S, D>(row);
  }

  /**
   * Records of `duty` that are not in a terminal state and have no transaction in flight: the
   * ones a duty run may decide on. Oldest first.
   */
  async actionableRecords<S extends string, D>(
    duty: string,
    terminal: readonly string[],
    limit: number,
  ): Promise<DutyRecord<S, D>[]> {
    while (this.blocked()) await this.active;
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

  // ---------------------------------------------------------------- claims and leases (one process per file: never contended)

  async claimRecords<S extends string, D>(
    duty: string,
    terminal: readonly string[],
    limit: number,
    ttlMs: number,
  ): Promise<ClaimedRecord<S, D>[]> {
    while (this.blocked()) await this.active;
    const now = this.nowPrivate();
    const placeholders = terminal.map(() => "?").join(",") || "''";
    const rows = this.db.transaction(() => {
      const picked = this.db
        .prepare(
          `SELECT r.id FROM duty_records r
           WHERE r.duty = ? AND r.state NOT IN (${placeholders})
             AND NOT EXISTS (SELECT 1 FROM txs t WHERE t.duty = r.duty AND t.record_id = r.id
                             AND t.status IN ('intended','signed','sent','mined'))
           ORDER BY r.created_at, r.id LIMIT ?`,
        )
        // One process per file (the lock file): a claim of another holder is a dead process's.
        .all(duty, ...terminal, limit) as { id: string }[];
      const claim = this.db.prepare(
        "UPDATE duty_records SET claim_holder = ?, claim_gen = claim_gen + 1, claim_until = ? WHERE duty = ? AND id = ? RETURNING *",
      );
      return picked.map(({ id }) => claim.get(this.holder, now + Math.floor(ttlMs), duty, id) as Row);
    })();
    return rows.map((row) => ({ ...toRecord<S, D>(row), claimGeneration: Number(row.claim_gen) }));
  }

  async fenceClaims(duty: string, claims: readonly { id: string; generation: number }[]): Promise<Set<string>> {
    while (this.blocked()) await this.active;
    const get = this.db.prepare("SELECT claim_gen FROM duty_records WHERE duty = ? AND id = ? AND claim_holder = ?");
    return new Set(
      claims
        .filter(
          (c) => (get.get(duty, c.id, this.holder) as { claim_gen: number } | undefined)?.claim_gen === c.generation,
        )
        .map((c) => c.id),
    );
  }

  async releaseClaims(duty: string, ids: readonly string[]): Promise<void> {
    while (this.blocked()) await this.active;
    const release = this.db.prepare(
      "UPDATE duty_records SET claim_holder = NULL, claim_until = 0 WHERE duty = ? AND id = ? AND claim_holder = ?",
    );
    this.db.transaction(() => {
      for (const id of ids) release.run(duty, id, this.holder);
    })();
  }

  async acquireLease(name: string, ttlMs: number): Promise<number | undefined> {
    while (this.blocked()) await this.active;
    const now = this.nowPrivate();
    const row = this.db
      .prepare(
        `INSERT INTO leases (name, holder, generation, expires_at, acquired_at, renewed_at) VALUES (?, ?, 1, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET
           generation = CASE WHEN leases.holder = excluded.holder THEN leases.generation ELSE leases.generation + 1 END,
           acquired_at = CASE WHEN leases.holder = excluded.holder THEN leases.acquired_at ELSE excluded.acquired_at END,
           holder = excluded.holder, expires_at = excluded.expires_at, renewed_at = excluded.renewed_at
         RETURNING generation`,
      )
      // One process per file (the lock file): another holder is a process that died, taken over at once.
      .get(name, this.holder, now + Math.floor(ttlMs), now, now) as { generation: number } | undefined;
    return row?.generation;
  }

  async checkLease(name: string, generation: number): Promise<void> {
    while (this.blocked()) await this.active;
    const row = this.db
      .prepare("SELECT generation FROM leases WHERE name = ? AND holder = ? AND expires_at > ?")
      .get(name, this.holder, this.nowPrivate()) as { generation: number } | undefined;
    if (row?.generation !== generation)
      throw new LeaseLostError(`this process no longer holds the lease ${name}`, {
        details: { lease: name, holder: this.holder, generation },
        hints: ["Another relayer process took it over; this one stops acting for it and tries to take it again later."],
      });
  }

  async releaseLease(name: string): Promise<void> {
    while (this.blocked()) await this.active;
    this.db.prepare("UPDATE leases SET expires_at = 0 WHERE name = ? AND holder = ?").run(name, this.holder);
  }

  async leases(): Promise<LeaseRow[]> {
    while (this.blocked()) await this.active;
    return (this.db.prepare("SELECT * FROM leases ORDER BY name").all() as Row[]).map(toLease);
  }

  async claimsByHolder(): Promise<{ holder: string; duty: string; count: number }[]> {
    while (this.blocked()) await this.active;
    return this.db
      .prepare(
        `SELECT claim_holder AS holder, duty, COUNT(*) AS count FROM duty_records
         WHERE claim_holder IS NOT NULL AND claim_until > ? GROUP BY claim_holder, duty ORDER BY 1, 2`,
      )
      .all(this.nowPrivate()) as { holder: string; duty: string; count: number }[];
  }

  /** Whether `duty` has a record whose id starts with `idPrefix` and whose state is not terminal. */
  async hasOpenRecord(duty: string, idPrefix: string, terminal: readonly string[]): Promise<boolean> {
    while (this.blocked()) await this.active;
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

  async countRecordsByState(duty?: string): Promise<{ duty: string; state: string; count: number }[]> {
    while (this.blocked()) await this.active;
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

  /**
   * One SQLite transaction around `fn` (`BEGIN IMMEDIATE` when asked). Store calls from inside `fn`
   * join it (a nested `atomically` is a savepoint); calls from other async contexts wait until it
   * ends, so nothing unrelated lands in it or in its rollback.
   */
  async atomically<T>(fn: () => Promise<T>, options: { immediate?: boolean } = {}): Promise<T> {
    const outer = this.inside();
    if (outer !== undefined) {
      const name = `s${outer.depth}`;
      this.db.exec(`SAVEPOINT ${name}`);
      try {
        const result = await this.context.run({ depth: outer.depth + 1, tx: outer.tx }, fn);
        this.db.exec(`RELEASE ${name}`);
        return result;
      } catch (error) {
        this.db.exec(`ROLLBACK TO ${name}`);
        this.db.exec(`RELEASE ${name}`);
        throw error;
      }
    }
    while (this.blocked()) await this.active;
    let release!: () => void;
    this.active = new Promise<void>((resolve) => (release = resolve));
    const tx = { open: true };
    try {
      this.db.exec(options.immediate === true ? "BEGIN IMMEDIATE" : "BEGIN");
      try {
        const result = await this.context.run({ depth: 1, tx }, fn);
        this.db.exec("COMMIT");
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec("ROLLBACK");
        throw error;
      }
    } finally {
      tx.open = false;
      this.active = undefined;
      release();
    }
  }

  /**
   * Whether a transaction of another async context is open. Every method waits while it is, and
   * runs its statements synchronously right after the check, so nothing slips in between.
   */
  private blocked(): boolean {
    return this.active !== undefined && this.inside() === undefined;
  }

  /** The open transaction the current async context runs in, if any. */
  private inside(): { readonly depth: number; readonly tx: { open: boolean } } | undefined {
    const context = this.context.getStore();
    return context?.tx.open === true ? context : undefined;
  }

  async recordsInState<S extends string, D>(duty: string, state: string, idPrefix = ""): Promise<DutyRecord<S, D>[]> {
    while (this.blocked()) await this.active;
    const rows = this.db
      .prepare(
        "SELECT * FROM duty_records WHERE duty = ? AND state = ? AND id LIKE ? ESCAPE '\\' ORDER BY created_at, id",
      )
      .all(duty, state, `${likePrefix(idPrefix)}%`) as Row[];
    return rows.map((row) => toRecord<S, D>(row));
  }

  async recordsWithPrefix<S extends string, D>(duty: string, idPrefix: string): Promise<DutyRecord<S, D>[]> {
    while (this.blocked()) await this.active;
    const rows = this.db
      .prepare("SELECT * FROM duty_records WHERE duty = ? AND id LIKE ? ESCAPE '\\' ORDER BY id")
      .all(duty, `${likePrefix(idPrefix)}%`) as Row[];
    return rows.map((row) => toRecord<S, D>(row));
  }

  async countRecordsWithPrefix(duty: string, idPrefix: string): Promise<number> {
    while (this.blocked()) await this.active;
    const row = this.db
      .prepare("SELECT COUNT(*) AS n FROM duty_records WHERE duty = ? AND id LIKE ? ESCAPE '\\'")
      .get(duty, `${likePrefix(idPrefix)}%`) as { n: number };
    return row.n;
  }

  async oldestOpenCreatedAt(duty: string, idPrefix: string, terminal: readonly string[]): Promise<number | undefined> {
    while (this.blocked()) await this.active;
    const placeholders = terminal.map(() => "?").join(",") || "''";
    const row = this.db
      .prepare(
        `SELECT MIN(created_at) AS at FROM duty_records WHERE duty = ? AND id LIKE ? ESCAPE '\\' AND state NOT IN (${placeholders})`,
      )
      .get(duty, `${likePrefix(idPrefix)}%`, ...terminal) as { at: number | null };
    return row.at ?? undefined;
  }

  async latestCreatedAt(duty: string, idPrefix: string): Promise<number | undefined> {
    while (this.blocked()) await this.active;
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
  async applyUpdates(updates: readonly RecordUpdate[]): Promise<TxRow[]> {
    while (this.blocked()) await this.active;
    const now = this.nowPrivate();
    const setRecord = this.db.prepare(
      `UPDATE duty_records SET state = ?, data = ?, error = ?, attempts = attempts + ?, updated_at = ?
       WHERE duty = ? AND id = ? AND state = ?`,
    );
    const nextNonce = this.db.prepare("SELECT next FROM nonces WHERE chain = ? AND account = ?");
    const bumpNonce = this.db.prepare("UPDATE nonces SET next = next + 1 WHERE chain = ? AND account = ?");
    const insertTx = this.db.prepare(
      `INSERT INTO txs (${TX_INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
          const result = insertTx.run(...txInsertValues(update.duty, update.id, tx, nonce, now, this.holder));
          ids.push(Number(result.lastInsertRowid));
        }
      }
    })();
    return ids.map((id) => this.txById(id) as TxRow);
  }

  /** Moves a record without transactions (e.g. to a terminal state); false if it was not in `fromState`. */
  async setRecordState(
    duty: string,
    id: string,
    fromState: string,
    state: string,
    data: unknown,
    error: string | null,
  ): Promise<boolean> {
    while (this.blocked()) await this.active;
    return (
      this.db
        .prepare(
          "UPDATE duty_records SET state = ?, data = ?, error = ?, updated_at = ? WHERE duty = ? AND id = ? AND state = ?",
        )
        .run(state, JSON.stringify(data), error, this.nowPrivate(), duty, id, fromState).changes === 1
    );
  }

  // ---------------------------------------------------------------- transactions

  async getTx(id: number): Promise<TxRow | undefined> {
    while (this.blocked()) await this.active;
    return this.txById(id);
  }

  private txById(id: number): TxRow | undefined {
    const row = this.db.prepare("SELECT * FROM txs WHERE id = ?").get(id) as Row | undefined;
    return row === undefined ? undefined : toTx(row);
  }

  async txsOfRecord(duty: string, recordId: string): Promise<TxRow[]> {
    while (this.blocked()) await this.active;
    return (
      this.db.prepare("SELECT * FROM txs WHERE duty = ? AND record_id = ? ORDER BY id").all(duty, recordId) as Row[]
    ).map(toTx);
  }

  /** Transactions not final yet on `chain`, by account and nonce (the order they must be sent in). */
  async openTxs(chain: string): Promise<TxRow[]> {
    while (this.blocked()) await this.active;
    return (
      this.db
        .prepare(
          "SELECT * FROM txs WHERE chain = ? AND status IN ('intended','signed','sent','mined') ORDER BY sender, nonce, id",
        )
        .all(chain) as Row[]
    ).map(toTx);
  }

  async pendingTxs(): Promise<TxRow[]> {
    while (this.blocked()) await this.active;
    return (
      this.db
        .prepare(
          "SELECT * FROM txs WHERE status IN ('intended','signed','sent','mined') ORDER BY chain, sender, nonce, id",
        )
        .all() as Row[]
    ).map(toTx);
  }

  async countTxsByStatus(): Promise<{ chain: string; status: TxStatus; count: number }[]> {
    while (this.blocked()) await this.active;
    return this.db
      .prepare("SELECT chain, status, COUNT(*) AS count FROM txs GROUP BY chain, status ORDER BY chain, status")
      .all() as { chain: string; status: TxStatus; count: number }[];
  }

  async attemptsOf(txId: number): Promise<TxAttempt[]> {
    while (this.blocked()) await this.active;
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
  async recordAttempt(txId: number, attempt: { hash: Hex; raw: Hex } & Fees, bump: boolean): Promise<void> {
    while (this.blocked()) await this.active;
    this.writeAttempt(txId, attempt, bump);
  }

  private writeAttempt(txId: number, attempt: { hash: Hex; raw: Hex } & Fees, bump: boolean): void {
    const now = this.nowPrivate();
    this.db.transaction(() => {
      this.db
        .prepare(
          "INSERT OR IGNORE INTO tx_attempts (tx_id, hash, raw, max_fee, max_priority_fee, gas_price, created_at, signed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .run(
          txId,
          attempt.hash,
          attempt.raw,
          str(attempt.maxFeePerGas),
          str(attempt.maxPriorityFeePerGas),
          str(attempt.gasPrice),
          now,
          this.holder,
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
  async recordAttempts(list: readonly { txId: number; attempt: { hash: Hex; raw: Hex } & Fees }[]): Promise<void> {
    while (this.blocked()) await this.active;
    if (list.length === 0) return;
    this.db.transaction(() => {
      for (const { txId, attempt } of list) this.writeAttempt(txId, attempt, false);
    })();
  }

  /** A node accepted these rows' current attempts. */
  async markSent(txIds: number | readonly number[]): Promise<void> {
    while (this.blocked()) await this.active;
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

  async markMined(
    txId: number,
    mined: { hash: Hex; blockNumber: number; blockHash: Hex; success: boolean },
  ): Promise<void> {
    while (this.blocked()) await this.active;
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
  async markUnmined(txId: number, reason: string): Promise<void> {
    while (this.blocked()) await this.active;
    this.db
      .prepare(
        "UPDATE txs SET status = 'signed', block_number = NULL, block_hash = NULL, success = NULL, sent_at = ?, error = ?, updated_at = ? WHERE id = ?",
      )
      .run(this.nowPrivate(), reason, this.nowPrivate(), txId);
  }

  async markConfirmed(txId: number): Promise<void> {
    while (this.blocked()) await this.active;
    this.db
      .prepare("UPDATE txs SET status = 'confirmed', updated_at = ? WHERE id = ? AND status = 'mined'")
      .run(this.nowPrivate(), txId);
  }

  async markDropped(txId: number, reason: string): Promise<void> {
    while (this.blocked()) await this.active;
    this.db
      .prepare("UPDATE txs SET status = 'dropped', error = ?, updated_at = ? WHERE id = ?")
      .run(reason, this.nowPrivate(), txId);
  }

  async setTxError(txId: number, error: string | null): Promise<void> {
    while (this.blocked()) await this.active;
    this.db.prepare("UPDATE txs SET error = ?, updated_at = ? WHERE id = ?").run(error, this.nowPrivate(), txId);
  }

  // ---------------------------------------------------------------- nonces

  /** Raises the account's next nonce to at least `chainNext` (the node's pending count). */
  async syncNonce(chain: string, account: Address, chainNext: number): Promise<number> {
    while (this.blocked()) await this.active;
    this.db
      .prepare(
        "INSERT INTO nonces (chain, account, next) VALUES (?, ?, ?) ON CONFLICT (chain, account) DO UPDATE SET next = MAX(next, excluded.next)",
      )
      .run(chain, account, chainNext);
    return (
      this.db.prepare("SELECT next FROM nonces WHERE chain = ? AND account = ?").get(chain, account) as { next: number }
    ).next;
  }

  async nextNonce(chain: string, account: Address): Promise<number | undefined> {
    while (this.blocked()) await this.active;
    const row = this.db.prepare("SELECT next FROM nonces WHERE chain = ? AND account = ?").get(chain, account) as
      { next: number } | undefined;
    return row?.next;
  }

  // ---------------------------------------------------------------- cursors

  async getCursor(chain: string, watcher: string): Promise<{ block: number; blockHash: Hex | null } | undefined> {
    while (this.blocked()) await this.active;
    const row = this.db
      .prepare("SELECT block, block_hash FROM cursors WHERE chain = ? AND watcher = ?")
      .get(chain, watcher) as Row | undefined;
    return row === undefined
      ? undefined
      : { block: Number(row.block), blockHash: (row.block_hash as Hex | null) ?? null };
  }

  async setCursor(chain: string, watcher: string, block: number, blockHash: Hex | null): Promise<void> {
    while (this.blocked()) await this.active;
    this.db
      .prepare(
        "INSERT INTO cursors (chain, watcher, block, block_hash, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (chain, watcher) DO UPDATE SET block = excluded.block, block_hash = excluded.block_hash, updated_at = excluded.updated_at",
      )
      .run(chain, watcher, block, blockHash, this.nowPrivate());
  }
}
