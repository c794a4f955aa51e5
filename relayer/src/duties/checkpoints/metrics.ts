/** Metrics of the checkpoint submitter (`relayer_checkpoints_*`), besides the runner's and the signature collection's. */
import { Gauge, type Registry } from "prom-client";

export class CheckpointMetrics {
  /** Seconds since the newest source block the destination Inbox has a checkpoint for was made. */
  readonly lastCheckpointAge: Gauge<"source" | "dest">;

  constructor(registry: Registry) {
    this.lastCheckpointAge = new Gauge({
      name: "relayer_checkpoints_last_checkpoint_age_seconds",
      help: "checkpoints: age of the newest source block covered by an accepted checkpoint of the stream",
      labelNames: ["source", "dest"],
      registers: [registry],
    });
  }
}
