/** The relayer as a child process (`btt-relayer start`), for kill -9 tests, and reads of its database. */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { join } from "node:path";

import { SqliteStore } from "../../../relayer/src/store/SqliteStore.ts";
import type { TestConfig } from "./fixture.ts";
import { repoRoot } from "./node.ts";

/** A small seeded generator, so a failing schedule of kills can be replayed (RELAYER_CRASH_SEED). */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function spawnRelayer(config: TestConfig): { child: ChildProcess; output: string[] } {
  const output: string[] = [];
  const child = spawn(
    process.execPath,
    [join(repoRoot, "relayer", "bin", "btt-relayer.js"), "start", "--config", config.file],
    {
      cwd: config.dir,
      env: { PATH: process.env.PATH, ...config.env, BTT_RELAYER_LOG__LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { child, output };
}

/**
 * Sends `signal` to a child and waits for its exit, bounded; returns its exit code (null when a
 * signal ended it). Waiting on an "exit" event a child already sent would hang the test with no
 * diagnostic: a child that already exited is an error naming how it ended (it stopped by itself,
 * which a kill test must hear of), unless `mayHaveExited` (clean-up). A child still running after
 * `timeoutMs` is killed and the wait fails naming it.
 */
export async function stopChild(
  child: ChildProcess,
  signal: NodeJS.Signals,
  options: { timeoutMs?: number; mayHaveExited?: boolean } = {},
): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) {
    if (options.mayHaveExited === true) return child.exitCode;
    throw new Error(
      `process ${child.pid} had already exited (code ${child.exitCode}, signal ${child.signalCode}) before ${signal}: it stopped by itself`,
    );
  }
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  child.kill(signal);
  const timeoutMs = options.timeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    exited,
    new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutMs))),
  ]);
  clearTimeout(timer);
  if (outcome === "timeout") {
    child.kill("SIGKILL");
    await exited;
    throw new Error(`process ${child.pid} was still running ${timeoutMs} ms after ${signal}`);
  }
  return outcome[0];
}

/** Reads the relayer's database (read-only) while it runs; undefined before it exists. */
export async function withStore<T>(
  dbFile: string,
  read: (store: SqliteStore) => T | Promise<T>,
): Promise<T | undefined> {
  if (!existsSync(dbFile)) return undefined;
  let store: SqliteStore | undefined;
  try {
    store = new SqliteStore(dbFile, { readonly: true });
    return await read(store);
  } catch {
    return undefined; // not migrated yet
  } finally {
    await store?.close();
  }
}

export async function countInState(dbFile: string, duty: string, states: readonly string[]): Promise<number> {
  return (
    (await withStore(dbFile, async (store) =>
      (await store.countRecordsByState(duty)).reduce((sum, r) => sum + (states.includes(r.state) ? r.count : 0), 0),
    )) ?? 0
  );
}
