/**
 * The rotation submitter. When the staking home's StakeManager (read at its confirmation depth)
 * is at a later epoch than a target chain's verifier, one record per (target, from epoch, to epoch):
 *
 *   collecting --(quorum of the target's current set)--> submitted --(confirmed)--> rotated
 *       '--(the target moved on by itself / another relayer, or the home moved on)--> superseded
 *
 * A rotation keeps collecting until it has a quorum (validators may be offline for a while): it
 * only ends when the target or the home moves.
 *   submitted --(reverted)--> failing --(target moved)--> superseded | failed
 *
 * On the home itself the verifier reads the StakeManager: the record's transaction is
 * `syncFromStakeManager()` instead, no signatures needed.
 *
 * A committed set has a maximum age on every chain (`ValidatorSet.expiresAt()`, on deployments
 * that have it): a target whose set expires within `urgentBeforeExpirySeconds` is urgent. Urgent
 * targets are checked first, their proposals logged at `warn`, and a target with nothing to rotate
 * to (the home has not moved past its epoch) is logged at `error`: once the set expires the chain
 * accepts no checkpoint and no rotation signed by it.
 */
import { encodeFunctionData, type Hex } from "viem";

import { hashMessage, type ValidatorSetRotation } from "@btt-network/sdk/messages";
import { validatorSetAbi } from "@btt-network/sdk/staking";
import type { Logger } from "../../observability/log.ts";
import type { DutyRecord } from "../../store/types.ts";
import { rotationFromJson, toJson } from "../../consensus/codec.ts";
import { expectedRotation, ProposalRefused } from "../../consensus/expected.ts";
import { collectSignatures } from "../../signatures/collect.ts";
import type { Decision, Duty, DutyView } from "../types.ts";
import type { RotationsConfig } from "./config.ts";
import { ConfiguredDuty } from "../base.ts";
import type { CollectingDutyOptions } from "../services.ts";
import type { RotationMetrics } from "./metrics.ts";

/** How close a target's set is to its expiry; `undefined` expiry: a deployment without set expiry (never urgent). */
export function expiryUrgency(
  expiry: { readonly expiresAt: bigint; readonly now: bigint } | undefined,
  urgentBeforeSeconds: number,
): { readonly urgent: boolean; readonly expiresIn?: bigint } {
  if (expiry === undefined) return { urgent: false };
  const expiresIn = expiry.expiresAt - expiry.now;
  return { urgent: expiresIn <= BigInt(urgentBeforeSeconds), expiresIn };
}

/** An urgent target is logged again at most this often. */
const URGENT_LOG_EVERY_MS = 60_000;

export type RotationState = "collecting" | "submitted" | "failing" | "rotated" | "superseded" | "failed";

export interface RotationData {
  readonly target: string;
  /** Home only: sync from the StakeManager instead of a signed rotation. */
  readonly sync: boolean;
  readonly rotation: Record<string, string>;
}

export const rotationsTerminal: readonly RotationState[] = ["rotated", "superseded", "failed"];

export class RotationDuty extends ConfiguredDuty implements Duty<RotationState, RotationData> {
  readonly name = "rotations";
  readonly terminal = rotationsTerminal;
  private readonly o: CollectingDutyOptions<RotationsConfig>;
  private readonly logPrivate: Logger;
  private readonly metricsPrivate: RotationMetrics | undefined;
  private readonly urgentLoggedAt = new Map<string, number>();

  constructor(options: CollectingDutyOptions<RotationsConfig>, metrics?: RotationMetrics) {
    super(options.config);
    this.o = options;
    this.logPrivate = options.log.child({ duty: this.name });
    this.metricsPrivate = metrics;
  }

  get targets(): string[] {
    return this.o.config.targets ?? Object.keys(this.o.config.contracts);
  }

  private async open(target: string): Promise<boolean> {
    return await this.o.store.hasOpenRecord(this.name, `${this.o.reads.chainId(target)}-`, rotationsTerminal);
  }

  /** The target's expiry urgency (metrics set); a read failure counts as not urgent and is logged by the caller's run. */
  private async urgencyPrivate(target: string): Promise<{ readonly urgent: boolean; readonly expiresIn?: bigint }> {
    let urgency: ReturnType<typeof expiryUrgency>;
    try {
      urgency = expiryUrgency(await this.o.reads.setExpiry(target), this.o.config.urgentBeforeExpirySeconds);
    } catch (error) {
      this.logPrivate.warn(
        { target, err: error instanceof Error ? error.message.split("\n")[0] : String(error) },
        "could not read the target's set expiry",
      );
      return { urgent: false };
    }
    if (urgency.expiresIn !== undefined)
      this.metricsPrivate?.expiresIn.set({ chain: target }, Number(urgency.expiresIn));
    this.metricsPrivate?.urgent.set({ chain: target }, urgency.urgent ? 1 : 0);
    return urgency;
  }

  private logUrgent(target: string, expiresIn: bigint | undefined, message: string, level: "warn" | "error"): void {
    const now = Date.now();
    const key = `${target}:${level}`;
    if (now - (this.urgentLoggedAt.get(key) ?? -Infinity) < URGENT_LOG_EVERY_MS) return;
    this.urgentLoggedAt.set(key, now);
    this.logPrivate[level](
      { target, expiresInSeconds: expiresIn === undefined ? undefined : Number(expiresIn) },
      message,
    );
  }

  async discover(): Promise<number> {
    let added = 0;
    const targets = await Promise.all(
      this.targets.map(async (target) => ({ target, ...(await this.urgencyPrivate(target)) })),
    );
    // Urgent targets first: the set closest to its expiry gets the first quorum round.
    targets.sort((a, b) => Number(b.urgent) - Number(a.urgent) || Number((a.expiresIn ?? 0n) - (b.expiresIn ?? 0n)));
    for (const { target, urgent, expiresIn } of targets) {
      try {
        if (urgent)
          this.logUrgent(
            target,
            expiresIn,
            "the target's validator set is close to its maximum age: rotating urgently",
            "warn",
          );
        if (await this.open(target)) continue;
        let rotation: ValidatorSetRotation;
        try {
          rotation = await expectedRotation(this.o.reads, target);
        } catch (error) {
          if (!(error instanceof ProposalRefused)) throw error;
          // Up to date. Near expiry that is an emergency only the staking home can end (a new epoch).
          if (urgent)
            this.logUrgent(
              target,
              expiresIn,
              "the target's validator set is about to expire and the staking home has no later epoch to rotate to: advance the home's epoch",
              "error",
            );
          continue;
        }
        const id = `${rotation.destChainId}-${rotation.epoch}-${rotation.newEpoch}`;
        const sync = target === this.o.reads.network.home;
        if (
          await this.o.store.insertRecord(this.name, id, "collecting", { target, sync, rotation: toJson(rotation) })
        ) {
          added++;
          if (urgent)
            this.logPrivate.warn({ id, target, sync, expiresInSeconds: Number(expiresIn) }, "urgent rotation proposed");
          else this.logPrivate.info({ id, target, sync }, "rotation proposed");
        }
      } catch (error) {
        this.logPrivate.warn(
          { target, err: error instanceof Error ? error.message.split("\n")[0] : String(error) },
          "could not check the target's epoch",
        );
      }
    }
    return added;
  }

  async decide(
    record: DutyRecord<RotationState, RotationData>,
    view: DutyView,
  ): Promise<Decision<RotationState, RotationData> | undefined> {
    const rotation = rotationFromJson(record.data.rotation);
    switch (record.state) {
      case "collecting":
        return this.collect(record, rotation);
      case "submitted": {
        const last = view.txs[view.txs.length - 1];
        if (last === undefined) return { state: "collecting" };
        if (last.status === "dropped") return { state: "collecting", error: last.error };
        if (last.status !== "confirmed") return undefined;
        return last.success === true
          ? { state: "rotated", error: null }
          : { state: "failing", error: `transaction ${last.hash} reverted` };
      }
      case "failing":
        return (await this.moved(record.data.target, rotation))
          ? { state: "superseded", error: record.error }
          : { state: "failed" };
      default:
        return undefined;
    }
  }

  private async moved(target: string, rotation: ValidatorSetRotation): Promise<boolean> {
    return (await this.o.reads.verifierEpoch(target)) !== rotation.epoch;
  }

  private async collect(
    record: DutyRecord<RotationState, RotationData>,
    rotation: ValidatorSetRotation,
  ): Promise<Decision<RotationState, RotationData> | undefined> {
    const { target, sync } = record.data;
    if (await this.moved(target, rotation))
      return { state: "superseded", error: "the target's verifier left this epoch" };
    const to = rotation.destContract;
    if (sync)
      return {
        state: "submitted",
        error: null,
        intents: [
          {
            chain: target,
            to,
            data: encodeFunctionData({ abi: validatorSetAbi, functionName: "syncFromStakeManager" }) as Hex,
            label: `sync ${record.id}`,
          },
        ],
      };
    const [set, home] = await Promise.all([
      this.o.reads.currentSet(target),
      this.o.reads.homeSetAt(await this.o.reads.confirmedHead(this.o.reads.network.home)),
    ]);
    if (home.epoch !== rotation.newEpoch || home.setHash !== rotation.newSetHash)
      return { state: "superseded", error: `the staking home moved to epoch ${home.epoch}` };
    const collected = await collectSignatures({
      kind: "rotation",
      digest: hashMessage("ValidatorSetRotation", rotation),
      set,
      sources: this.o.sources,
      ask: (source) => source.rotation(rotation),
      log: this.logPrivate.child({ id: record.id }),
      metrics: this.o.metrics,
    });
    if (collected.proof === undefined) {
      const error = `no quorum yet: ${collected.signatures.size} signatures, power ${collected.signedPower} of ${collected.totalPower}${collected.refusals.length > 0 ? `; ${collected.refusals.join("; ")}` : ""}`;
      return error === record.error ? undefined : { state: "collecting", error };
    }
    const data = encodeFunctionData({
      abi: validatorSetAbi,
      functionName: "rotate",
      args: [rotation, home.members.map((m) => m.signer), home.members.map((m) => m.power), collected.proof],
    }) as Hex;
    this.logPrivate.info({ id: record.id, signers: collected.signatures.size }, "quorum collected; rotating");
    return { state: "submitted", error: null, intents: [{ chain: target, to, data, label: `rotate ${record.id}` }] };
  }

  fail(record: DutyRecord<RotationState, RotationData>, reason: string): Decision<RotationState, RotationData> {
    return {
      state: record.state === "collecting" || record.state === "submitted" ? "failing" : "failed",
      error: reason,
    };
  }
}
