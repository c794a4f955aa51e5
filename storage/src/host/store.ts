/**
 * The host's durable state (SQLite, WAL, synchronous FULL): offers and deals, the periods it proved
 * or missed, and its claims (storage credits, and the vouchers paid for serving). Every state change is one statement, so a crash leaves either the old
 * or the new state; `recover()` at start-up settles what a crash interrupted.
 */
import Database from "better-sqlite3";
import type { Hex } from "viem";

/**
 * offered: terms checked, waiting for the client's pull connection; pulling: bytes arriving;
 * accepting: shard verified, acceptDeal sent (`tx`); accepted: the deal is on chain and proven
 * each period; ended: the deal completed, was terminated or cancelled; refused: never accepted (`reason`).
 */
export type DealState = "offered" | "pulling" | "accepting" | "accepted" | "ended" | "refused";

export interface DealRow {
  readonly id: Hex;
  readonly terms: string;
  readonly signature: Hex;
  readonly ticket: string;
  readonly size: string;
  readonly state: DealState;
  readonly reason: string | null;
  readonly shard: string;
  readonly tx: string | null;
  readonly created: number;
  readonly updated: number;
}

export type PeriodState = "ready" | "submitted" | "proven" | "rejected" | "missed";

export interface PeriodRow {
  readonly id: Hex;
  readonly period: number;
  readonly state: PeriodState;
  readonly proof: string | null;
  readonly detail: string | null;
}

const migrations = [
  `CREATE TABLE deals (
     id TEXT PRIMARY KEY, terms TEXT NOT NULL, signature TEXT NOT NULL, ticket TEXT NOT NULL,
     size TEXT NOT NULL, state TEXT NOT NULL, reason TEXT, shard TEXT NOT NULL, tx TEXT,
     created INTEGER NOT NULL, updated INTEGER NOT NULL);
   CREATE TABLE periods (
     id TEXT NOT NULL, period INTEGER NOT NULL, state TEXT NOT NULL, proof TEXT, detail TEXT,
     updated INTEGER NOT NULL, PRIMARY KEY (id, period));
   CREATE TABLE claims (tx TEXT PRIMARY KEY, amount TEXT NOT NULL, at INTEGER NOT NULL);`,
  // Claims of the vouchers paid for serving shards (the claims above are the market's storage credits).
  `CREATE TABLE serving_claims (tx TEXT PRIMARY KEY, amount TEXT NOT NULL, at INTEGER NOT NULL);`,
];

export class HostStore {
  readonly db: Database.Database;

  constructor(file: string, options: { readonly?: boolean } = {}) {
    this.db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    if (options.readonly) return;
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL");
    const version = this.db.pragma("user_version", { simple: true }) as number;
    for (let v = version; v < migrations.length; v++) {
      this.db.transaction(() => {
        this.db.exec(migrations[v]!);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  close(): void {
    this.db.close();
  }

  insertOffer(row: Omit<DealRow, "state" | "reason" | "tx" | "created" | "updated">): void {
    const now = Date.now();
    this.db
      .prepare(
        `INSERT INTO deals (id, terms, signature, ticket, size, state, shard, created, updated)
         VALUES (?, ?, ?, ?, ?, 'offered', ?, ?, ?)`,
      )
      .run(row.id, row.terms, row.signature, row.ticket, row.size, row.shard, now, now);
  }

  deal(id: Hex): DealRow | undefined {
    return this.db.prepare(`SELECT * FROM deals WHERE id = ?`).get(id) as DealRow | undefined;
  }

  deals(states?: readonly DealState[]): DealRow[] {
    const all = this.db.prepare(`SELECT * FROM deals ORDER BY created`).all() as DealRow[];
    return states === undefined ? all : all.filter((d) => states.includes(d.state));
  }

  setState(id: Hex, state: DealState, fields: { reason?: string; tx?: string } = {}): void {
    this.db
      .prepare(
        `UPDATE deals SET state = ?, reason = COALESCE(?, reason), tx = COALESCE(?, tx), updated = ? WHERE id = ?`,
      )
      .run(state, fields.reason ?? null, fields.tx ?? null, Date.now(), id);
  }

  /** Moves `id` from `from` to `to` only if it is still in `from` (true if it moved). */
  transition(id: Hex, from: DealState, to: DealState): boolean {
    return (
      this.db
        .prepare(`UPDATE deals SET state = ?, updated = ? WHERE id = ? AND state = ?`)
        .run(to, Date.now(), id, from).changes === 1
    );
  }

  /** Bytes under offers being taken and accepted deals (what capacity is spent on). */
  reservedBytes(): bigint {
    return this.deals(["offered", "pulling", "accepting", "accepted"]).reduce((sum, d) => sum + BigInt(d.size), 0n);
  }

  period(id: Hex, period: bigint): PeriodRow | undefined {
    return this.db.prepare(`SELECT * FROM periods WHERE id = ? AND period = ?`).get(id, Number(period)) as
      PeriodRow | undefined;
  }

  setPeriod(id: Hex, period: bigint, state: PeriodState, fields: { proof?: string; detail?: string } = {}): void {
    this.db
      .prepare(
        `INSERT INTO periods (id, period, state, proof, detail, updated) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id, period) DO UPDATE SET state = excluded.state,
           proof = COALESCE(excluded.proof, proof), detail = COALESCE(excluded.detail, detail), updated = excluded.updated`,
      )
      .run(id, Number(period), state, fields.proof ?? null, fields.detail ?? null, Date.now());
  }

  periods(states?: readonly PeriodState[]): PeriodRow[] {
    const all = this.db.prepare(`SELECT * FROM periods ORDER BY id, period`).all() as PeriodRow[];
    return states === undefined ? all : all.filter((p) => states.includes(p.state));
  }

  recordClaim(tx: string, amount: bigint): void {
    this.db
      .prepare(`INSERT OR IGNORE INTO claims (tx, amount, at) VALUES (?, ?, ?)`)
      .run(tx, amount.toString(), Date.now());
  }

  claimed(): bigint {
    const rows = this.db.prepare(`SELECT amount FROM claims`).all() as { amount: string }[];
    return rows.reduce((sum, r) => sum + BigInt(r.amount), 0n);
  }

  recordServingClaim(tx: string, amount: bigint): void {
    this.db
      .prepare(`INSERT OR IGNORE INTO serving_claims (tx, amount, at) VALUES (?, ?, ?)`)
      .run(tx, amount.toString(), Date.now());
  }

  /** What the claimed serving vouchers paid (0 for a store not yet migrated, read-only). */
  servingClaimed(): bigint {
    const version = this.db.pragma("user_version", { simple: true }) as number;
    if (version < 2) return 0n;
    const rows = this.db.prepare(`SELECT amount FROM serving_claims`).all() as { amount: string }[];
    return rows.reduce((sum, r) => sum + BigInt(r.amount), 0n);
  }
}
