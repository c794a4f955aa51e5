/**
 * The fast-exit filler: reads BTTC's Outbox at a configured confirmation depth, and fronts the
 * ChildBridge's fast withdrawals to `chain` from this relayer's own funds (`RootBridge.fill`) when
 * the fast fee covers the fill's gas plus a margin and the token's exposure stays within its limit.
 * It is repaid (`amount - deliveryFee`) when the proven message executes.
 *
 *   waiting --(fee too low)------------------------------------------------------> declined
 *   waiting --(filled by another, or the slow path executed: read on chain)------> missed
 *   waiting --(allowance short)--> approving --(confirmed)--> filling (this one first: the others wait for it)
 *   waiting --(fill recorded, then sent)--> filling --(confirmed, success)--> filled --(executed)--> repaid
 *                                              |--(confirmed, reverted: another filler won)-----> missed
 *                                              '--(dropped)-----------------------------------> waiting
 *
 * Crash safety is the runner's: the decision to fill and the fill transaction are committed to the
 * store in one transaction before anything is signed, and a restart re-sends those same bytes (same
 * nonce) instead of deciding again, so one message gets at most one fill from this relayer. Before
 * the decision the duty reads `fillerOf` and `Inbox.isExecuted`, and the runner simulates the call
 * (the contract refuses a second fill and a fill after execution), so nothing is sent for a message
 * that was filled or executed meanwhile.
 */
import { encodeFunctionData, erc20Abi, type Address, type PublicClient } from "viem";
import { readContract } from "viem/actions";

import { decodeTransferPayload, inboxAbi, rootBridgeAbi, WITHDRAW_KIND } from "@btt-network/sdk/bridge";
import { LogWatcher, type WatchedLog } from "../../chain/LogWatcher.ts";
import type { Logger } from "../../observability/log.ts";
import type { Store } from "../../store/Store.ts";
import type { DutyRecord } from "../../store/types.ts";
import { ConfiguredDuty } from "../base.ts";
import { decodeMessageSent, messageSentTopic } from "../messages/streams.ts";
import type { Decision, Duty, DutyView } from "../types.ts";
import type { FastFillsConfig, FastFillToken } from "./config.ts";
import type { FastFillMetrics } from "./metrics.ts";

export type FastFillState = "waiting" | "approving" | "filling" | "filled" | "repaid" | "declined" | "missed";

export interface FastFillData {
  readonly nonce: string;
  readonly token: Address;
  readonly recipient: Address;
  readonly amount: string;
  readonly fastFee: string;
  readonly deliveryFee: string;
  /** What the recipient receives from this relayer: `amount - fastFee - deliveryFee`. */
  readonly paid: string;
  /** BTTC block of the withdrawal. */
  readonly blockNumber: number;
}

type Record_ = DutyRecord<FastFillState, FastFillData>;

/** States whose fill is paid out (or about to be) and not repaid yet: they count towards exposure. */
const exposedStates: readonly FastFillState[] = ["filling", "filled"];
const ZERO: Address = "0x0000000000000000000000000000000000000000";

export interface FastFillDutyOptions {
  readonly config: FastFillsConfig;
  readonly store: Store;
  /** Read client of BTTC (`config.source`). */
  readonly sourceClient: PublicClient;
  /** Read client of the root chain (`config.chain`). */
  readonly client: PublicClient;
  /** BTTC's confirmation depth. */
  readonly confirmations: number;
  /** The filler's address (the duty's key). */
  readonly filler: Address;
  readonly log?: Logger | undefined;
  readonly metrics?: FastFillMetrics | undefined;
}

/** States a record of this duty ends in (`status` counts the others as its queue). */
export const fastFillsTerminal: readonly FastFillState[] = ["repaid", "declined", "missed"];

export class FastFillDuty extends ConfiguredDuty implements Duty<FastFillState, FastFillData> {
  readonly name = "fastFills";
  readonly terminal = fastFillsTerminal;
  private readonly o: FastFillDutyOptions;
  private readonly tokens = new Map<string, FastFillToken>();
  private readonly watcher: LogWatcher;
  private readonly watcherName: string;
  /** An approval was decided this run: other fills of the run wait for it. */
  private approving = false;
  /** Exposure taken by decisions of the current run (the store sees them only when the run commits). */
  private pending = new Map<string, bigint>();
  private destChainId: bigint | undefined;
  private inbox: Address | undefined;

  constructor(options: FastFillDutyOptions) {
    super(options.config);
    this.o = options;
    this.watcherName = `fastFills:${options.config.chain}`;
    for (const token of options.config.tokens) this.tokens.set(token.token.toLowerCase(), token);
    this.watcher = new LogWatcher({
      store: options.store,
      client: options.sourceClient,
      chain: options.config.source,
      name: this.watcherName,
      address: options.config.outbox,
      topics: [messageSentTopic],
      confirmations: options.confirmations,
      fromBlock: options.config.fromBlock,
      maxRange: options.config.maxRange,
    });
  }

  /** Contract addresses for the start-up check. */
  static contracts(config: FastFillsConfig): { chain: string; field: string; address: Address }[] {
    return [
      { chain: config.source, field: "outbox", address: config.outbox },
      { chain: config.source, field: "childBridge", address: config.childBridge },
      { chain: config.chain, field: "rootBridge", address: config.rootBridge },
    ];
  }

  /** Paid out and not repaid, per token (lower-case address), from the store. */
  async exposure(states: readonly FastFillState[] = exposedStates): Promise<Map<string, bigint>> {
    const out = new Map<string, bigint>();
    for (const state of states)
      for (const row of await this.o.store.recordsInState<FastFillState, FastFillData>(this.name, state)) {
        const key = row.data.token.toLowerCase();
        out.set(key, (out.get(key) ?? 0n) + BigInt(row.data.paid));
      }
    return out;
  }

  private async bridgeInfo(): Promise<{ destChainId: bigint; inbox: Address }> {
    if (this.destChainId === undefined || this.inbox === undefined) {
      this.destChainId = BigInt(await this.o.client.getChainId());
      this.inbox = await readContract(this.o.client, {
        address: this.o.config.rootBridge,
        abi: rootBridgeAbi,
        functionName: "inbox",
      });
    }
    return { destChainId: this.destChainId, inbox: this.inbox };
  }

  /** Records the confirmed fast withdrawals to this chain of configured tokens. */
  async discover(): Promise<number> {
    this.pending = new Map();
    this.approving = false;
    const { destChainId } = await this.bridgeInfo();
    let added = 0;
    // Up to a few ranges per run, so a long backlog does not starve filling.
    for (let i = 0; i < 5; i++) {
      await this.watcher.poll(async (batch) => {
        await this.o.store.atomically(async () => {
          for (const log of batch) if (await this.record(log, destChainId)) added++;
        });
      });
      const cursor = await this.o.store.getCursor(this.o.config.source, this.watcherName);
      const head = Number(await this.o.sourceClient.getBlockNumber({ cacheTime: 0 }));
      if (cursor !== undefined && cursor.block >= head - this.o.confirmations + 1) break;
    }
    await this.measure();
    return added;
  }

  private async record(log: WatchedLog, destChainId: bigint): Promise<boolean> {
    const sent = decodeMessageSent(log);
    if (sent === undefined || sent.destChainId !== destChainId) return false;
    if (sent.sender.toLowerCase() !== this.o.config.childBridge.toLowerCase()) return false;
    if (sent.target.toLowerCase() !== this.o.config.rootBridge.toLowerCase()) return false;
    let t: ReturnType<typeof decodeTransferPayload>;
    try {
      t = decodeTransferPayload(sent.payload);
    } catch {
      return false; // not a transfer (a mapping or another message kind)
    }
    if (t.kind !== WITHDRAW_KIND || t.fastFee === 0n || !this.tokens.has(t.rootToken.toLowerCase())) return false;
    const data: FastFillData = {
      nonce: sent.nonce.toString(),
      token: t.rootToken,
      recipient: t.to,
      amount: t.amount.toString(),
      fastFee: t.fastFee.toString(),
      deliveryFee: t.deliveryFee.toString(),
      paid: (t.amount - t.fastFee - t.deliveryFee).toString(),
      blockNumber: log.blockNumber,
    };
    return await this.o.store.insertRecord(this.name, String(sent.nonce).padStart(10, "0"), "waiting", data);
  }

  private async measure(): Promise<void> {
    const metrics = this.o.metrics;
    if (metrics === undefined) return;
    const exposure = await this.exposure();
    for (const token of this.tokens.keys())
      metrics.exposure.set({ chain: this.chain, token }, Number(exposure.get(token) ?? 0n));
  }

  private fillArgs(d: FastFillData) {
    return [BigInt(d.nonce), d.token, d.recipient, BigInt(d.amount), BigInt(d.fastFee), BigInt(d.deliveryFee)] as const;
  }

  /** Whether the message was filled (by anyone) or executed: read on the root chain. */
  private async taken(d: FastFillData): Promise<{ filler: Address; executed: boolean }> {
    const { inbox } = await this.bridgeInfo();
    const bridge = this.o.config.rootBridge;
    const id = await readContract(this.o.client, {
      address: bridge,
      abi: rootBridgeAbi,
      functionName: "fillId",
      args: this.fillArgs(d),
    });
    const [filler, executed] = await Promise.all([
      readContract(this.o.client, { address: bridge, abi: rootBridgeAbi, functionName: "fillerOf", args: [id] }),
      readContract(this.o.client, {
        address: inbox,
        abi: inboxAbi,
        functionName: "isExecuted",
        args: [await this.childChainId(), BigInt(d.nonce)],
      }),
    ]);
    return { filler, executed };
  }

  private childChainIdValue: bigint | undefined;
  private async childChainId(): Promise<bigint> {
    this.childChainIdValue ??= await readContract(this.o.client, {
      address: this.o.config.rootBridge,
      abi: rootBridgeAbi,
      functionName: "childChainId",
    });
    return this.childChainIdValue;
  }

  async decide(record: Record_, view: DutyView): Promise<Decision<FastFillState, FastFillData> | undefined> {
    const d = record.data;
    const last = view.txs[view.txs.length - 1];
    const labels = { chain: this.chain, token: d.token.toLowerCase() };
    switch (record.state) {
      case "waiting":
        return this.consider(record);
      case "approving":
        if (last === undefined || last.status === "dropped") return { state: "waiting" };
        // Approved: this record fills first (withdrawals are filled in the order they were seen).
        if (last.status !== "confirmed") return undefined;
        return (await this.consider(record)) ?? { state: "waiting", error: null };
      case "filling":
        if (last === undefined) return { state: "waiting" };
        if (last.status === "dropped") return { state: "waiting", error: last.error };
        if (last.status !== "confirmed") return undefined;
        if (last.success === true) {
          this.o.metrics?.fills.inc({ ...labels, outcome: "filled" });
          return { state: "filled", error: null };
        }
        this.o.metrics?.fills.inc({ ...labels, outcome: "lost" });
        return { state: "missed", error: `fill ${last.hash} reverted (filled by another relayer or executed)` };
      case "filled": {
        const { executed } = await this.taken(d);
        if (!executed) return undefined;
        this.o.metrics?.fills.inc({ ...labels, outcome: "repaid" });
        this.o.metrics?.earnings.inc(labels, Number(BigInt(d.fastFee)));
        return { state: "repaid", error: null };
      }
      default:
        return undefined;
    }
  }

  private async consider(record: Record_): Promise<Decision<FastFillState, FastFillData> | undefined> {
    const d = record.data;
    const key = d.token.toLowerCase();
    const token = this.tokens.get(key);
    if (token === undefined) return { state: "declined", error: "token no longer configured" };
    const labels = { chain: this.chain, token: key };
    // Fee: covers the fill's gas at the current price, converted into the token, plus the margin.
    const gasPrice = await this.o.client.getGasPrice();
    const gasCost = (BigInt(this.o.config.fillGas) * gasPrice * token.tokenPerNative) / 10n ** 18n;
    const needed = gasCost + token.minMargin;
    if (BigInt(d.fastFee) < needed) {
      this.o.metrics?.declined.inc(labels);
      return { state: "declined", error: `fast fee ${d.fastFee} below gas ${gasCost} + margin ${token.minMargin}` };
    }
    // Too late: somebody filled it, or the slow path paid the recipient.
    const { filler, executed } = await this.taken(d);
    if (executed) return { state: "missed", error: "executed by the slow path before a fill" };
    if (filler !== ZERO) return { state: "missed", error: `filled by ${filler}` };
    // An approval in flight for an older withdrawal: it fills first.
    if (record.state === "waiting" && (await this.o.store.recordsInState(this.name, "approving")).length > 0)
      return undefined;
    const allowance = await readContract(this.o.client, {
      address: d.token,
      abi: erc20Abi,
      functionName: "allowance",
      args: [this.o.filler, this.o.config.rootBridge],
    });
    const exposed = await this.exposure();
    const filling = await this.exposure(["filling"]);
    // From here to the decision nothing awaits: decisions of one run may be taken concurrently, and
    // the exposure check and its reservation must not interleave.
    // Exposure: what is out, plus what this run decided, plus this fill, within the limit.
    const paid = BigInt(d.paid);
    const out = (exposed.get(key) ?? 0n) + (this.pending.get(key) ?? 0n);
    if (out + paid > token.maxExposure) return undefined; // waits for repayments
    // The allowance must also cover fills sent and not mined yet, and those of this run.
    const unmined = (filling.get(key) ?? 0n) + (this.pending.get(key) ?? 0n);
    if (allowance < paid + unmined) {
      if (this.approving || record.state === "approving") return undefined;
      this.approving = true;
      return {
        state: "approving",
        intents: [
          {
            chain: this.chain,
            to: d.token,
            data: encodeFunctionData({
              abi: erc20Abi,
              functionName: "approve",
              args: [this.o.config.rootBridge, token.maxExposure],
            }),
            label: `approve the RootBridge for ${d.token}`,
          },
        ],
      };
    }
    this.pending.set(key, (this.pending.get(key) ?? 0n) + paid);
    this.o.metrics?.fills.inc({ ...labels, outcome: "sent" });
    return {
      state: "filling",
      error: null,
      intents: [
        {
          chain: this.chain,
          to: this.o.config.rootBridge,
          data: encodeFunctionData({ abi: rootBridgeAbi, functionName: "fill", args: this.fillArgs(d) }),
          label: `fill withdrawal ${d.nonce}: ${d.paid} to ${d.recipient}`,
        },
      ],
    };
  }

  fail(_record: Record_, reason: string): Decision<FastFillState, FastFillData> {
    // A fill whose simulation reverts was filled or executed meanwhile (or the token is not mapped).
    return { state: "missed", error: reason };
  }
}
