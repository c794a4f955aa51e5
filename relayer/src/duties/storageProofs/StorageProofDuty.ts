/**
 * The storage-proof submitter (DESIGN sections 7 and 11): each period, gathers hosts' proofs
 * (`sources.ts`), checks each one locally against its deal's (root, size) and the period's
 * challenge indices, batches them across deals and hosts into `StorageMarket.submitProofs`, and
 * reports periods that ended without a proof (`reportMissed`, which earns the reporter bounty).
 *
 * Records (SQLite, all idempotent by key):
 * - `storageProofs.proof` `<dealId>:<period>`: one per (deal, period), never two:
 *     pending -> batched -> proven | rejected | settled (by someone else) | late | failed; invalid
 * - `storageProofs.deal` `<dealId>`: deals seen in DealAccepted logs (active | closed)
 * - `storageProofs` (the runner's records):
 *     `batch:<n>`   queued -> submitted -> done (outcome per entry from the receipt) | failed
 *     `report:<dealId>:<closedPeriods>`   queued -> submitted -> reported | failed
 *     `seed:<epoch>`   queued -> submitted -> done (seed recorded) | failed (lost, or the poke reverted)
 * A batch and the state of its proofs move in one store transaction, so a crash between
 * building a batch and sending it loses nothing and sends nothing twice.
 */
import { encodeFunctionData, getAbiItem, toEventSelector, type Address, type Hex, type PublicClient } from "viem";
import { readContract } from "viem/actions";

import { verifySegment } from "@btt-network/sdk/commitment";
import {
  periodEnd,
  periodStart,
  proofFailureNames,
  proofOutcome,
  storageMarketAbi,
  type PeriodProof,
} from "@btt-network/sdk/storage";
import { LogWatcher, type WatchedLog } from "../../chain/LogWatcher.ts";
import type { Logger } from "../../observability/log.ts";
import { mapLimit } from "../../runtime/limit.ts";
import type { Store } from "../../store/Store.ts";
import type { DutyRecord } from "../../store/types.ts";
import type { Decision, Duty, DutyView } from "../types.ts";
import type { StorageProofsConfig } from "./config.ts";
import type { ProofSources } from "./sources.ts";
import type { StorageProofMetrics } from "./metrics.ts";
import { pokeSeedCall, seedPokeDue } from "./seeds.ts";
import { ConfiguredDuty } from "../base.ts";

export type RunnerState = "queued" | "submitted" | "done" | "reported" | "failed";
export type ProofState = "pending" | "batched" | "proven" | "rejected" | "settled" | "late" | "failed" | "invalid";

export interface Entry {
  readonly id: Hex;
  readonly period: string;
}

export interface BatchData {
  readonly kind: "batch";
  readonly entries: readonly Entry[];
  /** The entries the transaction carried (the others were settled or late when it was sent). */
  readonly sent?: readonly Entry[];
  /** Filled when done: what happened to each entry. */
  readonly outcome?: Record<string, ProofState>;
}

export interface ReportData {
  readonly kind: "report";
  readonly id: Hex;
  /** Periods below this one have ended. */
  readonly closed: number;
  readonly cursor: number;
}

/** A challenge seed nobody recorded (`seeds.ts`). */
export interface SeedData {
  readonly kind: "seed";
  readonly epoch: string;
}

type RunnerData = BatchData | ReportData | SeedData;
type RunnerRecord = DutyRecord<RunnerState, RunnerData>;

interface ProofData {
  readonly host: Address;
  readonly data: readonly Hex[];
  readonly batch?: string;
}

interface DealView {
  readonly root: Hex;
  readonly size: bigint;
  readonly host: Address;
  readonly status: number;
  readonly start: bigint;
  readonly periodLength: bigint;
  readonly periods: bigint;
  readonly cursor: bigint;
  readonly depth: number;
}

const ZERO_WORD: Hex = `0x${"00".repeat(32)}`;
const PROOF = "storageProofs.proof";
const DEAL = "storageProofs.deal";
const ACTIVE = 1;

const dealAccepted = getAbiItem({ abi: storageMarketAbi, name: "DealAccepted" });

export interface StorageProofDutyOptions {
  readonly config: StorageProofsConfig;
  readonly client: PublicClient;
  readonly confirmations: number;
  readonly store: Store;
  readonly sources: ProofSources;
  readonly log?: Logger | undefined;
  readonly metrics?: StorageProofMetrics | undefined;
  readonly now?: () => number;
}

/** States a record of this duty ends in (`status` counts the others as its queue). */
export const storageProofsTerminal: readonly RunnerState[] = ["done", "reported", "failed"];

export class StorageProofDuty extends ConfiguredDuty implements Duty<RunnerState, RunnerData> {
  readonly name = "storageProofs";
  readonly terminal = storageProofsTerminal;
  private readonly o: StorageProofDutyOptions;
  private readonly watcher: LogWatcher;
  private readonly nowPrivate: () => number;
  /** Run-scoped reads. */
  private deals = new Map<Hex, Promise<DealView>>();
  private head: Promise<bigint> | undefined;
  /** Per deal, the block from which it is worth checking for missed periods again. */
  private readonly nextCheck = new Map<Hex, bigint>();
  /** The market's epoch length (immutable), read once. */
  private epochLength: Promise<bigint> | undefined;

  constructor(options: StorageProofDutyOptions) {
    const { config } = options;
    super(config);
    this.o = options;
    this.nowPrivate = options.now ?? Date.now;
    this.watcher = new LogWatcher({
      store: options.store,
      client: options.client,
      chain: config.chain,
      name: "storageProofs:deals",
      address: config.market,
      topics: [toEventSelector(dealAccepted)],
      confirmations: options.confirmations,
      fromBlock: config.fromBlock,
    });
  }

  private dealPrivate(id: Hex): Promise<DealView> {
    let deal = this.deals.get(id);
    if (deal === undefined) {
      deal = readContract(this.o.client, {
        address: this.o.config.market,
        abi: storageMarketAbi,
        functionName: "getDeal",
        args: [id],
      }).then((d) => ({
        root: d.root,
        size: BigInt(d.size),
        host: d.host,
        status: Number(d.status),
        start: BigInt(d.start),
        periodLength: BigInt(d.periodLength),
        periods: BigInt(d.periods),
        cursor: BigInt(d.cursor),
        depth: Number(d.depth),
      }));
      this.deals.set(id, deal);
      deal.catch(() => this.deals.delete(id));
    }
    return deal;
  }

  private headBlock(): Promise<bigint> {
    this.head ??= this.o.client.getBlockNumber({ cacheTime: 0 });
    return this.head;
  }

  async discover(): Promise<number> {
    this.deals = new Map();
    this.head = undefined;
    const store = this.o.store;
    await this.watcher.poll((logs) => this.recordDeals(logs));
    await this.syncFinishedBatches();
    let added = await this.collect();
    added += await this.formBatches();
    if (this.o.config.reportMissed) added += await this.findMissed();
    if (this.o.config.pokeSeeds) added += await this.findUnseeded();
    for (const { state, count } of await store.countRecordsByState(PROOF)) this.o.metrics?.proofs.set({ state }, count);
    return added;
  }

  private async recordDeals(logs: readonly WatchedLog[]): Promise<void> {
    for (const log of logs) {
      const id = log.topics[1];
      if (id !== undefined) await this.o.store.insertRecord(DEAL, id, "active", { block: log.blockNumber });
    }
  }

  /** Reads the sources, checks new proofs locally, records them (pending, or why not). */
  private async collect(): Promise<number> {
    const store = this.o.store;
    const { proofs, problems } = await this.o.sources.gather();
    for (const problem of problems) this.o.log?.warn({ problem }, "unreadable proof source");
    const head = await this.headBlock();
    const fresh: typeof proofs = [];
    for (const proof of proofs)
      if ((await store.getRecord(PROOF, `${proof.id}:${proof.period}`)) === undefined) fresh.push(proof);
    // Checks in parallel (the reads of one run are batched into few HTTP requests), records in one transaction.
    const verdicts = await mapLimit(fresh, 16, async (proof) => ({
      proof,
      verdict: await this.check(proof, head + 1n),
    }));
    const hosts = new Map<Hex, Address>();
    for (const { proof, verdict } of verdicts)
      if (verdict === "ok") hosts.set(proof.id, (await this.dealPrivate(proof.id)).host);
    let added = 0;
    await store.atomically(async () => {
      for (const { proof, verdict } of verdicts) {
        const key = `${proof.id}:${proof.period}`;
        if (verdict === "not yet") continue;
        if (verdict === "ok") {
          if (
            await store.insertRecord(PROOF, key, "pending", {
              host: hosts.get(proof.id)!,
              data: proof.data,
            } satisfies ProofData)
          )
            added++;
          continue;
        }
        this.o.log?.warn({ id: proof.id, period: String(proof.period), reason: verdict.reason }, "proof not submitted");
        if (await store.insertRecord(PROOF, key, verdict.state, { host: "0x", data: [] }))
          await store.setRecordState(
            PROOF,
            key,
            verdict.state,
            verdict.state,
            { host: "0x", data: [] },
            verdict.reason,
          );
      }
    });
    return added;
  }

  /** Whether a proof can be accepted in block `block` and proves every challenge of its period. */
  private async check(
    proof: PeriodProof,
    block: bigint,
  ): Promise<"ok" | "not yet" | { state: ProofState; reason: string }> {
    // A read error propagates (the run fails and is retried): only what the chain says decides.
    const deal = await this.dealPrivate(proof.id);
    if (deal.status !== ACTIVE)
      return { state: deal.status === 0 ? "invalid" : "late", reason: `deal status ${deal.status}` };
    if (proof.period >= deal.periods) return { state: "invalid", reason: `the deal has ${deal.periods} periods` };
    if (proof.period < deal.cursor) return { state: "settled", reason: "period already settled" };
    if (block >= periodEnd(deal, proof.period))
      return { state: "late", reason: "the period's proof window has closed" };
    if (block <= periodStart(deal, proof.period)) return "not yet";
    const indices = await readContract(this.o.client, {
      address: this.o.config.market,
      abi: storageMarketAbi,
      functionName: "challengeIndices",
      args: [proof.id, proof.period],
    });
    if (indices.length === 0) return "not yet"; // the epoch's seed is not recorded yet
    const words = 1 + deal.depth;
    if (proof.data.length !== indices.length * words)
      return { state: "invalid", reason: `expected ${indices.length * words} words, got ${proof.data.length}` };
    for (const [j, index] of indices.entries()) {
      const at = j * words;
      let ok = false;
      try {
        ok = verifySegment(
          { root: deal.root, size: deal.size },
          { index, segment: proof.data[at]!, proof: proof.data.slice(at + 1, at + words) },
        );
      } catch {
        ok = false;
      }
      if (!ok) return { state: "invalid", reason: `challenge ${j} (segment ${index}) does not prove the deal's root` };
    }
    return "ok";
  }

  /** Packs pending proofs (grouped by host) into batch records, in one store transaction. */
  private async formBatches(): Promise<number> {
    const { store } = this.o;
    const { maxProofsPerBatch, maxWordsPerBatch, batchWaitMs } = this.o.config;
    const rows = await store.recordsInState<ProofState, ProofData>(PROOF, "pending");
    if (rows.length === 0) return 0;
    if (batchWaitMs > 0 && rows.length < maxProofsPerBatch && this.nowPrivate() - rows[0]!.createdAt < batchWaitMs)
      return 0;
    const pending = rows
      .map((row) => ({ key: row.id, ...row.data }))
      .sort((a, b) => (a.host === b.host ? a.key.localeCompare(b.key) : a.host.localeCompare(b.host)));
    const batches: (typeof pending)[] = [];
    let current: typeof pending = [];
    let words = 0;
    for (const proof of pending) {
      if (current.length > 0 && (current.length >= maxProofsPerBatch || words + proof.data.length > maxWordsPerBatch)) {
        batches.push(current);
        current = [];
        words = 0;
      }
      current.push(proof);
      words += proof.data.length;
    }
    if (current.length > 0) batches.push(current);
    await store.atomically(async () => {
      let n = await store.countRecordsWithPrefix(this.name, "batch:");
      for (const batch of batches) {
        const id = `batch:${String(++n).padStart(8, "0")}`;
        const entries = batch.map((p) => ({ id: p.key.split(":")[0] as Hex, period: p.key.split(":")[1]! }));
        await store.insertRecord(this.name, id, "queued", { kind: "batch", entries } satisfies BatchData);
        for (const proof of batch)
          await store.setRecordState(
            PROOF,
            proof.key,
            "pending",
            "batched",
            { host: proof.host, data: proof.data, batch: id },
            null,
          );
      }
    });
    return batches.length;
  }

  /** Moves the proofs of finished batches to their outcome (idempotent: only `batched` ones move). */
  private async syncFinishedBatches(): Promise<void> {
    const { store } = this.o;
    // Batches that still have proofs marked `batched` under them and have finished.
    const open = new Set(
      (await store.recordsInState<ProofState, ProofData>(PROOF, "batched")).map((proof) => proof.data.batch),
    );
    const rows: DutyRecord<string, BatchData>[] = [];
    for (const id of open) {
      const row = id === undefined ? undefined : await store.getRecord<string, BatchData>(this.name, id);
      if (row !== undefined && (row.state === "done" || row.state === "failed")) rows.push(row);
    }
    for (const row of rows) {
      const batch = row.data;
      await store.atomically(async () => {
        for (const entry of batch.entries) {
          const key = `${entry.id}:${entry.period}`;
          const proof = await store.getRecord<ProofState, ProofData>(PROOF, key);
          if (proof === undefined || proof.state !== "batched" || proof.data.batch !== row.id) continue;
          const state = row.state === "failed" ? "failed" : (batch.outcome?.[key] ?? "failed");
          await store.setRecordState(PROOF, key, "batched", state, { ...proof.data, data: [] }, null);
          this.o.metrics?.submitted.inc({ outcome: state });
          if (state === "rejected")
            this.o.log?.warn({ id: entry.id, period: entry.period }, "proof rejected by the market");
        }
      });
    }
  }

  private epochLengthOf(): Promise<bigint> {
    this.epochLength ??= readContract(this.o.client, {
      address: this.o.config.market,
      abi: storageMarketAbi,
      functionName: "epochLength",
    });
    this.epochLength.catch(() => (this.epochLength = undefined));
    return this.epochLength;
  }

  private seedOf(epoch: bigint): Promise<Hex> {
    return readContract(this.o.client, {
      address: this.o.config.market,
      abi: storageMarketAbi,
      functionName: "seedOf",
      args: [epoch],
    });
  }

  /**
   * Epochs that challenge an open period of an active deal, whose seed nobody recorded and is due
   * to be poked now (`seeds.ts`), get a `seed:<epoch>` record (one per epoch, whatever the deals).
   */
  private async findUnseeded(): Promise<number> {
    const { store } = this.o;
    const head = await this.headBlock();
    const epochLength = await this.epochLengthOf();
    const after = BigInt(this.o.config.pokeSeedAfterBlocks);
    const due = new Set<bigint>();
    for (const record of await store.recordsInState(DEAL, "active")) {
      const deal = await this.dealPrivate(record.id as Hex);
      if (deal.status !== ACTIVE || head < deal.start) continue;
      // The current period and the next (its epoch may have begun already), not yet settled.
      const current = (head - deal.start) / deal.periodLength;
      for (let period = current; period <= current + 1n && period < deal.periods; period++) {
        if (period < deal.cursor) continue;
        const epoch = periodStart(deal, period) / epochLength;
        if (seedPokeDue(epoch, epochLength, head, after) === "due") due.add(epoch);
      }
    }
    let added = 0;
    for (const epoch of due) {
      if ((await store.getRecord(this.name, `seed:${epoch}`)) !== undefined) continue;
      if ((await this.seedOf(epoch)) !== ZERO_WORD) continue;
      if (
        await store.insertRecord(this.name, `seed:${epoch}`, "queued", {
          kind: "seed",
          epoch: epoch.toString(),
        } satisfies SeedData)
      ) {
        this.o.log?.warn({ epoch: String(epoch) }, "no one recorded this epoch's challenge seed; poking it");
        added++;
      }
    }
    return added;
  }

  /** Deals with periods that ended unproven get a report record (one per deal and closed count). */
  private async findMissed(): Promise<number> {
    const { store } = this.o;
    const head = await this.headBlock();
    const deals = (await store.recordsInState(DEAL, "active")).map((record) => ({ id: record.id as Hex }));
    let added = 0;
    for (const { id } of deals) {
      if ((this.nextCheck.get(id) ?? 0n) > head) continue;
      const deal = await this.dealPrivate(id);
      if (deal.status !== ACTIVE) {
        await store.setRecordState(DEAL, id, "active", "closed", { status: deal.status }, null);
        continue;
      }
      const closed = head < deal.start ? 0n : (head - deal.start) / deal.periodLength;
      const ended = closed < deal.periods ? closed : deal.periods;
      this.nextCheck.set(id, ended < deal.periods ? periodEnd(deal, ended) : head + 1n);
      if (ended <= deal.cursor) continue;
      const data: ReportData = { kind: "report", id, closed: Number(ended), cursor: Number(deal.cursor) };
      if (await store.insertRecord(this.name, `report:${id}:${ended}`, "queued", data)) {
        this.o.log?.warn(
          { id, periods: `${deal.cursor}..${ended - 1n}`, host: deal.host },
          "storage period(s) ended without a proof; reporting",
        );
        added++;
      }
    }
    return added;
  }

  async decide(record: RunnerRecord, view: DutyView): Promise<Decision<RunnerState, RunnerData> | undefined> {
    const last = view.txs[view.txs.length - 1];
    if (record.state === "submitted") {
      if (last === undefined || last.status === "dropped") return { state: "queued", error: last?.error ?? null };
      if (last.status !== "confirmed") return undefined;
      if (record.data.kind === "seed") {
        this.o.metrics?.seeds.inc({ outcome: last.success === true ? "poked" : "reverted" });
        return last.success === true
          ? { state: "done", error: null }
          : { state: "failed", error: `pokeSeed ${last.hash} reverted` };
      }
      if (record.data.kind === "report") {
        if (last.success === true) this.o.metrics?.missed.inc(record.data.closed - record.data.cursor);
        return {
          state: last.success === true ? "reported" : "failed",
          error: last.success === true ? null : `reportMissed ${last.hash} reverted`,
        };
      }
      if (last.success !== true || last.hash === null)
        return { state: "queued", error: `submitProofs ${last.hash} reverted` };
      const receipt = await this.o.client.getTransactionReceipt({ hash: last.hash });
      const proofs = await this.proofsOf(record.data);
      const outcome: Record<string, ProofState> = { ...record.data.outcome };
      const result = proofOutcome(receipt, proofs);
      for (const p of result.proven) outcome[`${p.id}:${p.period}`] = "proven";
      for (const r of result.rejected)
        outcome[`${r.id}:${r.period}`] = r.reason === proofFailureNames[4] ? "settled" : "rejected";
      return { state: "done", error: null, data: { ...record.data, outcome } };
    }
    if (record.state !== "queued") return undefined;
    if (record.data.kind === "seed") return this.decideSeed(record.data);
    if (record.data.kind === "report") {
      const deal = await this.dealPrivate(record.data.id);
      if (deal.status !== ACTIVE || deal.cursor >= BigInt(record.data.closed))
        return { state: "reported", error: "settled meanwhile" };
      return {
        state: "submitted",
        error: null,
        intents: [
          {
            chain: this.chain,
            to: this.o.config.market,
            data: encodeFunctionData({ abi: storageMarketAbi, functionName: "reportMissed", args: [record.data.id] }),
            label: `reportMissed ${record.data.id}`,
          },
        ],
      };
    }
    // Re-check each entry right before sending: a period settled meanwhile (the host submitted
    // itself) or whose window closed is left out, never sent twice.
    const head = await this.headBlock();
    const keep: Entry[] = [];
    const outcome: Record<string, ProofState> = {};
    const deals = await Promise.all(record.data.entries.map((entry) => this.dealPrivate(entry.id)));
    for (const [i, entry] of record.data.entries.entries()) {
      const deal = deals[i]!;
      const period = BigInt(entry.period);
      if (deal.status !== ACTIVE || period < deal.cursor) outcome[`${entry.id}:${entry.period}`] = "settled";
      else if (head + 1n >= periodEnd(deal, period)) outcome[`${entry.id}:${entry.period}`] = "late";
      else keep.push(entry);
    }
    if (keep.length === 0) return { state: "done", error: null, data: { ...record.data, outcome } };
    const data: BatchData = { kind: "batch", entries: record.data.entries, sent: keep, outcome };
    const proofs = await this.proofsOf(data);
    return {
      state: "submitted",
      error: null,
      data,
      intents: [
        {
          chain: this.chain,
          to: this.o.config.market,
          data: encodeFunctionData({
            abi: storageMarketAbi,
            functionName: "submitProofs",
            args: [proofs.map((p) => ({ id: p.id, period: p.period, data: [...p.data] }))],
          }),
          label: `submitProofs (${proofs.length} periods)`,
        },
      ],
    };
  }

  /** Right before sending: recorded meanwhile (a proof or someone else's poke) or lost, nothing is sent. */
  private async decideSeed(data: SeedData): Promise<Decision<RunnerState, RunnerData>> {
    const epoch = BigInt(data.epoch);
    if ((await this.seedOf(epoch)) !== ZERO_WORD) {
      this.o.metrics?.seeds.inc({ outcome: "recorded elsewhere" });
      return { state: "done", error: "recorded meanwhile" };
    }
    const [head, epochLength] = await Promise.all([this.headBlock(), this.epochLengthOf()]);
    if (seedPokeDue(epoch, epochLength, head, 0n) === "lost") {
      this.o.metrics?.seeds.inc({ outcome: "lost" });
      return { state: "failed", error: "the seed block left the blockhash window before the poke was sent" };
    }
    return {
      state: "submitted",
      error: null,
      intents: [{ chain: this.chain, ...pokeSeedCall(this.o.config.market, epoch) }],
    };
  }

  private async proofsOf(batch: BatchData): Promise<PeriodProof[]> {
    const out: PeriodProof[] = [];
    for (const entry of batch.sent ?? batch.entries) {
      const proof = await this.o.store.getRecord<ProofState, ProofData>(PROOF, `${entry.id}:${entry.period}`);
      out.push({ id: entry.id, period: BigInt(entry.period), data: proof?.data.data ?? [] });
    }
    return out;
  }

  fail(_record: RunnerRecord, reason: string): Decision<RunnerState, RunnerData> {
    return { state: "failed", error: reason };
  }
}
