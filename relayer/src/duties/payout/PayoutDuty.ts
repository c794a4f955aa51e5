/**
 * The payout duty: pays queued ERC-20 transfers (BTTToken or any ERC-20) exactly once each. It
 * needs no BTT Network contract, which makes it the end-to-end proof of the duty framework:
 * requests come from a JSON file, each becomes a record keyed by its id, and
 *
 *   queued --(transfer intended)--> submitted --(receipt confirmed, success)--> paid
 *                                      |--(receipt confirmed, reverted)-------> failed
 *                                      '--(dropped: nonce used elsewhere)-----> queued (again)
 *   queued --(simulation reverts, or too many attempts)-----------------------> failed
 */
import { readFile, stat } from "node:fs/promises";

import { encodeFunctionData, erc20Abi, type Address } from "viem";
import { z } from "zod";

import { address, uint } from "../../config/fields.ts";
import type { PayoutConfig } from "./config.ts";
import type { Store } from "../../store/Store.ts";
import type { DutyRecord } from "../../store/types.ts";
import type { Decision, Duty, DutyView } from "../types.ts";
import { ConfiguredDuty } from "../base.ts";

export type PayoutState = "queued" | "submitted" | "paid" | "failed";

export interface PayoutData {
  readonly to: Address;
  /** Token units, decimal string (JSON has no bigint). */
  readonly amount: string;
}

export const payoutRequestSchema = z.strictObject({
  id: z.string().min(1).max(200),
  to: address,
  amount: uint.refine((value) => value > 0n, { error: "amount must be positive" }),
});
const requestsSchema = z.array(payoutRequestSchema);

/** States a record of this duty ends in (`status` counts the others as its queue). */
export const payoutTerminal: readonly PayoutState[] = ["paid", "failed"];

export class PayoutDuty extends ConfiguredDuty implements Duty<PayoutState, PayoutData> {
  readonly name = "payout";
  /** Every message (payout) is decided on its own: several processes on one database share them. */
  readonly parallel = true;
  readonly terminal = payoutTerminal;
  readonly token: Address;
  private readonly store: Store;
  private readonly requestsFile: string;
  private seenMtime = -1;

  constructor(config: PayoutConfig, store: Store, requestsFile: string) {
    super(config);
    this.token = config.token;
    this.store = store;
    this.requestsFile = requestsFile;
  }

  /** Reads the requests file when it changed and inserts the requests not seen before. */
  async discover(): Promise<number> {
    let mtime: number;
    try {
      mtime = (await stat(this.requestsFile)).mtimeMs;
    } catch {
      return 0; // no requests yet
    }
    if (mtime === this.seenMtime) return 0;
    const parsed = requestsSchema.safeParse(JSON.parse(await readFile(this.requestsFile, "utf8")));
    if (!parsed.success)
      throw new Error(`invalid payout requests in ${this.requestsFile}: ${parsed.error.issues[0]?.message}`);
    let added = 0;
    await this.store.atomically(async () => {
      for (const request of parsed.data)
        if (
          await this.store.insertRecord(this.name, request.id, "queued", {
            to: request.to,
            amount: request.amount.toString(),
          })
        )
          added++;
    });
    this.seenMtime = mtime;
    return added;
  }

  decide(record: DutyRecord<PayoutState, PayoutData>, view: DutyView): Decision<PayoutState, PayoutData> | undefined {
    const last = view.txs[view.txs.length - 1];
    switch (record.state) {
      case "queued":
        return {
          state: "submitted",
          error: null,
          intents: [
            {
              chain: this.chain,
              to: this.token,
              data: encodeFunctionData({
                abi: erc20Abi,
                functionName: "transfer",
                args: [record.data.to, BigInt(record.data.amount)],
              }),
              label: `transfer ${record.data.amount} to ${record.data.to}`,
            },
          ],
        };
      case "submitted":
        if (last === undefined) return { state: "queued" };
        if (last.status === "confirmed")
          return last.success === true
            ? { state: "paid", error: null }
            : { state: "failed", error: `transfer ${last.hash} reverted on chain` };
        if (last.status === "dropped") return { state: "queued", error: last.error };
        return undefined;
      default:
        return undefined;
    }
  }

  fail(_record: DutyRecord<PayoutState, PayoutData>, reason: string): Decision<PayoutState, PayoutData> {
    return { state: "failed", error: reason };
  }
}
