/**
 * The store engines a suite runs on: every `describeEngines` suite runs once on SQLite and once on a
 * real PostgreSQL (a throwaway server per suite, a fresh database per `fresh()`). A PostgreSQL that
 * cannot start fails the suite with `PostgresUnavailableError` (what to do included): never a skip.
 */
import { join } from "node:path";

import pg from "pg";

import { openStore, type OpenStoreOptions, type StoreLocation } from "../../../relayer/src/store/open.ts";
import type { Store } from "../../../relayer/src/store/Store.ts";
import { tempDir } from "./fixture.ts";
import { startPostgres, type ThrowawayPostgres } from "../../../devnet/postgres.ts";

export type EngineName = "sqlite" | "postgres";

export interface TestEngine {
  readonly name: EngineName;
  /** A new empty store location: a file in a fresh folder, or a new database on the suite's server. */
  fresh(): Promise<StoreLocation>;
  open(location: StoreLocation, options?: OpenStoreOptions): Promise<Store>;
  /** Raw SQL on the location, for assertions and hostile writes (`?` placeholders on both engines). */
  query(location: StoreLocation, sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** Environment that points a relayer config at the location (`store.url`). */
  env(location: StoreLocation): NodeJS.ProcessEnv;
  /** The suite's PostgreSQL server (postgres engine only). */
  readonly server: ThrowawayPostgres | undefined;
}

/** `?` placeholders to `$1..$n`. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function engine(name: EngineName, server: () => ThrowawayPostgres | undefined): TestEngine {
  return {
    name,
    get server() {
      return server();
    },
    async fresh() {
      if (name === "sqlite") return { engine: "sqlite", path: join(tempDir(), "relayer.db") };
      return { engine: "postgres", url: await server()!.createDatabase("relayer") };
    },
    open(location, options) {
      return openStore(location, options);
    },
    async query(location, sql, params = []) {
      if (location.engine === "sqlite") {
        const { default: Database } = await import("better-sqlite3");
        const db = new Database(location.path);
        try {
          const statement = db.prepare(sql);
          return statement.reader
            ? (statement.all(...params) as Record<string, unknown>[])
            : (statement.run(...params), []);
        } finally {
          db.close();
        }
      }
      const client = new pg.Client({ connectionString: location.url });
      await client.connect();
      try {
        return (await client.query(numbered(sql), params as unknown[])).rows as Record<string, unknown>[];
      } finally {
        await client.end();
      }
    },
    env(location) {
      return { BTT_RELAYER_STORE__URL: location.engine === "sqlite" ? location.path : location.url };
    },
  };
}

/** `describe` once per engine; `body` gets the engine (its server is up from the suite's `before`). */
export function describeEngines(title: string, body: (this: Mocha.Suite, engine: TestEngine) => void): void {
  for (const name of ["sqlite", "postgres"] as const) {
    describe(`${title} [${name}]`, function () {
      let server: ThrowawayPostgres | undefined;
      if (name === "postgres") {
        before(async function () {
          this.timeout(120_000);
          server = await startPostgres();
        });
        after(async function () {
          this.timeout(60_000);
          await server?.stop();
        });
      }
      body.call(
        this,
        engine(name, () => server),
      );
    });
  }
}
