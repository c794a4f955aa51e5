import { mkdir, writeFile } from "node:fs/promises";
import { cpus, platform, release } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** One measured figure (DESIGN section 14). Keep metric names stable once published. */
export interface BenchRow {
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  /** What the figure is compared with (a public baseline or a reference measured in the same run). */
  readonly reference?: string;
  /** The target, if any. */
  readonly target?: number;
  /** Whether lower (gas, ms) or higher (throughput, ratio) values are better. Default: lower for gas/ms. */
  readonly better?: "lower" | "higher";
}

export interface BenchReport {
  readonly name: string;
  readonly date: string;
  readonly machine: string;
  readonly rows: readonly BenchRow[];
}

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), "..", "results");

/** Describes this machine the same way in every report. */
export function machine(): string {
  const cpu = cpus();
  return `${platform()} ${release()}, ${cpu.length} x ${cpu[0]?.model ?? "cpu"}, node ${process.version}`;
}

function meetsTarget(row: BenchRow): string {
  if (row.target === undefined) return "";
  const better = row.better ?? (/per_s|ratio|mb_per_s/.test(row.metric) ? "higher" : "lower");
  const ok = better === "higher" ? row.value >= row.target : row.value <= row.target;
  return ok ? "yes" : "NO";
}

/** Prints the rows as a table and writes bench/results/<name>.json. */
export async function report(name: string, rows: readonly BenchRow[]): Promise<BenchReport> {
  const result: BenchReport = { name, date: new Date().toISOString(), machine: machine(), rows };
  console.log(`\n${name} (${result.machine})`);
  console.table(
    rows.map((row) => ({
      metric: row.metric,
      value: Number.isInteger(row.value) ? row.value : Number(row.value.toFixed(3)),
      unit: row.unit,
      target: row.target ?? "",
      met: meetsTarget(row),
      reference: row.reference ?? "",
    })),
  );
  await mkdir(resultsDir, { recursive: true });
  await writeFile(join(resultsDir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

/** Runs `fn` `repeat` times and returns the best wall time in milliseconds (least disturbed by noise). */
export async function bestOf(repeat: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repeat; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (ms < best) best = ms;
  }
  return best;
}
