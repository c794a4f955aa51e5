/**
 * Follows a contract's logs on one chain for a duty (deposits on a root chain, messages in an
 * Outbox, proofs due on the storage market): reads only blocks at the chain's confirmation depth,
 * hands each range's logs to the duty and advances the cursor in the same store transaction, so a
 * crash never skips or half-applies a range. The cursor keeps the hash of its block; if that block
 * is no longer canonical (a reorg deeper than the depth) the watcher steps back and reads again,
 * which is safe because handlers insert records keyed by `txHash:logIndex` (idempotent).
 */
import { formatLog, type Address, type Hex, type PublicClient } from "viem";
import { getBlockNumber } from "viem/actions";

import { withBackoff } from "./backoff.ts";
import { blockHashAt } from "./client.ts";
import type { Store } from "../store/Store.ts";

export interface WatchedLog {
  readonly blockNumber: number;
  readonly blockHash: Hex;
  readonly transactionHash: Hex;
  readonly logIndex: number;
  readonly address: Address;
  readonly topics: readonly Hex[];
  readonly data: Hex;
}

export interface LogWatcherOptions {
  readonly store: Store;
  readonly client: PublicClient;
  readonly chain: string;
  /** Cursor name, unique per (chain, duty purpose). */
  readonly name: string;
  readonly address: Address;
  /** topics[0] filter (event signature hashes); all logs of the address when omitted. */
  readonly topics?: readonly Hex[];
  readonly confirmations: number;
  /** First block to read when there is no cursor yet (the contract's deployment block). */
  readonly fromBlock: number;
  /** Largest block range per eth_getLogs call. */
  readonly maxRange?: number;
}

export class LogWatcher {
  private readonly o: LogWatcherOptions;

  constructor(options: LogWatcherOptions) {
    this.o = options;
  }

  private blockHashPrivate(number: number): Promise<Hex | undefined> {
    return blockHashAt(this.o.client, number);
  }

  /**
   * Logs of the address in [from, to]. viem's `getLogs` filters by ABI events; the watcher filters
   * by raw topic hashes, so this is the typed `eth_getLogs` request formatted by viem's `formatLog`.
   */
  private async logs(from: number, to: number) {
    const client = this.o.client;
    const filter = {
      address: this.o.address,
      fromBlock: `0x${from.toString(16)}` as Hex,
      toBlock: `0x${to.toString(16)}` as Hex,
      ...(this.o.topics === undefined ? {} : { topics: [[...this.o.topics]] }),
    };
    const raw = await withBackoff(() => client.request({ method: "eth_getLogs", params: [filter] }), {
      attempts: 3,
      baseMs: 100,
    });
    return raw.map((log) => formatLog(log));
  }

  /**
   * Reads the next confirmed range (if any) and calls `handle` with its logs inside the store
   * transaction that moves the cursor. Returns the number of logs handled; 0 when up to date.
   * `prepare` runs first, outside the transaction, for the chain reads `handle` needs: a store
   * transaction is not held open across RPC calls (PostgreSQL aborts one left idle too long, and
   * every other writer waits for it).
   */
  async poll<P = undefined>(
    handle: (logs: readonly WatchedLog[], prepared: P) => void | Promise<void>,
    prepare?: (logs: readonly WatchedLog[]) => Promise<P>,
  ): Promise<number> {
    const { store, chain, name, confirmations } = this.o;
    let cursor = await store.getCursor(chain, name);
    if (
      cursor !== undefined &&
      cursor.blockHash !== null &&
      (await this.blockHashPrivate(cursor.block)) !== cursor.blockHash
    ) {
      // The block we stopped at left the canonical chain: step back by the depth and read again.
      const back = Math.max(this.o.fromBlock - 1, cursor.block - confirmations);
      await store.setCursor(
        chain,
        name,
        back,
        back >= this.o.fromBlock ? ((await this.blockHashPrivate(back)) ?? null) : null,
      );
      cursor = await store.getCursor(chain, name);
    }
    const from = cursor === undefined ? this.o.fromBlock : cursor.block + 1;
    const head = Number(
      await withBackoff(() => getBlockNumber(this.o.client, { cacheTime: 0 }), { attempts: 3, baseMs: 100 }),
    );
    const safe = head - confirmations + 1;
    if (safe < from) return 0;
    const to = Math.min(safe, from + (this.o.maxRange ?? 2_000) - 1);
    const [raw, toHash] = await Promise.all([this.logs(from, to), this.blockHashPrivate(to)]);
    const logs: WatchedLog[] = raw
      .filter((log) => !log.removed && log.blockHash !== null && log.transactionHash !== null)
      .map((log) => ({
        blockNumber: Number(log.blockNumber),
        blockHash: log.blockHash!,
        transactionHash: log.transactionHash!,
        logIndex: Number(log.logIndex),
        address: log.address,
        topics: log.topics,
        data: log.data,
      }));
    const prepared = (prepare === undefined ? undefined : await prepare(logs)) as P;
    await store.atomically(async () => {
      await handle(logs, prepared);
      await store.setCursor(chain, name, to, toHash ?? null);
    });
    return logs.length;
  }
}
