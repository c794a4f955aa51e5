/**
 * Every Prometheus metric of the relayer, in one registry: `relayer_<duty>_<name>` with a `chain`
 * label (the shared executor counts as duty `executor`, chain watching as `chain`).
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";

export class RelayerMetrics {
  readonly registry = new Registry();
  readonly headBlock: Gauge<"chain">;
  readonly rpcErrors: Counter<"chain">;
  readonly txSent: Counter<"chain">;
  readonly txBumped: Counter<"chain">;
  readonly txConfirmed: Counter<"chain" | "outcome">;
  readonly txReorged: Counter<"chain">;
  readonly txDropped: Counter<"chain">;
  readonly sendErrors: Counter<"chain" | "cause">;
  readonly httpRequests: Counter<"route" | "status">;
  readonly accountBalance: Gauge<"chain" | "account">;
  readonly process: Gauge<"process" | "engine">;
  readonly leaseHeld: Gauge<"lease">;
  readonly leaseLost: Counter<"lease">;
  private readonly duties = new Map<string, DutyMetrics>();

  constructor(options: { defaults?: boolean } = {}) {
    if (options.defaults !== false) collectDefaultMetrics({ register: this.registry, prefix: "relayer_process_" });
    const r = [this.registry];
    this.headBlock = new Gauge({
      name: "relayer_chain_head_block",
      help: "Latest block seen",
      labelNames: ["chain"],
      registers: r,
    });
    this.rpcErrors = new Counter({
      name: "relayer_chain_rpc_errors_total",
      help: "Failed reads",
      labelNames: ["chain"],
      registers: r,
    });
    this.txSent = new Counter({
      name: "relayer_executor_tx_sent_total",
      help: "Broadcasts accepted",
      labelNames: ["chain"],
      registers: r,
    });
    this.txBumped = new Counter({
      name: "relayer_executor_tx_bumped_total",
      help: "Fee-bumped replacements",
      labelNames: ["chain"],
      registers: r,
    });
    this.txConfirmed = new Counter({
      name: "relayer_executor_tx_confirmed_total",
      help: "Transactions final at the configured depth",
      labelNames: ["chain", "outcome"],
      registers: r,
    });
    this.txReorged = new Counter({
      name: "relayer_executor_tx_reorged_total",
      help: "Receipts that went away",
      labelNames: ["chain"],
      registers: r,
    });
    this.txDropped = new Counter({
      name: "relayer_executor_tx_dropped_total",
      help: "Nonces used by foreign transactions",
      labelNames: ["chain"],
      registers: r,
    });
    this.accountBalance = new Gauge({
      name: "relayer_executor_account_balance",
      help: "Native balance of each sending account (wei; sun on TRON), read every 15 s",
      labelNames: ["chain", "account"],
      registers: r,
    });
    this.httpRequests = new Counter({
      name: "relayer_http_requests_total",
      help: "HTTP answers by route (api, health, metrics, other) and status, refusals (401, 413, 429) included",
      labelNames: ["route", "status"],
      registers: r,
    });
    this.process = new Gauge({
      name: "relayer_process_info",
      help: "This process as leases, claims and `btt-relayer status` name it (always 1)",
      labelNames: ["process", "engine"],
      registers: r,
    });
    this.leaseHeld = new Gauge({
      name: "relayer_lease_held",
      help: "1 while this process holds the lease (account:<chain>:<address> sends, duty:<duty> discovers and leads the duty)",
      labelNames: ["lease"],
      registers: r,
    });
    this.leaseLost = new Counter({
      name: "relayer_lease_lost_total",
      help: "Leases this process lost (taken over after it could not renew them in time)",
      labelNames: ["lease"],
      registers: r,
    });
    this.sendErrors = new Counter({
      name: "relayer_executor_send_errors_total",
      help: "Broadcast errors by cause",
      labelNames: ["chain", "cause"],
      registers: r,
    });
  }

  duty(name: string): DutyMetrics {
    let metrics = this.duties.get(name);
    if (metrics === undefined) {
      metrics = new DutyMetrics(name, this.registry);
      this.duties.set(name, metrics);
    }
    return metrics;
  }
}

export class DutyMetrics {
  readonly transitions: Counter<"chain" | "state">;
  readonly runs: Counter<"chain" | "outcome">;
  readonly lastSuccess: Gauge<"chain">;
  readonly records: Gauge<"chain" | "state">;
  readonly queueDepth: Gauge<"chain">;
  readonly claimsLost: Counter<"chain">;

  constructor(duty: string, registry: Registry) {
    const r = [registry];
    const prefix = `relayer_${duty.replace(/[^a-zA-Z0-9_]/g, "_")}`;
    this.transitions = new Counter({
      name: `${prefix}_transitions_total`,
      help: `${duty}: records moved, by new state`,
      labelNames: ["chain", "state"],
      registers: r,
    });
    this.runs = new Counter({
      name: `${prefix}_runs_total`,
      help: `${duty}: loop runs`,
      labelNames: ["chain", "outcome"],
      registers: r,
    });
    this.lastSuccess = new Gauge({
      name: `${prefix}_last_success_seconds`,
      help: `${duty}: time of the last successful run`,
      labelNames: ["chain"],
      registers: r,
    });
    this.queueDepth = new Gauge({
      name: `${prefix}_queue_depth`,
      help: `${duty}: records not in a terminal state (the queue all processes on the database share)`,
      labelNames: ["chain"],
      registers: r,
    });
    this.claimsLost = new Counter({
      name: `${prefix}_claims_lost_total`,
      help: `${duty}: decisions not applied because another process took the record over meanwhile`,
      labelNames: ["chain"],
      registers: r,
    });
    this.records = new Gauge({
      name: `${prefix}_records`,
      help: `${duty}: records by state`,
      labelNames: ["chain", "state"],
      registers: r,
    });
  }
}
