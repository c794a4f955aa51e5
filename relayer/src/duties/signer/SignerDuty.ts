/**
 * The validator signer as a duty. Its records are the signatures it gave (duty `signer`, state
 * `signed`, see `guard.ts`), written by the signer itself when it signs; the loop only follows the
 * confirmed head of every chain it watches (gauge `relayer_signer_confirmed_block`), which is as
 * far as it will ever sign.
 */
import { Gauge, type Registry } from "prom-client";

import type { DutyRecord } from "../../store/types.ts";
import type { BridgeReads } from "../../consensus/reads.ts";
import type { Decision, Duty } from "../types.ts";
import type { SignerConfig } from "./config.ts";

/** States a record of this duty ends in (`status` counts the others as its queue). */
export const signerTerminal: readonly "signed"[] = ["signed"];

export class SignerDuty implements Duty<"signed", unknown> {
  readonly name = "signer";
  readonly terminal = signerTerminal;
  readonly chain: string;
  readonly key: string;
  readonly intervalMs: number;
  readonly batchSize = 1;
  readonly maxAttempts = 1;
  private readonly reads: BridgeReads;
  private readonly confirmed: Gauge<"chain">;

  constructor(config: SignerConfig, reads: BridgeReads, registry: Registry) {
    this.chain = config.chain;
    this.key = config.key;
    this.intervalMs = config.intervalMs;
    this.reads = reads;
    this.confirmed = new Gauge({
      name: "relayer_signer_confirmed_block",
      help: "signer: highest block it would sign over",
      labelNames: ["chain"],
      registers: [registry],
    });
  }

  async discover(): Promise<number> {
    await Promise.all(
      Object.keys(this.reads.network.contracts).map(async (chain) =>
        this.confirmed.set({ chain }, Number(await this.reads.confirmedHead(chain))),
      ),
    );
    return 0;
  }

  decide(): Decision<"signed", unknown> | undefined {
    return undefined;
  }

  fail(_record: DutyRecord<"signed", unknown>, reason: string): Decision<"signed", unknown> {
    return { state: "signed", error: reason };
  }
}
