/**
 * The message executor: executes cross-chain messages on their destination Inbox once a
 * checkpoint covers them (DESIGN sections 5, 6 and 11). Deposits (root -> BTTC) always;
 * withdrawals (BTTC -> root) for opted-in users only (`policy.ts`); governance's messages
 * (`governance.ts`) in both directions.
 *
 * Discovery: a `LogWatcher` per source chain reads the Outbox's `MessageSent` logs at that chain's
 * confirmation depth and records every message of a configured route, keyed by
 * (sourceChainId, destChainId, nonce), in the store transaction that moves its cursor. Messages
 * the policy does not execute are recorded too (`skipped`): their leaves are part of the tree
 * every proof is built from.
 *
 *   waiting --(checkpointed, log still canonical, proof rebuilt; execute intended)--> submitted
 *   waiting --(the Inbox says executed: someone else did it)--------------------------> executedElsewhere
 *   waiting --(the log's block is no longer canonical)---------------------------------> orphaned
 *   submitted --(confirmed, delivered)-------------------------------------------------> executed
 *   submitted --(confirmed, receiver refused: MessageFailed)---> retrying (backoff) | failed (bounded)
 *   submitted --(reverted: someone executed first)-------------------------------------> executedElsewhere
 *   submitted --(reverted otherwise, or dropped)---------------------------------------> waiting
 *   retrying --(retryAt passed)--> as waiting
 *
 * Never twice: the runner skips records with a transaction in flight; before every execution the
 * Inbox is asked `isExecuted`; the Inbox itself refuses a second execution.
 */
import { encodeFunctionData, type Address, type Hex, type PublicClient } from "viem";

import { inboxAbi, messageLeaf } from "@btt-network/sdk/bridge";
import { LogWatcher, type WatchedLog } from "../../chain/LogWatcher.ts";
import { knownChain } from "../../config/chains.ts";
import { ConfigError } from "../../errors.ts";
import type { RelayerConfig } from "../../config/schema.ts";
import type { Logger } from "../../observability/log.ts";
import type { Store } from "../../store/Store.ts";
import type { DutyRecord } from "../../store/types.ts";
import type { Decision, Duty, DutyView } from "../types.ts";
import type { MessageEndpoint, MessagesConfig } from "./config.ts";
import { GovernanceSenders } from "./governance.ts";
import { MessagePolicy, type Direction, type PolicyVerdict } from "./policy.ts";
import type { MessageMetrics } from "./metrics.ts";
import { RunView, decodeMessageSent, messageId, messageSentTopic } from "./streams.ts";
import { ConfiguredDuty } from "../base.ts";

export type MessageState =
  "waiting" | "submitted" | "retrying" | "executed" | "executedElsewhere" | "failed" | "skipped" | "orphaned";

export interface MessageData {
  readonly source: string;
  readonly dest: string;
  readonly sourceChainId: string;
  readonly destChainId: string;
  readonly nonce: string;
  readonly sender: Address;
  readonly target: Address;
  readonly payload: Hex;
  /** Recomputed from the fields (never the logged hash). */
  readonly leaf: Hex;
  readonly txHash: Hex;
  readonly blockNumber: number;
  readonly blockHash: Hex;
  readonly logIndex: number;
  /** Executions the receiver refused so far. */
  readonly failures: number;
  /** Not before this time (ms) when retrying. */
  readonly retryAt?: number;
  /** Simulations that reverted in a row. */
  readonly rejections?: number;
}

type Record_ = DutyRecord<MessageState, MessageData>;

/** A message read from a source chain's Outbox, with the policy's verdict on it. */
interface JudgedMessage {
  readonly id: string;
  readonly data: MessageData;
  readonly verdict: PolicyVerdict;
}

/** States a rediscovered log (same key, other leaf after a reorg) may overwrite. */
const replaceable: readonly MessageState[] = ["waiting", "retrying", "orphaned", "skipped"];
const MAX_REJECTIONS = 3;

interface Endpoint extends MessageEndpoint {
  readonly name: string;
  readonly chainId: bigint;
  readonly confirmations: number;
}

export interface MessageDutyOptions {
  readonly config: MessagesConfig;
  readonly chains: RelayerConfig["chains"];
  readonly clients: ReadonlyMap<string, PublicClient>;
  readonly store: Store;
  readonly log?: Logger | undefined;
  readonly metrics?: MessageMetrics | undefined;
  readonly now?: () => number;
}

/** States a record of this duty ends in (`status` counts the others as its queue). */
export const messagesTerminal: readonly MessageState[] = [
  "executed",
  "executedElsewhere",
  "failed",
  "skipped",
  "orphaned",
];

export class MessageDuty extends ConfiguredDuty implements Duty<MessageState, MessageData> {
  readonly name = "messages";
  /** Every message (payout) is decided on its own: several processes on one database share them. */
  readonly parallel = true;
  readonly terminal = messagesTerminal;
  private readonly o: MessageDutyOptions;
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly byChainId = new Map<bigint, Endpoint>();
  private readonly watchers = new Map<string, LogWatcher>();
  private readonly policy: MessagePolicy;
  private readonly governance: GovernanceSenders;
  private readonly nowPrivate: () => number;
  private view: RunView;
  private rejudged: Promise<void> | undefined;

  constructor(options: MessageDutyOptions) {
    const { config, chains, clients, store } = options;
    super(config);
    this.o = options;
    this.nowPrivate = options.now ?? Date.now;
    this.policy = new MessagePolicy(config.withdrawals);
    this.governance = new GovernanceSenders(clients);
    if (config.endpoints[config.chain] === undefined)
      throw new ConfigError(`duties.messages.endpoints needs an entry for its chain '${config.chain}' (BTTC)`, {
        hints: ["Give BTTC's Inbox and Outbox under duties.messages.endpoints.<chain>"],
      });
    for (const [name, endpoint] of Object.entries(config.endpoints)) {
      const chain = chains[name];
      const chainId = chain?.chainId ?? knownChain(name)?.chainId;
      if (chain === undefined || chainId === undefined)
        throw new ConfigError(`duties.messages.endpoints.${name}: chain '${name}' is not configured`, {
          hints: ["Add the chain under 'chains', or remove the entry"],
        });
      const full = { ...endpoint, name, chainId: BigInt(chainId), confirmations: chain.confirmations };
      this.endpoints.set(name, full);
      this.byChainId.set(full.chainId, full);
      const client = clients.get(name);
      if (client === undefined) throw new Error(`no client for chain '${name}'`);
      this.watchers.set(
        name,
        new LogWatcher({
          store,
          client,
          chain: name,
          name: "messages",
          address: endpoint.outbox,
          topics: [messageSentTopic],
          confirmations: chain.confirmations,
          fromBlock: endpoint.fromBlock,
          maxRange: config.maxRange,
        }),
      );
    }
    this.view = new RunView(clients, store, this.name);
    this.startUp().catch(() => undefined); // failed: discovery tries again
  }

  /** Start-up work, done once (again after a failure); discovery waits for it. */
  startUp(): Promise<void> {
    this.rejudged ??= this.rejudgeSkipped().catch((error: unknown) => {
      this.rejudged = undefined;
      throw error;
    });
    return this.rejudged;
  }

  /**
   * Withdrawals skipped under an earlier allow-list are judged again at start-up: a user who opts
   * in after withdrawing gets the pending exit executed (unless someone executed it meanwhile).
   * Started by the constructor (`startUp`).
   */
  private async rejudgeSkipped(): Promise<void> {
    const { store } = this.o;
    for (const row of await store.recordsInState<MessageState, MessageData>(this.name, "skipped")) {
      const data = row.data;
      const source = this.endpoints.get(data.source);
      const dest = this.endpoints.get(data.dest);
      if (source === undefined || dest === undefined || this.direction(source, dest) !== "withdrawal") continue;
      if (
        this.policy.judge("withdrawal", source, data).execute &&
        (await store.setRecordState(this.name, row.id, "skipped", "waiting", data, null))
      )
        this.o.log?.info({ id: row.id }, "withdrawal now opted in: will be executed");
    }
  }

  /** Contract addresses for the start-up check. */
  static contracts(config: MessagesConfig): { chain: string; field: string; address: Address }[] {
    return Object.entries(config.endpoints).flatMap(([chain, e]) => [
      { chain, field: `endpoints.${chain}.inbox`, address: e.inbox },
      { chain, field: `endpoints.${chain}.outbox`, address: e.outbox },
    ]);
  }

  private direction(source: Endpoint, dest: Endpoint): Direction | undefined {
    if (dest.name === this.chain && source.name !== this.chain) return "deposit";
    if (source.name === this.chain && dest.name !== this.chain) return "withdrawal";
    return undefined; // root -> root is not a route of this network
  }

  /** Reads every source chain's newly confirmed Outbox logs and records their messages. */
  beginRun(): void {
    this.view = new RunView(this.o.clients, this.o.store, this.name);
  }

  async discover(): Promise<number> {
    this.beginRun();
    await this.startUp();
    let added = 0;
    await Promise.all(
      [...this.watchers].map(async ([name, watcher]) => {
        const source = this.endpoints.get(name)!;
        // Up to a few ranges per run, so a long backlog does not starve execution.
        for (let i = 0; i < 5; i++) {
          await watcher.poll<JudgedMessage[]>(
            async (_logs, judged) => void (added += await this.record(judged)),
            (logs) => this.judge(source, logs),
          );
          const cursor = await this.o.store.getCursor(name, "messages");
          if (cursor !== undefined && cursor.block >= (await this.view.head(name)) - source.confirmations + 1) break;
        }
      }),
    );
    await this.measureStreams();
    return added;
  }

  /** The age of each stream's oldest message not executed yet (an operator alerts on it). */
  private async measureStreams(): Promise<void> {
    const metrics = this.o.metrics;
    if (metrics === undefined) return;
    const now = this.nowPrivate();
    for (const source of this.endpoints.values())
      for (const dest of this.endpoints.values()) {
        if (this.direction(source, dest) === undefined) continue;
        const oldest = await this.o.store.oldestOpenCreatedAt(
          this.name,
          `${source.chainId}:${dest.chainId}:`,
          this.terminal,
        );
        metrics.oldestUnexecuted.set(
          { source: source.name, dest: dest.name },
          oldest === undefined ? 0 : Math.max(0, (now - oldest) / 1000),
        );
      }
  }

  /**
   * Before the watcher's store transaction: the messages of configured routes in `logs`, each with
   * the policy's verdict (governance's recognition reads the destination chain).
   */
  private async judge(source: Endpoint, logs: readonly WatchedLog[]): Promise<JudgedMessage[]> {
    const judged: JudgedMessage[] = [];
    for (const log of logs) {
      const sent = decodeMessageSent(log);
      if (sent === undefined) continue;
      const dest = this.byChainId.get(sent.destChainId);
      if (dest === undefined) continue;
      const direction = this.direction(source, dest);
      if (direction === undefined) continue;
      const message = {
        sourceChainId: source.chainId,
        destChainId: sent.destChainId,
        nonce: sent.nonce,
        sender: sent.sender,
        target: sent.target,
        payload: sent.payload,
      };
      const data: MessageData = {
        source: source.name,
        dest: dest.name,
        sourceChainId: String(source.chainId),
        destChainId: String(sent.destChainId),
        nonce: String(sent.nonce),
        sender: sent.sender,
        target: sent.target,
        payload: sent.payload,
        leaf: messageLeaf(message),
        txHash: log.transactionHash,
        blockNumber: log.blockNumber,
        blockHash: log.blockHash,
        logIndex: log.logIndex,
        failures: 0,
      };
      let verdict: PolicyVerdict = this.policy.judge(direction, source, message);
      if (verdict.otherSender === true && (await this.governance.recognises(source.chainId, dest, message)))
        verdict = { execute: true };
      judged.push({ id: messageId(source.chainId, sent.destChainId, sent.nonce), data, verdict });
    }
    return judged;
  }

  /** Inside the watcher's store transaction: one record per judged message. */
  private async record(judged: readonly JudgedMessage[]): Promise<number> {
    const store = this.o.store;
    let added = 0;
    for (const { id, data, verdict } of judged) {
      const state: MessageState = verdict.execute ? "waiting" : "skipped";
      if (await store.insertRecord(this.name, id, state, data)) {
        if (verdict.reason !== undefined) await store.setRecordState(this.name, id, state, state, data, verdict.reason);
        added++;
        continue;
      }
      const existing = await store.getRecord<MessageState, MessageData>(this.name, id);
      if (existing === undefined || existing.data.leaf === data.leaf) continue;
      // The same nonce now carries another message: the first one's block left the canonical chain.
      if (replaceable.includes(existing.state)) {
        await store.setRecordState(this.name, id, existing.state, state, data, verdict.reason ?? null);
        this.o.log?.warn(
          { id, old: existing.data.leaf, leaf: data.leaf },
          "message replaced after a source-chain reorg",
        );
        added++;
      } else {
        this.o.log?.error(
          { id, state: existing.state, old: existing.data.leaf, leaf: data.leaf },
          "message changed after it was acted on",
        );
      }
    }
    return added;
  }

  async decide(record: Record_, view: DutyView): Promise<Decision<MessageState, MessageData> | undefined> {
    const data = record.data;
    const dest = this.endpoints.get(data.dest);
    const source = this.endpoints.get(data.source);
    if (dest === undefined || source === undefined) return undefined; // endpoint removed from the config: leave it
    switch (record.state) {
      case "retrying":
        if ((data.retryAt ?? 0) > this.nowPrivate()) return undefined;
        return this.execute(record, source, dest);
      case "waiting":
        return this.execute(record, source, dest);
      case "submitted":
        return this.settle(record, dest, view);
      default:
        return undefined;
    }
  }

  private async execute(
    record: Record_,
    source: Endpoint,
    dest: Endpoint,
  ): Promise<Decision<MessageState, MessageData> | undefined> {
    const data = record.data;
    const sourceChainId = BigInt(data.sourceChainId);
    const nonce = BigInt(data.nonce);
    if (await this.view.isExecuted(dest.name, dest.inbox, sourceChainId, nonce))
      return { state: "executedElsewhere", error: null };
    // Reorg safety: the log's block must still be canonical and deep enough, right now.
    const [head, hash] = await Promise.all([
      this.view.head(source.name),
      this.view.blockHash(source.name, data.blockNumber),
    ]);
    if (hash !== data.blockHash) {
      this.o.log?.warn(
        { id: record.id, block: data.blockNumber, recorded: data.blockHash, now: hash },
        "message's block left the canonical chain; not executing it",
      );
      return { state: "orphaned", error: `block ${data.blockNumber} (${data.blockHash}) is no longer canonical` };
    }
    if (head - data.blockNumber + 1 < source.confirmations) return undefined;
    const checkpoint = await this.view.inbox(dest.name, dest.inbox, sourceChainId);
    if (nonce >= checkpoint.count) return undefined; // not checkpointed yet
    const tree = await this.view.tree(data.sourceChainId, data.destChainId, checkpoint);
    if (typeof tree === "string") {
      if (this.view.firstTime(`tree:${data.sourceChainId}:${data.destChainId}`))
        this.o.log?.warn(
          { id: record.id, reason: tree },
          "cannot prove the stream's messages against the checkpoint yet",
        );
      return undefined;
    }
    const message = {
      sourceChainId,
      destChainId: BigInt(data.destChainId),
      nonce,
      sender: data.sender,
      target: data.target,
      payload: data.payload,
    };
    return {
      state: "submitted",
      error: null,
      data: { ...data, rejections: 0 },
      intents: [
        {
          chain: dest.name,
          to: dest.inbox,
          data: encodeFunctionData({
            abi: inboxAbi,
            functionName: "execute",
            args: [message, tree.root, tree.proof(Number(nonce))],
          }),
          label: `execute message ${record.id}`,
        },
      ],
    };
  }

  private async settle(
    record: Record_,
    dest: Endpoint,
    view: DutyView,
  ): Promise<Decision<MessageState, MessageData> | undefined> {
    const last = view.txs[view.txs.length - 1];
    const data = record.data;
    if (last === undefined) return { state: "waiting" };
    if (last.status === "dropped") return { state: "waiting", error: last.error };
    if (last.status !== "confirmed") return undefined;
    const executed = await this.view.isExecuted(dest.name, dest.inbox, BigInt(data.sourceChainId), BigInt(data.nonce));
    if (last.success === true) {
      if (executed) return { state: "executed", error: null };
      // Our execution went through but the receiver refused (MessageFailed): bounded retries.
      const failures = data.failures + 1;
      const error = `receiver refused the message (${failures} of ${this.o.config.maxFailedExecutions} executions failed), tx ${last.hash}`;
      this.o.log?.warn({ id: record.id, tx: last.hash, failures }, "message execution failed on chain (MessageFailed)");
      if (failures >= this.o.config.maxFailedExecutions) return { state: "failed", error, data: { ...data, failures } };
      const retryAt = this.nowPrivate() + this.o.config.retryDelayMs * 2 ** (failures - 1);
      return { state: "retrying", error, data: { ...data, failures, retryAt } };
    }
    if (executed)
      return { state: "executedElsewhere", error: `our tx ${last.hash} reverted: executed by someone else first` };
    return { state: "waiting", error: `tx ${last.hash} reverted on chain` };
  }

  fail(record: Record_, reason: string): Decision<MessageState, MessageData> {
    if (reason.startsWith("gave up")) return { state: "failed", error: reason };
    // A reverted simulation is usually a race (executed or a new checkpoint meanwhile): decide again
    // next run, which asks the Inbox first; give up after a few in a row.
    const rejections = (record.data.rejections ?? 0) + 1;
    if (rejections >= MAX_REJECTIONS) return { state: "failed", error: reason };
    return {
      state: record.state === "submitted" ? "waiting" : record.state,
      error: reason,
      data: { ...record.data, rejections },
    };
  }
}
