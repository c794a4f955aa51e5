/** Metrics of signature collection by the submitters (checkpoints and rotations). */
import { Counter, type Registry } from "prom-client";

export class CollectMetrics {
  readonly goodSignatures: Counter<"kind">;
  readonly badSignatures: Counter<"peer" | "kind">;
  readonly peerFailures: Counter<"peer" | "kind" | "reason">;

  constructor(registry: Registry) {
    const r = [registry];
    this.goodSignatures = new Counter({
      name: "relayer_signatures_collected_total",
      help: "verified signatures collected",
      labelNames: ["kind"],
      registers: r,
    });
    this.badSignatures = new Counter({
      name: "relayer_signatures_bad_total",
      help: "signatures dropped (malformed, wrong key, wrong digest, not a member), by source",
      labelNames: ["peer", "kind"],
      registers: r,
    });
    this.peerFailures = new Counter({
      name: "relayer_signatures_peer_failures_total",
      help: "sources that refused or failed, by reason",
      labelNames: ["peer", "kind", "reason"],
      registers: r,
    });
  }
}
