/** Metrics of the fast-exit filler (`relayer_fastfills_*`), besides the runner's own. */
import { Counter, Gauge, type Registry } from "prom-client";

export class FastFillMetrics {
  /** Paid to recipients and not yet repaid, per (chain, token), in token units. */
  readonly exposure: Gauge<"chain" | "token">;
  /** Fills by outcome: `sent` (recorded and handed to the executor), `filled`, `lost` (another filler or the slow path won), `repaid`. */
  readonly fills: Counter<"chain" | "token" | "outcome">;
  /** Fast fees earned by repaid fills, in token units. */
  readonly earnings: Counter<"chain" | "token">;
  /** Withdrawals not filled because their fee did not cover gas plus the margin. */
  readonly declined: Counter<"chain" | "token">;

  constructor(registry: Registry) {
    this.exposure = new Gauge({
      name: "relayer_fastfills_exposure",
      help: "fastFills: paid to recipients and not yet repaid (token units)",
      labelNames: ["chain", "token"],
      registers: [registry],
    });
    this.fills = new Counter({
      name: "relayer_fastfills_fills_total",
      help: "fastFills: fills by outcome (sent, filled, lost, repaid)",
      labelNames: ["chain", "token", "outcome"],
      registers: [registry],
    });
    this.earnings = new Counter({
      name: "relayer_fastfills_earnings_total",
      help: "fastFills: fast fees of repaid fills (token units)",
      labelNames: ["chain", "token"],
      registers: [registry],
    });
    this.declined = new Counter({
      name: "relayer_fastfills_declined_total",
      help: "fastFills: withdrawals whose fee was below gas plus the margin",
      labelNames: ["chain", "token"],
      registers: [registry],
    });
  }
}
