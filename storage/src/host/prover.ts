/**
 * Each period of each accepted deal: learn the seed (poke it when nobody has), build the proof from
 * the stored shard, then submit it (batched across deals) or keep it ready for relayers
 * (`GET /proofs`). Periods that closed without a proof of ours are recorded as missed. Credits
 * are claimed once they reach the threshold.
 */
import type { Hex } from "viem";

import type { ContentTree } from "@btt-network/sdk/commitment";
import {
  buildPeriodProof,
  claim,
  currentPeriod,
  DealStatus,
  getCredit,
  getDeal,
  periodEnd,
  periodSeedStatus,
  periodStart,
  pokeSeed,
  proofOutcome,
  seedEpoch,
  storageMarketAbi,
  submitProofs,
  type DealState,
  type PeriodProof,
} from "@btt-network/sdk/storage";
import type { ChainContext } from "../shared/chain.ts";
import { toJson } from "../shared/json.ts";
import type { Logger } from "../shared/log.ts";
import type { HostConfig } from "./config.ts";
import type { HostStore } from "./store.ts";

export class Prover {
  private readonly poked = new Set<bigint>();

  private readonly config: HostConfig;
  private readonly chain: ChainContext;
  private readonly store: HostStore;
  private readonly trees: Map<Hex, ContentTree>;
  private readonly log: Logger;

  constructor(config: HostConfig, chain: ChainContext, store: HostStore, trees: Map<Hex, ContentTree>, log: Logger) {
    this.config = config;
    this.chain = chain;
    this.store = store;
    this.trees = trees;
    this.log = log;
  }

  /** One pass over the accepted deals (never throws: problems are logged and retried next pass). */
  async run(): Promise<void> {
    const { chain, store } = this;
    const head = await chain.publicClient.getBlockNumber({ cacheTime: 0 });
    const ready: PeriodProof[] = [];
    for (const row of store.deals(["accepted"])) {
      try {
        const deal = await getDeal(chain.publicClient, { market: chain.market, id: row.id });
        if (deal.status !== DealStatus.Active) {
          store.setState(row.id, "ended");
          this.log.info("deal ended", { id: row.id, status: deal.status });
          continue;
        }
        await this.settlePast(row.id, deal, head);
        const p = currentPeriod(deal, head);
        if (p === undefined || head < periodStart(deal, p) + 1n) continue;
        const done = store.period(row.id, p);
        if (done?.state === "proven") continue;
        if (deal.cursor > p) {
          store.setPeriod(row.id, p, "proven", { detail: "settled" });
          continue;
        }
        if (done?.state === "ready" && this.config.proofs === "serve") continue;
        const epoch = seedEpoch(deal, p, chain.epochLength);
        const seed = await chain.publicClient.readContract({
          address: chain.market,
          abi: storageMarketAbi,
          functionName: "seedOf",
          args: [epoch],
        });
        const status = periodSeedStatus(deal, p, { epochLength: chain.epochLength, blockNumber: head, seed });
        if (status.state === "upcoming") continue;
        if (status.state !== "recorded") {
          if (!this.poked.has(epoch)) {
            await chain.exclusive(() =>
              chain.mined(pokeSeed(chain.wallet, { market: chain.market, epoch }), "pokeSeed"),
            );
            this.poked.add(epoch);
            this.log.info("seed poked", { epoch, state: status.state });
          }
        }
        const proof = await buildPeriodProof(chain.publicClient, {
          market: chain.market,
          id: row.id,
          period: p,
          shardPath: row.shard,
          ...(this.trees.has(row.id) ? { tree: this.trees.get(row.id)! } : {}),
        });
        if (this.config.proofs === "serve") {
          store.setPeriod(row.id, p, "ready", {
            proof: toJson({ id: proof.id, period: proof.period, data: proof.data }),
          });
          this.log.info("proof ready", { id: row.id, period: p });
        } else ready.push(proof);
      } catch (error) {
        this.log.warn("cannot prove", { id: row.id, error: (error as Error).message.split("\n")[0] });
      }
    }
    if (ready.length > 0) await this.submit(ready);
    await this.claimIfDue();
  }

  /** Closed periods without a final record: proven if the chain settled them without a miss, else missed. */
  private async settlePast(id: Hex, deal: DealState, head: bigint): Promise<void> {
    let missed: Set<bigint> | undefined;
    for (let q = 0n; q < deal.periods && periodEnd(deal, q) <= head; q++) {
      const past = this.store.period(id, q);
      if (past?.state === "proven" || past?.state === "missed" || past?.state === "rejected") continue;
      missed ??= await this.missedPeriods(id, deal.start);
      this.store.setPeriod(id, q, q < deal.cursor && !missed.has(q) ? "proven" : "missed", { detail: "settled" });
    }
  }

  private async missedPeriods(id: Hex, fromBlock: bigint): Promise<Set<bigint>> {
    const logs = await this.chain.publicClient.getContractEvents({
      address: this.chain.market,
      abi: storageMarketAbi,
      eventName: "PeriodMissed",
      args: { id },
      fromBlock,
    });
    return new Set(logs.map((l) => l.args.period!));
  }

  private async submit(proofs: PeriodProof[]): Promise<void> {
    const { chain, store } = this;
    for (const p of proofs) store.setPeriod(p.id, p.period, "submitted");
    const size = this.config.proofBatchSize;
    try {
      const receipts = await chain.exclusive(async () => {
        const hashes = await submitProofs(chain.wallet, { market: chain.market, proofs, batchSize: size });
        return Promise.all(hashes.map((hash) => chain.publicClient.waitForTransactionReceipt({ hash })));
      });
      for (const [i, receipt] of receipts.entries()) {
        const hash = receipt.transactionHash;
        const outcome = proofOutcome(receipt, proofs.slice(i * size, (i + 1) * size));
        for (const p of outcome.proven) store.setPeriod(p.id, p.period, "proven", { detail: hash });
        for (const r of outcome.rejected) store.setPeriod(r.id, r.period, "rejected", { detail: r.reason });
        this.log.info("proofs submitted", { hash, proven: outcome.proven.length, rejected: outcome.rejected.length });
      }
    } catch (error) {
      this.log.warn("proof submission failed (retried next pass)", { error: (error as Error).message.split("\n")[0] });
    }
  }

  private async claimIfDue(): Promise<void> {
    const { chain } = this;
    const credit = await getCredit(chain.publicClient, { market: chain.market, account: chain.account.address });
    if (credit === 0n || credit < this.config.claimThreshold) return;
    const hash = await chain.exclusive(async () => {
      const sent = await claim(chain.wallet, { market: chain.market });
      await chain.mined(sent, "claim");
      return sent;
    });
    this.store.recordClaim(hash, credit);
    this.log.info("credits claimed", { amount: credit, hash });
  }
}
