/**
 * Several `btt-relayer start` child processes (test/relayer/support/spawn.ts) on one PostgreSQL
 * database, for the relayer bench: started with the same config and sending key, each with its own
 * `store.processName`, waited on until their leases are spread, stopped with SIGTERM (SIGKILL after
 * a bound), and a reader of the shared database.
 */
import { once } from "node:events";
import type { ChildProcess } from "node:child_process";

import pg from "pg";

import type { TestConfig } from "../../test/relayer/support/fixture.ts";
import { spawnRelayer } from "../../test/relayer/support/spawn.ts";
import { toLease, type Row } from "../../relayer/src/store/rows.ts";
import type { LeaseRow } from "../../relayer/src/store/types.ts";

export interface RelayerSlot {
  readonly name: string;
  readonly child: ChildProcess;
  readonly output: string[];
  /** Log lines saying a lease was lost or decisions were refused (a claim expired and was taken). */
  readonly fenced: string[];
}

/** The bench gave up waiting: what it waited for, and the last lines of every process. */
export class BenchTimeoutError extends Error {
  override name = "BenchTimeoutError";
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every relayer child still running: killed (SIGKILL) if the bench process exits without stopping them. */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

const gone = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Per process: the part of `holder` before the start-up suffix (`p1:ab12cd` -> `p1`). */
export function slotOf(holder: string): string {
  return holder.split(":")[0]!;
}

export class RelayerGroup {
  readonly slots: RelayerSlot[];
  private readonly db: pg.Client;
  /** Processes killed on purpose (their exit is no failure). */
  private readonly killed = new Set<string>();

  private constructor(slots: RelayerSlot[], db: pg.Client) {
    this.slots = slots;
    this.db = db;
  }

  /**
   * Starts `names.length` relayer processes with `config` on the database at `url` (each its own
   * `store.processName`, `store.leaseMs` = `leaseMs`), and a client on that database for the bench.
   */
  static async start(
    config: TestConfig,
    url: string,
    names: readonly string[],
    leaseMs: number,
  ): Promise<RelayerGroup> {
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const slots = names.map((name): RelayerSlot => {
      const { child, output } = spawnRelayer({
        ...config,
        env: {
          ...config.env,
          BTT_RELAYER_STORE__URL: url,
          BTT_RELAYER_STORE__LEASE_MS: String(leaseMs),
          BTT_RELAYER_STORE__PROCESS_NAME: name,
        },
      });
      const fenced: string[] = [];
      const watch = (chunk: Buffer) => {
        for (const line of chunk.toString().split("\n"))
          if (/lease lost|write refused|decisions not applied/.test(line)) fenced.push(line);
      };
      child.stdout?.on("data", watch);
      child.stderr?.on("data", watch);
      // Never an unhandled 'error' (a spawn failure shows as an exit and in the output).
      child.on("error", (error) => output.push(`spawn error: ${error.message}\n`));
      running.add(child);
      child.once("exit", () => running.delete(child));
      return { name, child, output, fenced };
    });
    return new RelayerGroup(slots, db);
  }

  async query<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.db.query(sql, params)).rows as T[];
  }

  async leases(): Promise<LeaseRow[]> {
    return (
      await this.query<Row>("SELECT * FROM leases ORDER BY name").catch(
        () => [] as Row[], // not migrated yet
      )
    ).map(toLease);
  }

  async countInState(duty: string, state: string): Promise<number> {
    const rows = await this.query<{ n: string }>(
      "SELECT COUNT(*) AS n FROM duty_records WHERE duty = $1 AND state = $2",
      [duty, state],
    ).catch(() => [{ n: "0" }]);
    return Number(rows[0]?.n ?? 0);
  }

  /** Recorded transactions per process (`txs.created_by`) and signed attempts per process (`tx_attempts.signed_by`). */
  async workByProcess(): Promise<{ created: Record<string, number>; signed: Record<string, number> }> {
    const count = async (sql: string) =>
      Object.fromEntries(
        (await this.query<{ slot: string; n: string }>(sql)).map((row) => [String(row.slot), Number(row.n)]),
      );
    const [created, signed] = [
      await count("SELECT split_part(created_by, ':', 1) AS slot, COUNT(*) AS n FROM txs GROUP BY 1 ORDER BY 1"),
      await count("SELECT split_part(signed_by, ':', 1) AS slot, COUNT(*) AS n FROM tx_attempts GROUP BY 1 ORDER BY 1"),
    ];
    for (const slot of this.slots) {
      created[slot.name] ??= 0;
      signed[slot.name] ??= 0;
    }
    return { created, signed };
  }

  /**
   * Median time from a transaction recorded (txs.created_at) to its first signed attempt, for
   * transactions the signing process recorded itself and for those another process recorded
   * (the signer finds those on its next executor poll).
   */
  async signDelays(): Promise<{ own?: { ms: number; n: number }; other?: { ms: number; n: number } }> {
    const rows = await this.query<{ own: boolean; ms: string; n: string }>(
      `SELECT split_part(t.created_by, ':', 1) = split_part(a.signed_by, ':', 1) AS own,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY a.at - t.created_at) AS ms, COUNT(*) AS n
       FROM txs t
       JOIN (SELECT DISTINCT ON (tx_id) tx_id, created_at AS at, signed_by FROM tx_attempts ORDER BY tx_id, created_at) a
         ON a.tx_id = t.id
       GROUP BY 1`,
    );
    const of = (own: boolean) => {
      const row = rows.find((r) => r.own === own);
      return row === undefined ? undefined : { ms: Number(row.ms), n: Number(row.n) };
    };
    return { own: of(true), other: of(false) };
  }

  /**
   * The server's counters for this database: committed transactions (pg_stat_database) and WAL
   * fsyncs (pg_stat_io, PostgreSQL 18; undefined before). Backends publish them within about a
   * second, so a difference over a window is approximate.
   */
  async serverCounters(): Promise<{ commits: number; walFsyncs: number | undefined }> {
    const [db] = await this.query<{ n: string }>(
      "SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()",
    );
    const wal = await this.query<{ n: string | null }>(
      "SELECT SUM(fsyncs) AS n FROM pg_stat_io WHERE object = 'wal'",
    ).catch(() => [] as { n: string | null }[]);
    const fsyncs = wal[0]?.n;
    return {
      commits: Number(db?.n ?? 0),
      walFsyncs: fsyncs === null || fsyncs === undefined ? undefined : Number(fsyncs),
    };
  }

  /** The last lines of every process, for an error message. */
  tails(lines = 8): string {
    return this.slots
      .map(
        (slot) =>
          `${slot.name} (exit ${slot.child.exitCode ?? slot.child.signalCode ?? "-"}):\n${slot.output.join("").split("\n").slice(-lines).join("\n")}`,
      )
      .join("\n");
  }

  /** Polls `fn` every `everyMs` until it returns a value; a BenchTimeoutError naming `what` after `timeoutMs`. */
  async waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number, everyMs = 25): Promise<T> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const exited = this.slots.find((slot) => gone(slot.child) && !this.killed.has(slot.name));
      if (exited !== undefined)
        throw new BenchTimeoutError(`relayer ${exited.name} exited while waiting for ${what}\n${this.tails()}`);
      const value = await fn();
      if (value !== undefined) return value;
      if (performance.now() > deadline)
        throw new BenchTimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}\n${this.tails()}`);
      await sleep(everyMs);
    }
  }

  /**
   * Every process registered (`process:` leases) and the other leases spread at most a fair share
   * per process (the processes hand leases over per renewal round after a start).
   */
  async settled(wanted: number, timeoutMs: number): Promise<LeaseRow[]> {
    const live = this.slots.filter((slot) => !this.killed.has(slot.name)).length;
    const share = Math.ceil(wanted / live);
    return this.waitFor(
      `${live} relayer process(es) registered and ${wanted} lease(s) spread`,
      async () => {
        const rows = await this.leases();
        const now = Date.now();
        const held = rows.filter((row) => row.expiresAt > now);
        const processes = held.filter((row) => row.name.startsWith("process:")).length;
        const others = held.filter((row) => !row.name.startsWith("process:"));
        if (processes < live || others.length < wanted) return undefined;
        const perHolder = new Map<string, number>();
        for (const row of others) perHolder.set(row.holder, (perHolder.get(row.holder) ?? 0) + 1);
        return [...perHolder.values()].every((n) => n <= share) ? others : undefined;
      },
      timeoutMs,
      50,
    );
  }

  /** kill -9 of one process (expected: waitFor no longer fails on its exit). */
  async kill(name: string): Promise<void> {
    const slot = this.slots.find((s) => s.name === name);
    if (slot === undefined) throw new Error(`no relayer process ${name}`);
    this.killed.add(name);
    if (!gone(slot.child)) {
      const exited = once(slot.child, "exit");
      slot.child.kill("SIGKILL");
      await exited;
    }
  }

  /** SIGTERM to every process still running, SIGKILL to those not gone within `graceMs`; closes the client. Safe to call twice. */
  async stop(graceMs = 20_000): Promise<void> {
    await Promise.all(
      this.slots.map(async (slot) => {
        if (gone(slot.child)) return;
        const exited = once(slot.child, "exit");
        slot.child.kill("SIGTERM");
        const timer = setTimeout(() => slot.child.kill("SIGKILL"), graceMs);
        await exited;
        clearTimeout(timer);
      }),
    );
    await this.db.end().catch(() => undefined);
  }
}
