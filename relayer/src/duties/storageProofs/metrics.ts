/** Metrics of the storage-proof submitter (`relayer_storageProofs_*`), besides the runner's own. */
import { Counter, Gauge, type Registry } from "prom-client";

export class StorageProofMetrics {
  readonly proofs: Gauge<"state">;
  readonly submitted: Counter<"outcome">;
  readonly missed: Counter;
  readonly seeds: Counter<"outcome">;

  constructor(registry: Registry) {
    const r = [registry];
    this.proofs = new Gauge({
      name: "relayer_storageProofs_proofs",
      help: "storageProofs: period proofs by state",
      labelNames: ["state"],
      registers: r,
    });
    this.submitted = new Counter({
      name: "relayer_storageProofs_proofs_settled_total",
      help: "storageProofs: batched proofs by outcome",
      labelNames: ["outcome"],
      registers: r,
    });
    this.missed = new Counter({
      name: "relayer_storageProofs_missed_periods_reported_total",
      help: "storageProofs: periods reported missed",
      registers: r,
    });
    this.seeds = new Counter({
      name: "relayer_storageProofs_seed_pokes_total",
      help: "storageProofs: challenge seeds this relayer recorded (poked), recorded by someone else meanwhile, or lost",
      labelNames: ["outcome"],
      registers: r,
    });
  }
}
