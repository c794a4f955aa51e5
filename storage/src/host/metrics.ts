/** `GET /metrics` of btt-host: its status (deals, bytes, periods, credits, pulls) as Prometheus text. */
import { renderMetrics, type Metric } from "../shared/metrics.ts";
import type { HostStatus } from "./status.ts";
import type { DealState } from "./store.ts";

const DEAL_STATES: readonly DealState[] = ["offered", "pulling", "accepting", "accepted", "ended", "refused"];

export function hostMetrics(status: HostStatus): string {
  const metrics: Metric[] = [
    {
      name: "btt_host_deals",
      help: "Deals in the host's store by state",
      type: "gauge",
      samples: DEAL_STATES.map((state) => ({ labels: { state }, value: status.deals[state] ?? 0 })),
    },
    {
      name: "btt_host_bytes_stored",
      help: "Bytes of the shards of accepted deals",
      type: "gauge",
      samples: [{ value: status.bytesStored }],
    },
    {
      name: "btt_host_periods_total",
      help: "Closed deal periods by outcome (proven, missed, rejected)",
      type: "counter",
      samples: (["proven", "missed", "rejected"] as const).map((outcome) => ({
        labels: { outcome },
        value: status.periods[outcome],
      })),
    },
    {
      name: "btt_host_periods_pending",
      help: "Deal periods whose proof is ready or submitted, not yet settled",
      type: "gauge",
      samples: [{ value: status.periods.pending }],
    },
    {
      name: "btt_host_credits_claimed_total",
      help: "Credits claimed from the market (token base units)",
      type: "counter",
      samples: [{ value: status.claimed }],
    },
    {
      name: "btt_host_pulls_in_progress",
      help: "Shards being pulled from clients",
      type: "gauge",
      samples: [{ value: status.deals.pulling ?? 0 }],
    },
  ];
  return renderMetrics(metrics);
}
