/**
 * The store a configuration names: `store.url` (a `postgres://` URL: PostgreSQL; anything else: a
 * SQLite file path relative to the config file), else `store.path` (SQLite).
 */
import { resolve } from "node:path";

import type { RelayerConfig } from "../config/schema.ts";
import { isPostgresUrl, PgStore, redactPostgresUrl } from "./PgStore.ts";
import { SqliteStore } from "./SqliteStore.ts";
import type { Store } from "./Store.ts";

export type StoreLocation =
  { readonly engine: "sqlite"; readonly path: string } | { readonly engine: "postgres"; readonly url: string };

export function storeLocation(store: RelayerConfig["store"], dir: string): StoreLocation {
  const target = store.url ?? store.path;
  return isPostgresUrl(target) ? { engine: "postgres", url: target } : { engine: "sqlite", path: resolve(dir, target) };
}

/** For logs and `status`: the SQLite path, or the URL without its password. */
export function describeStore(location: StoreLocation): string {
  return location.engine === "sqlite" ? location.path : redactPostgresUrl(location.url);
}

export interface OpenStoreOptions {
  /** One daemon per SQLite file (its lock file); PostgreSQL is shared by any number of processes. */
  readonly exclusive?: boolean;
  /** This process's name in leases, claims and `txs.created_by` (default `<hostname>:<pid>`). */
  readonly processName?: string;
  /** PostgreSQL: a transaction idle this long is aborted by the server (its locks freed); half a lease. */
  readonly idleInTransactionMs?: number;
  readonly readonly?: boolean;
  readonly busyTimeoutMs?: number;
}

export async function openStore(location: StoreLocation, options: OpenStoreOptions = {}): Promise<Store> {
  if (location.engine === "postgres")
    return PgStore.open(location.url, {
      ...(options.processName === undefined ? {} : { processName: options.processName }),
      ...(options.idleInTransactionMs === undefined ? {} : { idleInTransactionMs: options.idleInTransactionMs }),
      statementTimeoutMs: Math.max(1_000, options.busyTimeoutMs ?? 0) * 10,
    });
  return new SqliteStore(location.path, {
    exclusive: options.exclusive ?? false,
    readonly: options.readonly ?? false,
    ...(options.processName === undefined ? {} : { processName: options.processName }),
    ...(options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }),
  });
}
