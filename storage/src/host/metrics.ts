/** `GET /metrics` of btt-host: its status (deals, bytes, periods, credits, serving earnings, pulls) as Prometheus text. */
import { renderMetrics, type Metric } from "../shared/metrics.ts";
import type { HostStatus } from "./status.ts";
import type { DealState } from "./store.ts";

const DEAL_STATES: readonly DealState[] = ["offered", "pulling", "accepting", "accepted", "ended", "refused"];

/** Live figures of the seeder (not in the store). */
export interface ServingFigures {
  readonly unclaimed: bigint;
  readonly bytesSent: number;
  readonly vouchers: number;
}

export function hostMetrics(status: HostStatus, serving?: ServingFigures): string {
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
      name: "btt_host_serving_claimed_total",
      help: "Claimed from the vouchers paid for serving shards (token base units)",
      type: "counter",
      samples: [{ value: status.servingClaimed }],
    },
    ...(serving === undefined
      ? []
      : [
          {
            name: "btt_host_serving_unclaimed",
            help: "What the stored serving vouchers pay if claimed now (token base units)",
            type: "gauge" as const,
            samples: [{ value: serving.unclaimed }],
          },
          {
            name: "btt_host_serving_bytes_sent_total",
            help: "Bytes of shards served over the P2P core",
            type: "counter" as const,
            samples: [{ value: serving.bytesSent }],
          },
          {
            name: "btt_host_serving_vouchers_total",
            help: "Vouchers accepted for serving",
            type: "counter" as const,
            samples: [{ value: serving.vouchers }],
          },
        ]),
    {
      name: "btt_host_pulls_in_progress",
      help: "Shards being pulled from clients",
      type: "gauge",
      samples: [{ value: status.deals.pulling ?? 0 }],
    },
  ];
  return renderMetrics(metrics);
}
