/**
 * What /health reports: per chain the head block, its age and the last RPC error; per duty the
 * last successful run, the last error and whether it is halted (e.g. out of funds); whether the
 * store can be written. Everything here is in memory, written by the loops as they run: answering
 * /health never touches the store or a node, so a blocked store or a silent RPC cannot hang it.
 *
 * `ok` is false, with one line per cause in `reasons`, while the relayer is starting, when a chain
 * read failed or its head is older than the chain's `maxHeadAgeSeconds`, when a duty is halted,
 * has failed every run since start, or has not succeeded within its window (`staleAfterMs`), and
 * when the store's last heartbeat write or lease renewal failed.
 */
export interface ChainHealth {
  head?: number;
  headTimestamp?: number;
  lastPollAt?: number;
  lastError?: string | undefined;
  /** A head older than this is stale (0 or undefined: never). */
  maxHeadAgeSeconds?: number | undefined;
}

export interface DutyHealth {
  lastSuccessAt?: number;
  lastError?: string | undefined;
  halted?: string | undefined;
  /** No successful run for this long is a failure (set when the duty starts). */
  staleAfterMs?: number;
}

export interface StoreHealth {
  lastWriteAt?: number;
  lastError?: string | undefined;
  /** The last lease renewal failed (the database cannot be reached): this process takes no work. */
  leaseError?: string | undefined;
}

export interface HealthReport {
  readonly ok: boolean;
  readonly reasons: string[];
  readonly phase: string;
  readonly store: { lastWriteAt: string | null; error: string | null };
  readonly chains: Record<string, unknown>;
  readonly duties: Record<string, unknown>;
}

/** The window a duty has to succeed in: several of its intervals, at least a minute (runs back off after failures). */
export function dutyStaleAfterMs(intervalMs: number): number {
  return Math.max(5 * intervalMs, 60_000);
}

export class HealthState {
  readonly chains = new Map<string, ChainHealth>();
  readonly duties = new Map<string, DutyHealth>();
  readonly store: StoreHealth = {};
  /** `starting` until every duty runs; what start-up is doing is in `phase`. */
  phase = "starting";
  startedAt = Date.now();

  chain(name: string): ChainHealth {
    let entry = this.chains.get(name);
    if (entry === undefined) this.chains.set(name, (entry = {}));
    return entry;
  }

  duty(name: string): DutyHealth {
    let entry = this.duties.get(name);
    if (entry === undefined) this.duties.set(name, (entry = {}));
    return entry;
  }

  /** JSON body of /health. */
  report(now = Date.now()): HealthReport {
    const reasons: string[] = [];
    if (this.phase !== "running") reasons.push(`starting: ${this.phase}`);
    const chains: Record<string, unknown> = {};
    for (const [name, chain] of this.chains) {
      const headAge =
        chain.headTimestamp === undefined ? null : Math.max(0, Math.round(now / 1000 - chain.headTimestamp));
      if (chain.lastError !== undefined) reasons.push(`chain ${name}: ${chain.lastError}`);
      else if (
        headAge !== null &&
        chain.maxHeadAgeSeconds !== undefined &&
        chain.maxHeadAgeSeconds > 0 &&
        headAge > chain.maxHeadAgeSeconds
      )
        reasons.push(
          `chain ${name}: head ${chain.head} is ${headAge} s old (more than ${chain.maxHeadAgeSeconds} s): the node is not following the chain`,
        );
      chains[name] = {
        head: chain.head ?? null,
        headAgeSeconds: headAge,
        lastPollAt: iso(chain.lastPollAt),
        error: chain.lastError ?? null,
      };
    }
    const duties: Record<string, unknown> = {};
    for (const [name, duty] of this.duties) {
      if (duty.halted !== undefined) reasons.push(`duty ${name}: halted: ${duty.halted}`);
      else if (duty.lastSuccessAt === undefined && duty.lastError !== undefined)
        reasons.push(`duty ${name}: no successful run since start: ${duty.lastError}`);
      else if (duty.staleAfterMs !== undefined && now - (duty.lastSuccessAt ?? this.startedAt) > duty.staleAfterMs)
        reasons.push(
          `duty ${name}: no successful run for ${Math.round((now - (duty.lastSuccessAt ?? this.startedAt)) / 1000)} s${duty.lastError === undefined ? "" : `: ${duty.lastError}`}`,
        );
      duties[name] = {
        lastSuccessAt: iso(duty.lastSuccessAt),
        error: duty.lastError ?? null,
        halted: duty.halted ?? null,
      };
    }
    if (this.store.lastError !== undefined) reasons.push(`store: cannot be written: ${this.store.lastError}`);
    if (this.store.leaseError !== undefined)
      reasons.push(`store: leases not renewed, taking no work: ${this.store.leaseError}`);
    return {
      ok: reasons.length === 0,
      reasons,
      phase: this.phase,
      store: { lastWriteAt: iso(this.store.lastWriteAt), error: this.store.lastError ?? null },
      chains,
      duties,
    };
  }
}

function iso(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}
