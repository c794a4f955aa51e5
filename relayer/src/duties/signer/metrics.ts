/** Metrics of the validator signer and of the submitters' signature collection. */
import { Counter, type Registry } from "prom-client";

export class SignerMetrics {
  readonly signed: Counter<"kind">;
  readonly refused: Counter<"kind" | "reason">;

  constructor(registry: Registry) {
    this.signed = new Counter({
      name: "relayer_signer_signatures_total",
      help: "signer: signatures given (stored first)",
      labelNames: ["kind"],
      registers: [registry],
    });
    this.refused = new Counter({
      name: "relayer_signer_refused_total",
      help: "signer: proposals refused, by reason (conflict = double sign avoided)",
      labelNames: ["kind", "reason"],
      registers: [registry],
    });
  }
}
