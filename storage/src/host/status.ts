/** `btt-host status`: deals, bytes stored, periods proven and missed, earnings, from the host's SQLite store. */
import { HostStore } from "./store.ts";

export interface HostStatus {
  readonly deals: Record<string, number>;
  readonly bytesStored: bigint;
  readonly periods: {
    readonly proven: number;
    readonly missed: number;
    readonly rejected: number;
    readonly pending: number;
  };
  readonly claimed: bigint;
  /** Claimed from the vouchers downloaders paid for serving shards. */
  readonly servingClaimed: bigint;
}

export function hostStatus(dbFile: string): HostStatus {
  const store = new HostStore(dbFile, { readonly: true });
  try {
    return statusOf(store);
  } finally {
    store.close();
  }
}

/** The status from an open store (the daemon's `GET /metrics` reads it this way). */
export function statusOf(store: HostStore): HostStatus {
  const deals: Record<string, number> = {};
  for (const d of store.deals()) deals[d.state] = (deals[d.state] ?? 0) + 1;
  const bytesStored = store.deals(["accepted"]).reduce((sum, d) => sum + BigInt(d.size), 0n);
  const periods = store.periods();
  return {
    deals,
    bytesStored,
    periods: {
      proven: periods.filter((p) => p.state === "proven").length,
      missed: periods.filter((p) => p.state === "missed").length,
      rejected: periods.filter((p) => p.state === "rejected").length,
      pending: periods.filter((p) => p.state === "ready" || p.state === "submitted").length,
    },
    claimed: store.claimed(),
    servingClaimed: store.servingClaimed(),
  };
}
