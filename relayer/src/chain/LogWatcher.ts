/**
 * Follows a contract's logs on one chain for a duty (deposits on a root chain, messages in an
 * Outbox, proofs due on the storage market): reads only blocks at the chain's confirmation depth,
 * hands each range's logs to the duty and advances the cursor in the same store transaction, so a
 * crash never skips or half-applies a range. The cursor keeps the hash of its block; if that block
 * is no longer canonical (a reorg deeper than the depth) the watcher steps back and reads again,
 * which is safe because handlers insert records keyed by `txHash:logIndex` (idempotent).
 */
import type { Address, Hex, PublicClient } from "viem";

import { withBackoff } from "./backoff.ts";
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

interface RpcLog {
  blockNumber: Hex;
  blockHash: Hex;
  transactionHash: Hex;
  logIndex: Hex;
  address: Address;
  topics: Hex[];
  data: Hex;
  removed?: boolean;
}

export class LogWatcher {
  readonly #o: LogWatcherOptions;

  constructor(options: LogWatcherOptions) {
    this.#o = options;
  }

  #request<T>(method: string, params: unknown[]): Promise<T> {
    return withBackoff(() => this.#o.client.request({ method, params } as never) as Promise<T>, { attempts: 3, baseMs: 100 });
  }

  async #blockHash(number: number): Promise<Hex | undefined> {
    const block = await this.#request<{ hash: Hex } | null>("eth_getBlockByNumber", [`0x${number.toString(16)}`, false]);
    return block?.hash;
  }

  /**
   * Reads the next confirmed range (if any) and calls `handle` with its logs inside the store
   * transaction that moves the cursor. Returns the number of logs handled; 0 when up to date.
   */
  async poll(handle: (logs: readonly WatchedLog[]) => void): Promise<number> {
    const { store, chain, name, confirmations } = this.#o;
    let cursor = store.getCursor(chain, name);
    if (cursor !== undefined && cursor.blockHash !== null && (await this.#blockHash(cursor.block)) !== cursor.blockHash) {
      // The block we stopped at left the canonical chain: step back by the depth and read again.
      const back = Math.max(this.#o.fromBlock - 1, cursor.block - confirmations);
      store.setCursor(chain, name, back, back >= this.#o.fromBlock ? ((await this.#blockHash(back)) ?? null) : null);
      cursor = store.getCursor(chain, name);
    }
    const from = cursor === undefined ? this.#o.fromBlock : cursor.block + 1;
    const head = Number(await this.#request<Hex>("eth_blockNumber", []));
    const safe = head - confirmations + 1;
    if (safe < from) return 0;
    const to = Math.min(safe, from + (this.#o.maxRange ?? 2_000) - 1);
    const filter: Record<string, unknown> = { address: this.#o.address, fromBlock: `0x${from.toString(16)}`, toBlock: `0x${to.toString(16)}` };
    if (this.#o.topics !== undefined) filter.topics = [[...this.#o.topics]];
    const [raw, toHash] = await Promise.all([this.#request<RpcLog[]>("eth_getLogs", [filter]), this.#blockHash(to)]);
    const logs: WatchedLog[] = raw
      .filter((log) => log.removed !== true)
      .map((log) => ({
        blockNumber: Number(log.blockNumber),
        blockHash: log.blockHash,
        transactionHash: log.transactionHash,
        logIndex: Number(log.logIndex),
        address: log.address,
        topics: log.topics,
        data: log.data,
      }));
    store.atomically(() => {
      handle(logs);
      store.setCursor(chain, name, to, toHash ?? null);
    });
    return logs.length;
  }
}
