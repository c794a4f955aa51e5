/**
 * Runs one duty: discover new records, decide on the actionable ones, simulate the transactions
 * each decision wants, then record decisions and transactions in one store transaction and wake
 * the chains' executors. In dry-run mode (sending disabled) decisions are simulated and logged,
 * never recorded.
 *
 * Several processes on one database: records are claimed (`Store.claimRecords`, a claim that
 * expires), so processes decide on different records; a decision is applied only if, inside the
 * applying transaction, the claim is still this process's at the generation it was decided under
 * (a process paused past its claim has its decisions refused). Discovery runs only in the holder of
 * the duty's `duty:<duty>` lease, and so does deciding for a duty that is not `parallel` (its
 * decisions depend on other records: an exposure cap, a batch, a turn).
 */
import type { ResolvedKey } from "../config/keys.ts";
import type { HealthState } from "../observability/health.ts";
import type { Logger } from "../observability/log.ts";
import type { DutyMetrics } from "../observability/metrics.ts";
import { dutyLease, type LeaseKeeper } from "../runtime/leases.ts";
import { mapLimit } from "../runtime/limit.ts";
import type { Store } from "../store/Store.ts";
import type { ClaimedRecord, DutyRecord, Fees, NewTx, RecordUpdate } from "../store/types.ts";
import { shortError } from "../tx/classify.ts";
import type { TxManager } from "../tx/TxManager.ts";
import { SimulationRevertedError } from "../tx/types.ts";
import type { Decision, Duty } from "./types.ts";

export interface DutyRunnerOptions {
  readonly store: Store;
  readonly duty: Duty<string, unknown>;
  readonly key: ResolvedKey;
  readonly executors: ReadonlyMap<string, TxManager>;
  readonly log: Logger;
  readonly metrics: DutyMetrics;
  readonly health: HealthState;
  readonly sendEnabled: boolean;
  /** Simulations in flight at once. */
  readonly concurrency?: number;
  /** How long a claim on a record lasts (default 15 s): a process that dies mid-run frees its records after it. */
  readonly claimMs?: number;
  /** Leases of this process; without it this process discovers (one process per store). */
  readonly leases?: LeaseKeeper;
}

export interface RunSummary {
  readonly discovered: number;
  readonly decided: number;
  readonly intents: number;
}

export class DutyRunner {
  readonly duty: Duty<string, unknown>;
  private readonly o: DutyRunnerOptions;
  private readonly logPrivate: Logger;

  constructor(options: DutyRunnerOptions) {
    this.o = options;
    this.duty = options.duty;
    this.logPrivate = options.log.child({ duty: options.duty.name, chain: options.duty.chain });
    options.leases?.want(dutyLease(options.duty.name));
  }

  async runOnce(signal: AbortSignal): Promise<RunSummary> {
    const { duty, store, key } = this.o;
    const health = this.o.health.duty(duty.name);
    try {
      const summary = await this.run(signal);
      health.lastSuccessAt = Date.now();
      health.lastError = undefined;
      this.o.metrics.runs.inc({ chain: duty.chain, outcome: "ok" });
      this.o.metrics.lastSuccess.set({ chain: duty.chain }, Date.now() / 1000);
      let open = 0;
      for (const { state, count } of await store.countRecordsByState(duty.name)) {
        this.o.metrics.records.set({ chain: duty.chain, state }, count);
        if (!duty.terminal.includes(state)) open += count;
      }
      this.o.metrics.queueDepth.set({ chain: duty.chain }, open);
      return summary;
    } catch (error) {
      health.lastError = shortError(error);
      this.o.metrics.runs.inc({ chain: duty.chain, outcome: "error" });
      throw error;
    } finally {
      const halted = this.executor(duty.chain).halted(key.address);
      health.halted = halted?.shortMessage;
    }
  }

  private executor(chain: string): TxManager {
    const executor = this.o.executors.get(chain);
    if (executor === undefined)
      throw new Error(`duty ${this.duty.name} wants chain '${chain}', which is not configured`);
    return executor;
  }

  private async run(signal: AbortSignal): Promise<RunSummary> {
    const { duty, store, key } = this.o;
    const halted = this.executor(duty.chain).halted(key.address);
    if (halted !== undefined) {
      this.logPrivate.debug({ reason: halted.shortMessage }, "halted; not deciding");
      return { discovered: 0, decided: 0, intents: 0 };
    }
    const leases = this.o.leases;
    let discovered = 0;
    if (leases === undefined || leases.generation(dutyLease(duty.name)) !== undefined)
      discovered = (await duty.discover?.(signal)) ?? 0;
    else if (duty.parallel === true) duty.beginRun?.();
    else return { discovered: 0, decided: 0, intents: 0 }; // another process leads this duty
    const records = await store.claimRecords<string, unknown>(
      duty.name,
      duty.terminal,
      duty.batchSize,
      this.o.claimMs ?? 15_000,
    );
    try {
      return await this.decideAll(records, discovered, signal);
    } finally {
      await store.releaseClaims(
        duty.name,
        records.map((record) => record.id),
      );
    }
  }

  private async decideAll(
    records: readonly ClaimedRecord<string, unknown>[],
    discovered: number,
    signal: AbortSignal,
  ): Promise<RunSummary> {
    const { duty, store, key } = this.o;
    const decided = await mapLimit(records, this.o.concurrency ?? 8, (record) => this.decide(record));
    const wanted = decided.filter((item) => item !== undefined);
    if (signal.aborted) return { discovered, decided: 0, intents: 0 };

    const updates: RecordUpdate[] = [];
    const feesByChain = new Map<string, Fees>();
    let intents = 0;
    for (const { record, decision, gas } of wanted) {
      const txs: NewTx[] = [];
      for (const [index, intent] of (decision.intents ?? []).entries()) {
        const executor = this.executor(intent.chain);
        if (!this.o.sendEnabled) {
          this.logPrivate.info(
            { id: record.id, to: intent.to, label: intent.label, gas: String(gas[index]) },
            "dry run: would send",
          );
          continue;
        }
        await executor.syncAccount(key.address);
        let fees = feesByChain.get(intent.chain);
        if (fees === undefined) feesByChain.set(intent.chain, (fees = await executor.sender.quoteFees()));
        txs.push({
          chain: intent.chain,
          sender: key.address,
          useNonce: executor.sender.usesNonces,
          to: intent.to,
          data: intent.data,
          value: intent.value ?? 0n,
          gas: gas[index] ?? 0n,
          ...fees,
        });
      }
      intents += txs.length;
      updates.push({
        duty: duty.name,
        id: record.id,
        fromState: record.state,
        state: decision.state,
        data: decision.data ?? record.data,
        error: decision.error ?? null,
        txs,
      });
    }
    if (!this.o.sendEnabled) return { discovered, decided: updates.length, intents: 0 };
    if (updates.length > 0) {
      const generations = new Map(records.map((record) => [record.id, record.claimGeneration]));
      const refused = await store.atomically(async () => {
        const held = await store.fenceClaims(
          duty.name,
          updates.map((update) => ({ id: update.id, generation: generations.get(update.id) ?? -1 })),
        );
        const applied = updates.filter((update) => held.has(update.id));
        await store.applyUpdates(applied);
        return updates.filter((update) => !held.has(update.id));
      });
      if (refused.length > 0) {
        this.o.metrics.claimsLost.inc({ chain: duty.chain }, refused.length);
        this.logPrivate.warn(
          { ids: refused.map((update) => update.id) },
          "decisions not applied: another process took these records over",
        );
        updates.splice(0, updates.length, ...updates.filter((update) => !refused.includes(update)));
        intents = updates.reduce((sum, update) => sum + update.txs.length, 0);
      }
      for (const update of updates) {
        this.o.metrics.transitions.inc({ chain: duty.chain, state: update.state });
        this.logPrivate.debug(
          { id: update.id, from: update.fromState, to: update.state, txs: update.txs.length },
          "decided",
        );
      }
      if (intents > 0)
        for (const chain of new Set(updates.flatMap((u) => u.txs.map((t) => t.chain)))) this.executor(chain).wake?.();
    }
    return { discovered, decided: updates.length, intents };
  }

  /** Decides on one record and simulates what it wants; a revert turns into the duty's failure decision. */
  private async decide(
    record: DutyRecord<string, unknown>,
  ): Promise<{ record: DutyRecord<string, unknown>; decision: Decision<string, unknown>; gas: bigint[] } | undefined> {
    const { duty, store, key } = this.o;
    const view = { txs: await store.txsOfRecord(duty.name, record.id) };
    let decision = await duty.decide(record, view);
    if (decision === undefined) return undefined;
    const gas: bigint[] = [];
    if ((decision.intents?.length ?? 0) > 0 && record.attempts >= duty.maxAttempts) {
      decision = duty.fail(record, `gave up after ${record.attempts} attempts`);
    }
    for (const intent of decision.intents ?? []) {
      try {
        gas.push(await this.executor(intent.chain).sender.simulate(intent, key.address));
      } catch (error) {
        if (!(error instanceof SimulationRevertedError)) throw error;
        this.logPrivate.warn({ id: record.id, reason: error.message }, "simulation reverted; recording the failure");
        decision = duty.fail(record, `simulation reverted: ${error.message}`);
        gas.length = 0;
        break;
      }
    }
    return { record, decision, gas };
  }
}
