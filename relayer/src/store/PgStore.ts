/**
 * The PostgreSQL `Store` (the `pg` client, a connection pool): the same tables and numbered
 * migrations as `SqliteStore`, the same rules. A write is durable when its statement (or the
 * transaction it is part of) returns: the server's default `synchronous_commit = on` flushes the
 * WAL before it answers, so a record and its signed transaction are on disk before a broadcast.
 *
 * `atomically` is `BEGIN ... COMMIT` on one pooled client, found by every store call made from inside
 * the callback through an AsyncLocalStorage; nested calls are savepoints. Calls from elsewhere take
 * another pooled connection. Several relayer processes share one database (DESIGN section 11): each
 * claims records (`FOR UPDATE SKIP LOCKED`, a claim that expires) and holds leases (an account's
 * nonces, a duty's log scanning) with a generation that fences off a process that lost one. Lease
 * and claim times are on the database's clock, so the machines' clocks need not agree.
 */
import { AsyncLocalStorage } from "node:async_hooks";

import { hostname } from "node:os";

import pg from "pg";
import type { Address, Hex } from "viem";

import { LeaseLostError, StoreError } from "../errors.ts";
import { migrations } from "./migrations.ts";
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
import type { Store } from "./Store.ts";
import type { ClaimedRecord, DutyRecord, Fees, LeaseRow, RecordUpdate, TxAttempt, TxRow, TxStatus } from "./types.ts";

export interface PgStoreOptions {
  /** This process's name in leases and claims (default `<hostname>:<pid>`); a random suffix is added. */
  readonly processName?: string;
  /** Longest wait for a connection or a statement (ms); the run fails and is retried. */
  readonly statementTimeoutMs?: number;
  /**
   * The server aborts a transaction left idle this long (default 10 s): a process paused or cut off
   * in the middle of one (SIGSTOP, a network partition) must not hold its row locks, and with them
   * the other processes, longer than a lease.
   */
  readonly idleInTransactionMs?: number;
  /** Pooled connections (default 8). */
  readonly poolSize?: number;
  /** Clock for created/updated timestamps (tests). */
  readonly now?: () => number;
}

/** Advisory lock keys (pg_advisory_lock takes a bigint): "BTTR" + purpose. */
const MIGRATION_LOCK = 0x4254_5452_0001n;
/** Taken by every `immediate` transaction: they run one at a time, as SQLite's BEGIN IMMEDIATE does. */
const IMMEDIATE_LOCK = 0x4254_5452_0003n;

interface TxContext {
  readonly client: pg.PoolClient;
  depth: number;
  /** False once committed or rolled back: work started inside may outlive it (a cached promise). */
  open: boolean;
}

/** Now in milliseconds on the database server's clock (leases and claims of every process compare against it). */
const NOW = "(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::bigint";

/** `postgres://user:secret@host/db` with the password replaced (logs, errors). */
export function redactPostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgres://<unparseable url>";
  }
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

export class PgStore implements Store {
  readonly engine = "postgres";
  readonly url: string;
  readonly holder: string;
  private readonly pool: pg.Pool;
  private readonly nowPrivate: () => number;
  private readonly context = new AsyncLocalStorage<TxContext>();
  private closed = false;

  private constructor(url: string, pool: pg.Pool, now: () => number, holder: string) {
    this.url = url;
    this.holder = holder;
    this.pool = pool;
    this.nowPrivate = now;
  }

  /** Connects and applies the migrations; a database that cannot be reached is a `StoreError`. */
  static async open(url: string, options: PgStoreOptions = {}): Promise<PgStore> {
    const timeout = Math.max(100, Math.floor(options.statementTimeoutMs ?? 10_000));
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 8,
      connectionTimeoutMillis: timeout,
      statement_timeout: timeout,
      idle_in_transaction_session_timeout: Math.max(500, Math.floor(options.idleInTransactionMs ?? 10_000)),
      query_timeout: timeout + 1_000,
      idleTimeoutMillis: 30_000,
    });
    // An idle connection dropped by a server restart is reported here; without a listener it
    // would crash the process. The next query opens a new connection.
    pool.on("error", () => undefined);
    // A connection can also be told of the server's shutdown after the pool let go of it (a query
    // that failed first, then the server's FATAL message): every client keeps a listener for its
    // whole life. Queries still fail with the error.
    pool.on("connect", (client) => client.on("error", () => undefined));
    const store = new PgStore(
      url,
      pool,
      options.now ?? Date.now,
      newHolder(options.processName ?? `${hostname()}:${process.pid}`),
    );
    try {
      await store.migrate();
    } catch (error) {
      await store.close();
      if (error instanceof StoreError) throw error;
      throw new StoreError(`cannot open the relayer database ${redactPostgresUrl(url)}: ${messageOf(error)}`, {
        cause: error,
        hints: [
          "store.url must name a reachable PostgreSQL database the relayer's user may create tables in.",
          "Set the password through BTT_RELAYER_STORE__URL rather than in the config file.",
        ],
      });
    }
    return store;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end().catch(() => undefined);
  }

  private async q<R extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<pg.QueryResult<R>> {
    const client = this.inside()?.client ?? this.pool;
    return client.query<R>(sql, params as unknown[]);
  }

  private inside(): TxContext | undefined {
    const context = this.context.getStore();
    return context?.open === true ? context : undefined;
  }

  private async rows<R extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    return (await this.q<R>(sql, params)).rows;
  }

  async schemaVersion(): Promise<number> {
    const exists = await this.rows("SELECT 1 FROM information_schema.tables WHERE table_name = 'schema_migrations'");
    if (exists.length === 0) return 0;
    const [row] = await this.rows<{ v: number | null }>("SELECT MAX(version) AS v FROM schema_migrations");
    return row?.v ?? 0;
  }

  private async migrate(): Promise<void> {
    await this.atomically(async () => {
      // Several processes starting at once: one migrates, the others wait and find it done.
      await this.q("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK.toString()]);
      await this.q(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
      );
      const current = await this.schemaVersion();
      const latest = migrations[migrations.length - 1]?.version ?? 0;
      if (current > latest)
        throw new StoreError("the relayer database was written by a newer relayer", {
          details: { databaseVersion: current, supportedVersion: latest },
          hints: ["Run the newer relayer, or restore a backup made for this version."],
        });
      for (const migration of migrations) {
        if (migration.version <= current) continue;
        await this.q(migration.postgres);
        await this.q("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", [
          migration.version,
          migration.name,
          this.nowPrivate(),
        ]);
      }
    });
  }

  /**
   * One transaction around `fn`. `immediate` ones (read, check, then write: the double-sign guard)
   * also take a transaction-level advisory lock first, so two of them never interleave (READ
   * COMMITTED alone would let both read "absent" and both proceed).
   */
  async atomically<T>(fn: () => Promise<T>, options: { immediate?: boolean } = {}): Promise<T> {
    const outer = this.inside();
    if (outer !== undefined) {
      const name = `s${++outer.depth}`;
      await outer.client.query(`SAVEPOINT ${name}`);
      try {
        const result = await fn();
        await outer.client.query(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (error) {
        await outer.client.query(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => undefined);
        throw error;
      } finally {
        outer.depth--;
      }
    }
    const client = await this.pool.connect();
    let broken: Error | undefined;
    const onError = (error: Error): void => void (broken = error);
    client.on("error", onError);
    const context: TxContext = { client, depth: 0, open: true };
    try {
      await client.query("BEGIN");
      try {
        if (options.immediate === true)
          await client.query("SELECT pg_advisory_xact_lock($1)", [IMMEDIATE_LOCK.toString()]);
        const result = await this.context.run(context, fn);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch((rollbackError: unknown) => {
          broken ??= rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
        throw error;
      }
    } finally {
      context.open = false;
      client.off("error", onError);
      client.release(broken);
    }
  }

  async heartbeat(at: number): Promise<void> {
    await this.q("INSERT INTO heartbeat (id, at) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET at = excluded.at", [at]);
  }

  // ---------------------------------------------------------------- duty records

  async insertRecord(duty: string, id: string, state: string, data: unknown): Promise<boolean> {
    const now = this.nowPrivate();
    const result = await this.q(
      `INSERT INTO duty_records (duty, id, state, data, attempts, created_at, updated_at) VALUES ($1, $2, $3, $4, 0, $5, $6)
       ON CONFLICT (duty, id) DO NOTHING`,
      [duty, id, state, JSON.stringify(data), now, now],
    );
    return result.rowCount === 1;
  }

  async getRecord<S extends string, D>(duty: string, id: string): Promise<DutyRecord<S, D> | undefined> {
    const [row] = await this.rows("SELECT * FROM duty_records WHERE duty = $1 AND id = $2", [duty, id]);
    return row === undefined ? undefined : toRecord<S, D>(row);
  }

  async actionableRecords<S extends string, D>(
    duty: string,
    terminal: readonly string[],
    limit: number,
  ): Promise<DutyRecord<S, D>[]> {
    const rows = await this.rows(
      `SELECT r.* FROM duty_records r
       WHERE r.duty = $1 AND NOT (r.state = ANY($2::text[]))
         AND NOT EXISTS (SELECT 1 FROM txs t WHERE t.duty = r.duty AND t.record_id = r.id
                         AND t.status IN ('intended','signed','sent','mined'))
       ORDER BY r.created_at, r.id COLLATE "C" LIMIT $3`,
      [duty, [...terminal], limit],
    );
    return rows.map((row) => toRecord<S, D>(row));
  }

  async hasOpenRecord(duty: string, idPrefix: string, terminal: readonly string[]): Promise<boolean> {
    const rows = await this.rows(
      `SELECT 1 FROM duty_records WHERE duty = $1 AND id LIKE $2 ESCAPE '\\' AND NOT (state = ANY($3::text[])) LIMIT 1`,
      [duty, `${likePrefix(idPrefix)}%`, [...terminal]],
    );
    return rows.length > 0;
  }

  async countRecordsByState(duty?: string): Promise<{ duty: string; state: string; count: number }[]> {
    const rows = await this.rows<{ duty: string; state: string; count: string }>(
      "SELECT duty, state, COUNT(*) AS count FROM duty_records" +
        (duty === undefined ? "" : " WHERE duty = $1") +
        " GROUP BY duty, state ORDER BY duty, state",
      duty === undefined ? [] : [duty],
    );
    return rows.map((row) => ({ duty: row.duty, state: row.state, count: Number(row.count) }));
  }

  async recordsInState<S extends string, D>(duty: string, state: string, idPrefix = ""): Promise<DutyRecord<S, D>[]> {
    const rows = await this.rows(
      "SELECT * FROM duty_records WHERE duty = $1 AND state = $2 AND id LIKE $3 ESCAPE '\\' ORDER BY created_at, id COLLATE \"C\"",
      [duty, state, `${likePrefix(idPrefix)}%`],
    );
    return rows.map((row) => toRecord<S, D>(row));
  }

  async recordsWithPrefix<S extends string, D>(duty: string, idPrefix: string): Promise<DutyRecord<S, D>[]> {
    const rows = await this.rows(
      "SELECT * FROM duty_records WHERE duty = $1 AND id LIKE $2 ESCAPE '\\' ORDER BY id COLLATE \"C\"",
      [duty, `${likePrefix(idPrefix)}%`],
    );
    return rows.map((row) => toRecord<S, D>(row));
  }

  async countRecordsWithPrefix(duty: string, idPrefix: string): Promise<number> {
    const [row] = await this.rows<{ n: string }>(
      "SELECT COUNT(*) AS n FROM duty_records WHERE duty = $1 AND id LIKE $2 ESCAPE '\\'",
      [duty, `${likePrefix(idPrefix)}%`],
    );
    return Number(row?.n ?? 0);
  }

  async oldestOpenCreatedAt(duty: string, idPrefix: string, terminal: readonly string[]): Promise<number | undefined> {
    const [row] = await this.rows<{ at: string | null }>(
      `SELECT MIN(created_at) AS at FROM duty_records WHERE duty = $1 AND id LIKE $2 ESCAPE '\\' AND NOT (state = ANY($3::text[]))`,
      [duty, `${likePrefix(idPrefix)}%`, [...terminal]],
    );
    return row?.at == null ? undefined : Number(row.at);
  }

  async latestCreatedAt(duty: string, idPrefix: string): Promise<number | undefined> {
    const [row] = await this.rows<{ at: string | null }>(
      "SELECT MAX(created_at) AS at FROM duty_records WHERE duty = $1 AND id LIKE $2 ESCAPE '\\'",
      [duty, `${likePrefix(idPrefix)}%`],
    );
    return row?.at == null ? undefined : Number(row.at);
  }

  async applyUpdates(updates: readonly RecordUpdate[]): Promise<TxRow[]> {
    const now = this.nowPrivate();
    const ids: number[] = [];
    await this.atomically(async () => {
      for (const update of updates) {
        const changed = await this.q(
          `UPDATE duty_records SET state = $1, data = $2, error = $3, attempts = attempts + $4, updated_at = $5
           WHERE duty = $6 AND id = $7 AND state = $8`,
          [
            update.state,
            JSON.stringify(update.data),
            update.error,
            update.txs.length > 0 ? 1 : 0,
            now,
            update.duty,
            update.id,
            update.fromState,
          ],
        );
        if (changed.rowCount === 0) continue;
        for (const tx of update.txs) {
          let nonce: number | null = null;
          if (tx.useNonce) {
            // The row lock serialises allocations of one account across connections and processes.
            const [row] = await this.rows<{ nonce: string }>(
              "UPDATE nonces SET next = next + 1 WHERE chain = $1 AND account = $2 RETURNING next - 1 AS nonce",
              [tx.chain, tx.sender],
            );
            if (row === undefined)
              throw new StoreError(`no nonce is known for ${tx.sender} on ${tx.chain}`, {
                hints: ["Call syncNonce before recording transactions for an account."],
              });
            nonce = Number(row.nonce);
          }
          const [inserted] = await this.rows<{ id: string }>(
            `INSERT INTO txs (${TX_INSERT_COLUMNS})
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
            txInsertValues(update.duty, update.id, tx, nonce, now, this.holder),
          );
          ids.push(Number(inserted!.id));
        }
      }
    });
    if (ids.length === 0) return [];
    const rows = await this.rows("SELECT * FROM txs WHERE id = ANY($1::bigint[]) ORDER BY id", [ids]);
    return rows.map(toTx);
  }

  async setRecordState(
    duty: string,
    id: string,
    fromState: string,
    state: string,
    data: unknown,
    error: string | null,
  ): Promise<boolean> {
    const result = await this.q(
      "UPDATE duty_records SET state = $1, data = $2, error = $3, updated_at = $4 WHERE duty = $5 AND id = $6 AND state = $7",
      [state, JSON.stringify(data), error, this.nowPrivate(), duty, id, fromState],
    );
    return result.rowCount === 1;
  }

  // ---------------------------------------------------------------- claims and leases

  async claimRecords<S extends string, D>(
    duty: string,
    terminal: readonly string[],
    limit: number,
    ttlMs: number,
  ): Promise<ClaimedRecord<S, D>[]> {
    const rows = await this.rows(
      `UPDATE duty_records r SET claim_holder = $4, claim_gen = r.claim_gen + 1, claim_until = ${NOW} + $5
       FROM (SELECT c.duty, c.id FROM duty_records c
             WHERE c.duty = $1 AND NOT (c.state = ANY($2::text[]))
               AND (c.claim_holder IS NULL OR c.claim_holder = $4 OR c.claim_until < ${NOW})
               AND NOT EXISTS (SELECT 1 FROM txs t WHERE t.duty = c.duty AND t.record_id = c.id
                               AND t.status IN ('intended','signed','sent','mined'))
             ORDER BY c.created_at, c.id COLLATE "C" LIMIT $3 FOR UPDATE SKIP LOCKED) pick
       WHERE r.duty = pick.duty AND r.id = pick.id RETURNING r.*`,
      [duty, [...terminal], limit, this.holder, Math.max(1, Math.floor(ttlMs))],
    );
    return rows
      .map((row) => ({ ...toRecord<S, D>(row), claimGeneration: Number(row.claim_gen) }))
      .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async fenceClaims(duty: string, claims: readonly { id: string; generation: number }[]): Promise<Set<string>> {
    if (claims.length === 0) return new Set();
    const rows = await this.rows<{ id: string; claim_gen: string }>(
      `SELECT id, claim_gen FROM duty_records WHERE duty = $1 AND id = ANY($2::text[]) AND claim_holder = $3
       ORDER BY id COLLATE "C" FOR UPDATE`,
      [duty, claims.map((c) => c.id), this.holder],
    );
    const held = new Map(rows.map((row) => [row.id, Number(row.claim_gen)]));
    return new Set(claims.filter((c) => held.get(c.id) === c.generation).map((c) => c.id));
  }

  async releaseClaims(duty: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.q(
      "UPDATE duty_records SET claim_holder = NULL, claim_until = 0 WHERE duty = $1 AND id = ANY($2::text[]) AND claim_holder = $3",
      [duty, [...ids], this.holder],
    );
  }

  async acquireLease(name: string, ttlMs: number): Promise<number | undefined> {
    const [row] = await this.rows<{ generation: string }>(
      `INSERT INTO leases (name, holder, generation, expires_at, acquired_at, renewed_at)
       VALUES ($1, $2, 1, ${NOW} + $3, ${NOW}, ${NOW})
       ON CONFLICT (name) DO UPDATE SET
         generation = CASE WHEN leases.holder = excluded.holder THEN leases.generation ELSE leases.generation + 1 END,
         acquired_at = CASE WHEN leases.holder = excluded.holder THEN leases.acquired_at ELSE excluded.acquired_at END,
         holder = excluded.holder, expires_at = excluded.expires_at, renewed_at = excluded.renewed_at
       WHERE leases.holder = excluded.holder OR leases.expires_at < excluded.renewed_at
       RETURNING generation`,
      [name, this.holder, Math.max(1, Math.floor(ttlMs))],
    );
    return row === undefined ? undefined : Number(row.generation);
  }

  async checkLease(name: string, generation: number): Promise<void> {
    const [row] = await this.rows<{ generation: string }>(
      `SELECT generation FROM leases WHERE name = $1 AND holder = $2 AND expires_at > ${NOW} FOR SHARE`,
      [name, this.holder],
    );
    if (row === undefined || Number(row.generation) !== generation)
      throw new LeaseLostError(`this process no longer holds the lease ${name}`, {
        details: { lease: name, holder: this.holder, generation },
        hints: ["Another relayer process took it over; this one stops acting for it and tries to take it again later."],
      });
  }

  async releaseLease(name: string): Promise<void> {
    // The row stays (expired), so the next holder's generation is still higher than every earlier one.
    await this.q("UPDATE leases SET expires_at = 0 WHERE name = $1 AND holder = $2", [name, this.holder]);
  }

  async leases(): Promise<LeaseRow[]> {
    return (await this.rows('SELECT * FROM leases ORDER BY name COLLATE "C"')).map(toLease);
  }

  async claimsByHolder(): Promise<{ holder: string; duty: string; count: number }[]> {
    const rows = await this.rows<{ holder: string; duty: string; count: string }>(
      `SELECT claim_holder AS holder, duty, COUNT(*) AS count FROM duty_records
       WHERE claim_holder IS NOT NULL AND claim_until > ${NOW} GROUP BY claim_holder, duty ORDER BY 1, 2`,
    );
    return rows.map((row) => ({ holder: row.holder, duty: row.duty, count: Number(row.count) }));
  }

  // ---------------------------------------------------------------- transactions

  async getTx(id: number): Promise<TxRow | undefined> {
    const [row] = await this.rows("SELECT * FROM txs WHERE id = $1", [id]);
    return row === undefined ? undefined : toTx(row);
  }

  async txsOfRecord(duty: string, recordId: string): Promise<TxRow[]> {
    return (await this.rows("SELECT * FROM txs WHERE duty = $1 AND record_id = $2 ORDER BY id", [duty, recordId])).map(
      toTx,
    );
  }

  async openTxs(chain: string): Promise<TxRow[]> {
    return (
      await this.rows(
        "SELECT * FROM txs WHERE chain = $1 AND status IN ('intended','signed','sent','mined') ORDER BY sender COLLATE \"C\", nonce, id",
        [chain],
      )
    ).map(toTx);
  }

  async pendingTxs(): Promise<TxRow[]> {
    return (
      await this.rows(
        "SELECT * FROM txs WHERE status IN ('intended','signed','sent','mined') ORDER BY chain COLLATE \"C\", sender COLLATE \"C\", nonce, id",
      )
    ).map(toTx);
  }

  async countTxsByStatus(): Promise<{ chain: string; status: TxStatus; count: number }[]> {
    const rows = await this.rows<{ chain: string; status: TxStatus; count: string }>(
      "SELECT chain, status, COUNT(*) AS count FROM txs GROUP BY chain, status ORDER BY chain, status",
    );
    return rows.map((row) => ({ chain: row.chain, status: row.status, count: Number(row.count) }));
  }

  async attemptsOf(txId: number): Promise<TxAttempt[]> {
    const rows = await this.rows("SELECT * FROM tx_attempts WHERE tx_id = $1 ORDER BY created_at, seq", [txId]);
    return rows.map((row) => ({
      txId: Number(row.tx_id),
      hash: row.hash as Hex,
      raw: row.raw as Hex,
      createdAt: Number(row.created_at),
      ...fees(row),
    }));
  }

  async recordAttempt(txId: number, attempt: { hash: Hex; raw: Hex } & Fees, bump: boolean): Promise<void> {
    const now = this.nowPrivate();
    await this.atomically(async () => {
      await this.q(
        `INSERT INTO tx_attempts (tx_id, hash, raw, max_fee, max_priority_fee, gas_price, created_at, signed_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (tx_id, hash) DO NOTHING`,
        [
          txId,
          attempt.hash,
          attempt.raw,
          str(attempt.maxFeePerGas),
          str(attempt.maxPriorityFeePerGas),
          str(attempt.gasPrice),
          now,
          this.holder,
        ],
      );
      await this.q(
        `UPDATE txs SET hash = $1, raw = $2, max_fee = $3, max_priority_fee = $4, gas_price = $5, fee_limit = COALESCE($6, fee_limit),
           status = 'signed', bumps = bumps + $7, updated_at = $8 WHERE id = $9`,
        [
          attempt.hash,
          attempt.raw,
          str(attempt.maxFeePerGas),
          str(attempt.maxPriorityFeePerGas),
          str(attempt.gasPrice),
          str(attempt.feeLimit),
          bump ? 1 : 0,
          now,
          txId,
        ],
      );
    });
  }

  async recordAttempts(list: readonly { txId: number; attempt: { hash: Hex; raw: Hex } & Fees }[]): Promise<void> {
    if (list.length === 0) return;
    await this.atomically(async () => {
      for (const { txId, attempt } of list) await this.recordAttempt(txId, attempt, false);
    });
  }

  async markSent(txIds: number | readonly number[]): Promise<void> {
    const ids = typeof txIds === "number" ? [txIds] : [...txIds];
    if (ids.length === 0) return;
    const now = this.nowPrivate();
    await this.q(
      "UPDATE txs SET status = 'sent', sent_at = $1, error = NULL, updated_at = $1 WHERE id = ANY($2::bigint[]) AND status IN ('signed','sent')",
      [now, ids],
    );
  }

  async markMined(
    txId: number,
    mined: { hash: Hex; blockNumber: number; blockHash: Hex; success: boolean },
  ): Promise<void> {
    await this.q(
      `UPDATE txs SET status = 'mined', hash = $1,
         raw = COALESCE((SELECT raw FROM tx_attempts WHERE tx_id = $2 AND hash = $1), raw),
         block_number = $3, block_hash = $4, success = $5, updated_at = $6 WHERE id = $2`,
      [mined.hash, txId, mined.blockNumber, mined.blockHash, mined.success ? 1 : 0, this.nowPrivate()],
    );
  }

  async markUnmined(txId: number, reason: string): Promise<void> {
    const now = this.nowPrivate();
    await this.q(
      "UPDATE txs SET status = 'signed', block_number = NULL, block_hash = NULL, success = NULL, sent_at = $1, error = $2, updated_at = $1 WHERE id = $3",
      [now, reason, txId],
    );
  }

  async markConfirmed(txId: number): Promise<void> {
    await this.q("UPDATE txs SET status = 'confirmed', updated_at = $1 WHERE id = $2 AND status = 'mined'", [
      this.nowPrivate(),
      txId,
    ]);
  }

  async markDropped(txId: number, reason: string): Promise<void> {
    await this.q("UPDATE txs SET status = 'dropped', error = $1, updated_at = $2 WHERE id = $3", [
      reason,
      this.nowPrivate(),
      txId,
    ]);
  }

  async setTxError(txId: number, error: string | null): Promise<void> {
    await this.q("UPDATE txs SET error = $1, updated_at = $2 WHERE id = $3", [error, this.nowPrivate(), txId]);
  }

  // ---------------------------------------------------------------- nonces

  async syncNonce(chain: string, account: Address, chainNext: number): Promise<number> {
    const [row] = await this.rows<{ next: string }>(
      `INSERT INTO nonces (chain, account, next) VALUES ($1, $2, $3)
       ON CONFLICT (chain, account) DO UPDATE SET next = GREATEST(nonces.next, excluded.next) RETURNING next`,
      [chain, account, chainNext],
    );
    return Number(row!.next);
  }

  async nextNonce(chain: string, account: Address): Promise<number | undefined> {
    const [row] = await this.rows<{ next: string }>("SELECT next FROM nonces WHERE chain = $1 AND account = $2", [
      chain,
      account,
    ]);
    return row === undefined ? undefined : Number(row.next);
  }

  // ---------------------------------------------------------------- cursors

  async getCursor(chain: string, watcher: string): Promise<{ block: number; blockHash: Hex | null } | undefined> {
    const [row] = await this.rows("SELECT block, block_hash FROM cursors WHERE chain = $1 AND watcher = $2", [
      chain,
      watcher,
    ]);
    return row === undefined
      ? undefined
      : { block: Number(row.block), blockHash: (row.block_hash as Hex | null) ?? null };
  }

  async setCursor(chain: string, watcher: string, block: number, blockHash: Hex | null): Promise<void> {
    await this.q(
      `INSERT INTO cursors (chain, watcher, block, block_hash, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (chain, watcher) DO UPDATE SET block = excluded.block, block_hash = excluded.block_hash, updated_at = excluded.updated_at`,
      [chain, watcher, block, blockHash, this.nowPrivate()],
    );
  }
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return messageOf(error.errors[0]);
  return error instanceof Error ? error.message || error.name : String(error);
}
