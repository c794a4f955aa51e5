/**
 * The devnet's relayer stores on PostgreSQL (`npm start -- --postgres`, devnet/relayers.ts): where
 * each role's database is, and which process did what in it. Every transaction a relayer decides
 * is recorded with the process that decided it (`txs.created_by`, `<processName>:<random>`), so the
 * executor role's processes show how they shared its messages.
 */
import pg from "pg";

import { redactPostgresUrl } from "../relayer/src/store/PgStore.ts";
import type { DevnetRelayers } from "./relayers.ts";

/** Transactions one process recorded for one duty. */
export interface ProcessWork {
  /** Its `store.processName` (the daemon's name: relayer-c, relayer-c2, ...). */
  readonly process: string;
  readonly duty: string;
  readonly transactions: number;
  /** The duty's records they were for (messages: the messages this process executed). */
  readonly records: number;
}

/** Lines naming each role's database and the processes sharing it (nothing on SQLite stores). */
export function describeStores(relayers: DevnetRelayers): string[] {
  if (relayers.databases === undefined) return [];
  return Object.entries(relayers.databases).map(([role, url]) => {
    const processes = relayers.daemons.filter((d) => (d.role.copyOf ?? d.role.name) === role).map((d) => d.role.name);
    return `${processes.join(" and ")} on PostgreSQL database ${redactPostgresUrl(url)}${processes.length > 1 ? " (one sending account, leases and claims share its work)" : ""}`;
  });
}

/** Transactions recorded per process and duty, over every role's database (the daemons may have stopped). */
export async function workByProcess(databases: Readonly<Record<string, string>>): Promise<ProcessWork[]> {
  const work: ProcessWork[] = [];
  for (const url of Object.values(databases)) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
    await client.connect();
    try {
      const { rows } = await client.query<{ process: string; duty: string; n: string; records: string }>(
        `SELECT split_part(created_by, ':', 1) AS process, duty, COUNT(*) AS n, COUNT(DISTINCT record_id) AS records
         FROM txs GROUP BY 1, 2 ORDER BY 1, 2`,
      );
      for (const row of rows)
        work.push({ process: row.process, duty: row.duty, transactions: Number(row.n), records: Number(row.records) });
    } finally {
      await client.end();
    }
  }
  return work;
}

/** One line per process: its transactions by duty. */
export function describeWork(work: readonly ProcessWork[]): string[] {
  const processes = [...new Set(work.map((w) => w.process))].sort();
  return processes.map(
    (process) =>
      `${process}: ${work
        .filter((w) => w.process === process)
        .map((w) =>
          w.duty === "messages" ? `${w.records} messages executed` : `${w.transactions} ${w.duty} transactions`,
        )
        .join(", ")}`,
  );
}
