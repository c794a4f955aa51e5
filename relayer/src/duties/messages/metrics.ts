/** Metrics of the message executor (`relayer_messages_*`), besides the runner's own. */
import { Gauge, type Registry } from "prom-client";

export class MessageMetrics {
  /** Seconds since the oldest message of a stream that is not executed yet (nor skipped) was recorded; 0 when none waits. */
  readonly oldestUnexecuted: Gauge<"source" | "dest">;

  constructor(registry: Registry) {
    this.oldestUnexecuted = new Gauge({
      name: "relayer_messages_oldest_unexecuted_seconds",
      help: "messages: age of the oldest message of the stream still waiting to be executed (0: none)",
      labelNames: ["source", "dest"],
      registers: [registry],
    });
  }
}
