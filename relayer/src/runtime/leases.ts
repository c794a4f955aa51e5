/**
 * The leases of one relayer process (several processes share one PostgreSQL database, DESIGN
 * section 11): `account:<chain>:<address>` (only its holder signs, sends and reconciles that
 * account's transactions, so two processes never race on a nonce) and `duty:<duty>` (only its
 * holder scans the duty's logs and sources, and decides for a duty that is not `parallel`). Every process also keeps `process:<holder>`, so each
 * knows how many are alive and takes at most its fair share of the other leases (a new process gets
 * work; one holding more than its share lets one go per round). The share assumes every process
 * wants every lease; one that no other process takes for `ORPHAN_ROUNDS` rounds (only this process
 * has that key, say) is taken beyond the share and kept: a wanted lease is never left unheld.
 *
 * Renewed every third of the lease. A lease counts as held locally only until its renewal request
 * was sent plus 80% of the lease: a process paused or cut off from the database stops acting on it
 * before the database lets another process take it over. Writes that need a lease are fenced in the
 * database too (`Store.checkLease` with the generation), so a process that wakes after a takeover
 * has its stale writes refused.
 */
import { performance } from "node:perf_hooks";

import type { Logger } from "../observability/log.ts";
import type { RelayerMetrics } from "../observability/metrics.ts";
import type { Store } from "../store/Store.ts";
import { shortError } from "../tx/classify.ts";

/** Rounds a wanted lease stays free, beyond this process's share, before it takes it anyway. */
export const ORPHAN_ROUNDS = 3;

export function accountLease(chain: string, account: string): string {
  return `account:${chain}:${account.toLowerCase()}`;
}

export function dutyLease(duty: string): string {
  return `duty:${duty}`;
}

export interface LeaseKeeperOptions {
  readonly store: Store;
  readonly ttlMs: number;
  readonly log: Logger;
  readonly metrics?: RelayerMetrics;
  /** Called once a round with the renewal's error (undefined: renewed). */
  readonly onRound?: (error: string | undefined) => void;
  /** Monotonic clock (ms). */
  readonly now?: () => number;
}

export class LeaseKeeper {
  private readonly o: LeaseKeeperOptions;
  private readonly now: () => number;
  private readonly wanted = new Set<string>();
  private readonly held = new Map<string, { generation: number; validUntil: number }>();
  /** Wanted leases not held: rounds in a row no other process held them. */
  private readonly freeRounds = new Map<string, number>();
  /** Held beyond the share because no other process took them: not handed over by the share rule. */
  private readonly orphans = new Set<string>();
  private readonly processLease: string;

  constructor(options: LeaseKeeperOptions) {
    this.o = options;
    this.now = options.now ?? (() => performance.now());
    this.processLease = `process:${options.store.holder}`;
  }

  get ttlMs(): number {
    return this.o.ttlMs;
  }

  /** Asks for `name` from the next round on. */
  want(name: string): void {
    this.wanted.add(name);
  }

  /** The generation under which this process may act for `name` now, or undefined (not held, or renewal overdue). */
  generation(name: string): number | undefined {
    const lease = this.held.get(name);
    return lease !== undefined && lease.validUntil > this.now() ? lease.generation : undefined;
  }

  /** The database refused a write under `name` (`LeaseLostError`): stop acting for it at once. */
  lost(name: string): void {
    if (!this.held.delete(name)) return;
    this.o.metrics?.leaseHeld.set({ lease: name }, 0);
    this.o.metrics?.leaseLost.inc({ lease: name });
    this.o.log.warn({ lease: name }, "lease lost: another process took it over; not acting for it");
  }

  /** One round: keep this process's lease, renew held ones, take free ones up to the fair share. */
  async renew(): Promise<void> {
    try {
      await this.round();
      this.o.onRound?.(undefined);
    } catch (error) {
      this.o.onRound?.(shortError(error));
      throw error;
    }
  }

  private async round(): Promise<void> {
    const { store, ttlMs } = this.o;
    const sent = this.now();
    const validUntil = sent + ttlMs * 0.8;
    await store.acquireLease(this.processLease, ttlMs);
    const all = await store.leases();
    const dbNow = all.find((lease) => lease.name === this.processLease)?.renewedAt ?? 0;
    // SQLite: one process per file, so every other holder is gone.
    const live =
      store.engine === "sqlite"
        ? 1
        : all.filter((lease) => lease.name.startsWith("process:") && lease.expiresAt > dbNow).length;
    const names = [...this.wanted].sort();
    const share = Math.ceil(names.length / Math.max(1, live));
    for (const name of names) {
      const mine = this.held.get(name);
      if (mine === undefined) continue;
      const generation = await store.acquireLease(name, ttlMs);
      if (generation === mine.generation) mine.validUntil = validUntil;
      else this.lost(name);
    }
    for (const name of this.orphans) if (!this.held.has(name)) this.orphans.delete(name);
    let count = names.filter((name) => this.held.has(name) && !this.orphans.has(name)).length;
    for (const name of names) {
      if (this.held.has(name)) continue;
      const row = all.find((lease) => lease.name === name);
      if (store.engine !== "sqlite" && row !== undefined && row.holder !== store.holder && row.expiresAt > dbNow) {
        this.freeRounds.delete(name);
        continue;
      }
      const free = (this.freeRounds.get(name) ?? 0) + 1;
      this.freeRounds.set(name, free);
      const orphan = count >= share;
      if (orphan && free < ORPHAN_ROUNDS) continue;
      const generation = await store.acquireLease(name, ttlMs);
      if (generation === undefined) continue;
      this.freeRounds.delete(name);
      this.held.set(name, { generation, validUntil });
      this.o.metrics?.leaseHeld.set({ lease: name }, 1);
      if (orphan) {
        this.orphans.add(name);
        this.o.log.warn(
          { lease: name, generation, rounds: free },
          "lease taken beyond this process's share: no other process took it (do all processes on this database have the same keys?)",
        );
      } else {
        this.o.log.info({ lease: name, generation }, "lease taken");
        count++;
      }
    }
    // More than the fair share (a process joined): hand one over per round.
    if (count > share) {
      const name = names.filter((n) => this.held.has(n) && !this.orphans.has(n)).pop()!;
      this.held.delete(name);
      this.o.metrics?.leaseHeld.set({ lease: name }, 0);
      await store.releaseLease(name);
      this.o.log.info({ lease: name }, "lease handed over (more than this process's share)");
    }
  }

  /** On shutdown: let every lease go, so the other processes take over at once. */
  async releaseAll(): Promise<void> {
    for (const name of [...this.held.keys(), this.processLease]) {
      this.held.delete(name);
      await this.o.store.releaseLease(name).catch(() => undefined);
    }
  }
}
