/** The relayer as a child process (`btt-relayer start`), for kill -9 tests, and reads of its database. */
import { spawn, type ChildProcess } from "node:child_process";
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
