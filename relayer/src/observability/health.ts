/**
 * What /health reports: per chain the head block, its age and the last RPC error; per duty the
 * last successful run, the last error and whether it is halted (e.g. out of funds).
 */
export interface ChainHealth {
  head?: number;
  headTimestamp?: number;
  lastPollAt?: number;
  lastError?: string | undefined;
}

export interface DutyHealth {
  lastSuccessAt?: number;
  lastError?: string | undefined;
  halted?: string | undefined;
}

export class HealthState {
  readonly chains = new Map<string, ChainHealth>();
  readonly duties = new Map<string, DutyHealth>();

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

  /** JSON body of /health; `ok` is false when a chain is failing or a duty is halted. */
  report(now = Date.now()): { ok: boolean; chains: Record<string, unknown>; duties: Record<string, unknown> } {
    let ok = true;
    const chains: Record<string, unknown> = {};
    for (const [name, chain] of this.chains) {
      if (chain.lastError !== undefined) ok = false;
      chains[name] = {
        head: chain.head ?? null,
        headAgeSeconds: chain.headTimestamp === undefined ? null : Math.max(0, Math.round(now / 1000 - chain.headTimestamp)),
        lastPollAt: iso(chain.lastPollAt),
        error: chain.lastError ?? null,
      };
    }
    const duties: Record<string, unknown> = {};
    for (const [name, duty] of this.duties) {
      if (duty.halted !== undefined) ok = false;
      duties[name] = { lastSuccessAt: iso(duty.lastSuccessAt), error: duty.lastError ?? null, halted: duty.halted ?? null };
    }
    return { ok, chains, duties };
  }
}

function iso(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}
