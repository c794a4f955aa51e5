/**
 * Where hosts' period proofs come from. Both sources speak the same JSON: one proof object, or an
 * array of them, in the SDK's `PeriodProof` shape with the period as a decimal string:
 *
 *   { "id": "0x<deal id, 32 bytes>", "period": "3", "data": ["0x<segment>", "0x<sibling>", ...] }
 *
 * `data` holds, per challenge in the order of `challengeIndices(id, period)`, the segment then its
 * siblings from the leaf up (what `buildPeriodProof` returns). A host writes one file per proof
 * into its folder (`<id>-<period>.json`, written to a temporary name and renamed, so that a file is
 * never read half-written), or serves the proofs it has ready on an HTTP endpoint (`GET <url>`).
 * Files may be deleted once the period is proven; the relayer never deletes or rewrites them.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

import type { Hex } from "viem";
import { z } from "zod";

import type { PeriodProof } from "@btt-network/sdk/storage";
import type { ProofSource } from "./config.ts";

const word = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, { error: "expected 32 bytes of hex" })
  .transform((v) => v.toLowerCase() as Hex);

export const periodProofSchema = z.strictObject({
  id: word,
  period: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform((v) => BigInt(v)),
  data: z.array(word).min(1).max(16_384),
});
const proofsSchema = z.union([periodProofSchema.transform((p) => [p]), z.array(periodProofSchema)]);

/** The JSON form of a proof (what a host writes). */
export function proofToJson(proof: PeriodProof): string {
  return JSON.stringify({ id: proof.id, period: proof.period.toString(), data: proof.data });
}

export interface SourceResult {
  readonly proofs: PeriodProof[];
  /** Unreadable files or answers (reported, never fatal). */
  readonly problems: string[];
}

/** Reads every proof file of a folder (the duty skips proofs it already recorded). */
async function readDir(dir: string): Promise<SourceResult> {
  const proofs: PeriodProof[] = [];
  const problems: string[] = [];
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".json")).sort();
  } catch {
    return { proofs, problems }; // no folder yet: nothing ready
  }
  for (const name of names) {
    const path = join(dir, name);
    try {
      const parsed = proofsSchema.safeParse(JSON.parse(await readFile(path, "utf8")));
      if (!parsed.success) problems.push(`${path}: ${parsed.error.issues[0]?.message}`);
      else proofs.push(...parsed.data);
    } catch (error) {
      problems.push(`${path}: ${(error as Error).message}`);
    }
  }
  return { proofs, problems };
}

async function readUrl(url: string, timeoutMs: number): Promise<SourceResult> {
  try {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: "application/json" },
    });
    if (!response.ok) return { proofs: [], problems: [`${url}: HTTP ${response.status}`] };
    const parsed = proofsSchema.safeParse(await response.json());
    if (!parsed.success) return { proofs: [], problems: [`${url}: ${parsed.error.issues[0]?.message}`] };
    return { proofs: parsed.data, problems: [] };
  } catch (error) {
    return { proofs: [], problems: [`${url}: ${(error as Error).message}`] };
  }
}

export class ProofSources {
  private readonly sources: readonly ProofSource[];
  private readonly timeoutMs: number;

  constructor(sources: readonly ProofSource[], timeoutMs: number) {
    this.sources = sources;
    this.timeoutMs = timeoutMs;
  }

  async gather(): Promise<SourceResult> {
    const results = await Promise.all(
      this.sources.map((s) => ("dir" in s ? readDir(s.dir) : readUrl(s.url, this.timeoutMs))),
    );
    return { proofs: results.flatMap((r) => r.proofs), problems: results.flatMap((r) => r.problems) };
  }
}
