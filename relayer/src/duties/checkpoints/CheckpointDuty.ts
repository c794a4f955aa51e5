/**
 * The checkpoint aggregator/submitter, one record per proposed checkpoint (id
 * `<sourceChainId>-<destChainId>-<startBlock>-<endBlock>`, at most one open per stream):
 *
 *   collecting --(quorum of verified signatures)--> submitted --(confirmed, success)--> accepted
 *       |  '--(inbox moved past it, or epoch changed)--> superseded (another relayer was first)
 *       '--(no quorum within proposalTimeoutMs)-------> abandoned (a fresh proposal follows)
 *   submitted --(reverted, or simulation reverted)--> failing --(inbox moved)--> superseded
 *                                                         '--(otherwise)-------> failed
 *   submitted --(dropped: nonce used elsewhere)--> collecting
 *
 * Discovery proposes the next range of a stream (from the inbox's next start block to the
 * source's confirmed head, at most MAX_CHECKPOINT_BLOCKS) when the source Outbox holds messages
 * for the destination beyond the inbox's count (once they waited `batchDelayMs`, counted from
 * when this relayer first saw them waiting), or when `maxIntervalMs` passed since the stream's
 * last proposal. The proposal is what this relayer's own nodes show; signers recompute it.
 */
import { encodeFunctionData, encodePacked, getAddress, keccak256, type Address, type Hex } from "viem";
import { getBlock } from "viem/actions";

import { inboxAbi } from "@btt-network/sdk/bridge";
import { hashMessage, type Checkpoint } from "@btt-network/sdk/messages";
import type { Logger } from "../../observability/log.ts";
import type { DutyRecord } from "../../store/types.ts";
import { checkpointFromJson, toJson } from "../../consensus/codec.ts";
import { expectedCheckpoint, nextRange, ProposalRefused, type StreamEnds } from "../../consensus/expected.ts";
import { collectSignatures } from "../../signatures/collect.ts";
import type { Decision, Duty, DutyView } from "../types.ts";
import type { CheckpointsConfig } from "./config.ts";
import { ConfiguredDuty } from "../base.ts";
import type { CollectingDutyOptions } from "../services.ts";
import type { CheckpointMetrics } from "./metrics.ts";

export type CheckpointState =
  "collecting" | "submitted" | "failing" | "accepted" | "superseded" | "abandoned" | "failed";

export interface CheckpointData {
  readonly source: string;
  readonly dest: string;
  readonly checkpoint: Record<string, string>;
  /** When signatures were first asked for (ms); the proposal timeout runs from here. */
  readonly proposedAt?: number;
  /** When this relayer first held a quorum (ms); its turn to submit is counted from here. */
  readonly quorumAt?: number;
}

/**
 * This submitter's place in the turn order of a checkpoint (0: first), among `submitters` (which
 * include it): the accounts sorted by keccak256(account, checkpoint id), so each checkpoint has
 * another first submitter and every relayer computes the same order. -1 when it is not listed.
 */
export function turnOf(submitters: readonly Address[], self: Address, id: string): number {
  const order = [...submitters]
    .map((account) => ({
      account: account.toLowerCase(),
      rank: keccak256(encodePacked(["address", "string"], [getAddress(account), id])),
    }))
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
  return order.findIndex((entry) => entry.account === self.toLowerCase());
}

export const checkpointsTerminal: readonly CheckpointState[] = ["accepted", "superseded", "abandoned", "failed"];

export class CheckpointDuty extends ConfiguredDuty implements Duty<CheckpointState, CheckpointData> {
  readonly name = "checkpoints";
  readonly terminal = checkpointsTerminal;
  private readonly o: CollectingDutyOptions<CheckpointsConfig>;
  private readonly logPrivate: Logger;
  /** Last proposal per stream (ms), from the store at start. */
  private readonly lastProposal = new Map<string, number>();
  /** Per stream: when this relayer first saw messages waiting that no proposal covers yet. */
  private readonly waitingSince = new Map<string, number>();
  private readonly startedAt = Date.now();
  private readonly metricsPrivate: CheckpointMetrics | undefined;
  /** This relayer's sending account (its place in the turn order). */
  private readonly submitter: Address | undefined;

  constructor(options: CollectingDutyOptions<CheckpointsConfig>, metrics?: CheckpointMetrics, submitter?: Address) {
    super(options.config);
    this.o = options;
    this.logPrivate = options.log.child({ duty: this.name });
    this.metricsPrivate = metrics;
    this.submitter = submitter;
  }

  private prefix(stream: StreamEnds): string {
    return `${this.o.reads.chainId(stream.source)}-${this.o.reads.chainId(stream.dest)}-`;
  }

  private async openRecord(stream: StreamEnds): Promise<boolean> {
    return await this.o.store.hasOpenRecord(this.name, this.prefix(stream), checkpointsTerminal);
  }

  private async lastProposalAt(stream: StreamEnds): Promise<number> {
    const key = this.prefix(stream);
    let at = this.lastProposal.get(key);
    if (at === undefined) {
      at = (await this.o.store.latestCreatedAt(this.name, key)) ?? this.startedAt;
      this.lastProposal.set(key, at);
    }
    return at;
  }

  async discover(): Promise<number> {
    let added = 0;
    for (const stream of this.o.config.streams) {
      try {
        if (await this.propose(stream)) added++;
      } catch (error) {
        // One stream's trouble (a node down, a reorg while reading) does not hold up the others.
        this.logPrivate.warn(
          {
            source: stream.source,
            dest: stream.dest,
            err: error instanceof Error ? error.message.split("\n")[0] : String(error),
          },
          "could not propose a checkpoint",
        );
      }
    }
    return added;
  }

  /** How old the newest source block the Inbox has a checkpoint for is (an operator alerts on it). */
  private async measure(stream: StreamEnds): Promise<void> {
    if (this.metricsPrivate === undefined) return;
    const state = await this.o.reads.inboxState(stream.dest, this.o.reads.chainId(stream.source));
    if (state.checkpoints === 0n) return;
    const block = await getBlock(this.o.reads.client(stream.source), { blockNumber: state.nextStartBlock - 1n });
    this.metricsPrivate.lastCheckpointAge.set(
      { source: stream.source, dest: stream.dest },
      Math.max(0, Date.now() / 1000 - Number(block.timestamp)),
    );
  }

  private async propose(stream: StreamEnds): Promise<boolean> {
    await this.measure(stream);
    if (await this.openRecord(stream)) return false;
    const range = await nextRange(this.o.reads, stream);
    if (range === undefined) return false;
    const destChainId = this.o.reads.chainId(stream.dest);
    const [state, atHead] = await Promise.all([
      this.o.reads.inboxState(stream.dest, this.o.reads.chainId(stream.source)),
      this.o.reads.outboxAt(stream.source, destChainId, range.confirmed),
    ]);
    const key = this.prefix(stream);
    const waiting = atHead.count > state.messageCount;
    const due = Date.now() - (await this.lastProposalAt(stream)) >= this.o.config.maxIntervalMs;
    if (!waiting) this.waitingSince.delete(key);
    else if (!this.waitingSince.has(key)) this.waitingSince.set(key, Date.now());
    const held = waiting && Date.now() - (this.waitingSince.get(key) ?? 0) < this.o.config.batchDelayMs;
    if ((!waiting || held) && !due) return false;
    let checkpoint: Checkpoint;
    try {
      checkpoint = await expectedCheckpoint(this.o.reads, stream, range.startBlock, range.endBlock);
    } catch (error) {
      if (error instanceof ProposalRefused) return false; // moved meanwhile; next run
      throw error;
    }
    const id = `${this.prefix(stream)}${checkpoint.startBlock}-${checkpoint.endBlock}`;
    const data: CheckpointData = {
      source: stream.source,
      dest: stream.dest,
      checkpoint: toJson(checkpoint),
      proposedAt: Date.now(),
    };
    let inserted = await this.o.store.insertRecord(this.name, id, "collecting", data);
    // The same range again (the source made no block since): an abandoned proposal is asked for anew.
    if (!inserted && (await this.o.store.getRecord(this.name, id))?.state === "abandoned")
      inserted = await this.o.store.setRecordState(this.name, id, "abandoned", "collecting", data, null);
    this.lastProposal.set(key, Date.now());
    this.waitingSince.delete(key);
    if (inserted)
      this.logPrivate.info({ id, messages: String(checkpoint.messageCount), waiting, due }, "checkpoint proposed");
    return inserted;
  }

  async decide(
    record: DutyRecord<CheckpointState, CheckpointData>,
    view: DutyView,
  ): Promise<Decision<CheckpointState, CheckpointData> | undefined> {
    const checkpoint = checkpointFromJson(record.data.checkpoint);
    const stream = { source: record.data.source, dest: record.data.dest };
    switch (record.state) {
      case "collecting":
        return this.collect(record, checkpoint, stream);
      case "submitted": {
        const last = view.txs[view.txs.length - 1];
        if (last === undefined) return { state: "collecting" };
        if (last.status === "dropped") return { state: "collecting", error: last.error };
        if (last.status !== "confirmed") return undefined;
        if (last.success === true) return { state: "accepted", error: null };
        return { state: "failing", error: `submitCheckpoint ${last.hash} reverted` };
      }
      case "failing":
        return (await this.superseded(checkpoint, stream))
          ? { state: "superseded", error: record.error }
          : { state: "failed" };
      default:
        return undefined;
    }
  }

  /** True when the destination inbox no longer waits for this checkpoint (another submitter's landed first). */
  private async superseded(checkpoint: Checkpoint, stream: StreamEnds): Promise<boolean> {
    const state = await this.o.reads.inboxState(stream.dest, checkpoint.sourceChainId);
    return state.checkpoints > 0n && state.nextStartBlock > checkpoint.startBlock;
  }

  private async collect(
    record: DutyRecord<CheckpointState, CheckpointData>,
    checkpoint: Checkpoint,
    stream: StreamEnds,
  ): Promise<Decision<CheckpointState, CheckpointData> | undefined> {
    if (await this.superseded(checkpoint, stream))
      return { state: "superseded", error: "the inbox already holds a checkpoint from this start block" };
    const set = await this.o.reads.currentSet(stream.dest);
    if (set.epoch !== checkpoint.epoch)
      return { state: "superseded", error: `the destination moved to epoch ${set.epoch}` };
    if (Date.now() - (record.data.proposedAt ?? record.createdAt) > this.o.config.proposalTimeoutMs)
      return { state: "abandoned", error: record.error ?? "no quorum in time" };
    const digest = hashMessage("Checkpoint", checkpoint);
    const collected = await collectSignatures({
      kind: "checkpoint",
      digest,
      set,
      sources: this.o.sources,
      ask: (source) => source.checkpoint(checkpoint),
      log: this.logPrivate.child({ id: record.id }),
      metrics: this.o.metrics,
    });
    if (collected.proof === undefined) {
      const error = `no quorum yet: ${collected.signatures.size} signatures, power ${collected.signedPower} of ${collected.totalPower}${collected.refusals.length > 0 ? `; ${collected.refusals.join("; ")}` : ""}`;
      return error === record.error ? undefined : { state: "collecting", error };
    }
    // Take turns with the other submitters: wait for the ones ahead of this relayer, then submit
    // only if the checkpoint has not landed meanwhile (checked at the top of the next decision).
    const turn = this.submitter === undefined ? 0 : turnOf(this.o.config.submitters, this.submitter, record.id);
    if (turn > 0) {
      const quorumAt = record.data.quorumAt ?? Date.now();
      const wait = quorumAt + turn * this.o.config.turnMs - Date.now();
      if (wait > 0) {
        const error = `quorum held; ${turn} submitter(s) ahead get ${Math.ceil(wait / 1000)} s more`;
        return record.data.quorumAt === undefined
          ? { state: "collecting", data: { ...record.data, quorumAt }, error }
          : undefined;
      }
    }
    this.logPrivate.info(
      { id: record.id, signers: collected.signatures.size, power: String(collected.signedPower), turn },
      "quorum collected; submitting",
    );
    return {
      state: "submitted",
      error: null,
      intents: [
        {
          chain: stream.dest,
          to: checkpoint.destContract,
          data: encodeFunctionData({
            abi: inboxAbi,
            functionName: "submitCheckpoint",
            args: [checkpoint, collected.proof],
          }) as Hex,
          label: `checkpoint ${record.id}`,
        },
      ],
    };
  }

  fail(record: DutyRecord<CheckpointState, CheckpointData>, reason: string): Decision<CheckpointState, CheckpointData> {
    // Usually another submitter's checkpoint landed first; `failing` checks before giving up.
    return {
      state: record.state === "collecting" || record.state === "submitted" ? "failing" : "failed",
      error: reason,
    };
  }
}
