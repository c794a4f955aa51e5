/** Step 5: the summary table (balances, gas of key transactions, timings). */
import type { StoryResult } from "./run.ts";
import { units } from "./report.ts";

export function printSummary(result: StoryResult, totalMs: number, log: (line: string) => void = console.log): void {
  const { reporter } = result;
  log("\n» Summary");
  const gas = new Map<string, { chain: string; action: string; gasUsed: string }>();
  for (const row of reporter.gasRows) gas.set(`${row.chain}/${row.action}`, { chain: row.chain, action: row.action, gasUsed: row.gasUsed.toString() });
  log("\nGas of key transactions (last of each kind):");
  console.table([...gas.values()]);
  log("\nTimings:");
  console.table(reporter.timings.map((t) => ({ step: t.step, seconds: (t.ms / 1000).toFixed(1) })));
  log(`\nStaking: epoch ${result.staking.epoch}, power ${result.staking.totalPower}, rewards claimed ${units(result.staking.delegatorReward)} + ${units(result.staking.validatorReward)} BTT`);
  log(`\n✓ Story complete (${result.profile.name} profile) in ${(totalMs / 1000).toFixed(1)} s`);
}
