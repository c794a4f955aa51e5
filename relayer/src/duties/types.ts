/**
 * A duty is a small state machine over records of the store, keyed by an id (message id, deal id,
 * request id). `decide` is a pure function of the record and what the chain says about its
 * transactions: it returns the next state and the transactions to send. The shared runner
 * simulates those, records the decision and the transactions atomically, and the chain's
 * `TxManager` sends them. Running `decide` twice on the same inputs gives the same answer, and a
 * record with a transaction in flight is never decided on, so nothing is sent twice.
 */
import type { DutyRecord, TxRow } from "../store/types.ts";
import type { TxIntent } from "../tx/types.ts";

export interface DutyView {
  /** Every transaction the record issued, oldest first, with its latest status. */
  readonly txs: readonly TxRow[];
}

export interface Decision<State extends string, Data> {
  readonly state: State;
  /** New data; the old data is kept when omitted. */
  readonly data?: Data;
  readonly error?: string | null;
  readonly intents?: readonly TxIntent[];
}

export interface Duty<State extends string = string, Data = unknown> {
  readonly name: string;
  /** Chain the duty mainly writes to (logs, metrics, health). */
  readonly chain: string;
  /** Key the duty signs with. */
  readonly key: string;
  readonly terminal: readonly State[];
  readonly intervalMs: number;
  readonly batchSize: number;
  readonly maxAttempts: number;
  /**
   * Decisions on different records are independent, so several processes on one database may decide
   * at once (each on the records it claimed). Otherwise only the holder of the `duty:<name>` lease
   * decides (and every duty discovers only there).
   */
  readonly parallel?: boolean;
  /** Adds new records (from a chain, a file, a peer); must be idempotent. Returns how many were new. */
  discover?(signal: AbortSignal): Promise<number>;
  /**
   * Starts a run that does not discover (another process holds the duty's `duty:<name>`
   * lease, `parallel` duties): whatever `discover` refreshes for `decide` (cached chain heads, say) is refreshed here.
   */
  beginRun?(): void;
  /** The next step for a record, or undefined to leave it as it is. */
  decide(
    record: DutyRecord<State, Data>,
    view: DutyView,
  ): Decision<State, Data> | undefined | Promise<Decision<State, Data> | undefined>;
  /** The decision when a record cannot proceed (its call reverts in simulation, or it ran out of attempts). */
  fail(record: DutyRecord<State, Data>, reason: string): Decision<State, Data>;
}
