/** Step 5: the summary tables (balances, gas of key transactions, timings). */
import { cast } from "./chains.ts";
import { collateral } from "./storage.ts";
import type { StoryResult } from "./run.ts";
import { units } from "./report.ts";

type Row = Record<string, string>;

/** A plain-text table (console.table cannot write to a given log). */
export function formatTable(rows: readonly Row[]): string[] {
  const first = rows[0];
  if (first === undefined) return [];
  const columns = Object.keys(first);
  const width = columns.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: string[]) =>
    `  ${cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(width[i]!))).join("  ")}`;
  return [
    line(columns),
    line(width.map((w) => "-".repeat(w))),
    ...rows.map((r) => line(columns.map((c) => r[c] ?? ""))),
  ];
}

export function balanceRows(result: StoryResult): Row[] {
  const { staking, bridge, storage, transfer } = result;
  const row = (who: string, chain: string, asset: string, amount: bigint, note: string) => ({
    who,
    chain,
    asset,
    amount: units(amount),
    note,
  });
  return [
    row("delegator 1", "TRON", "BTT", staking.delegatorReward, "epoch-1 reward claimed"),
    row("validator 1", "TRON", "BTT", staking.validatorReward, "commission + own share claimed"),
    row("Alice", "BitTorrent Chain", "USDT_t", bridge.aliceUsdtT, "1000 deposited from TRON, 250 withdrawn"),
    row("Alice", "BitTorrent Chain", "BTT_b", bridge.aliceBttB, "deposited from BNB Chain"),
    row(
      "Alice",
      "BitTorrent Chain",
      "USDT_e",
      storage.clientBalance,
      `2000 from Ethereum − ${units(storage.clientPaid)} deals − ${storage.shards}×${units(collateral)} host collateral`,
    ),
    row("Alice", "Ethereum", "BTT", bridge.aliceEthereumBtt, "native BTT from TRON, exited on Ethereum"),
    row("Alice", "TRON", "USDT", bridge.aliceTronUsdt, "USDT_t withdrawn back to TRON"),
    ...storage.hostEarnings.map((e, i) =>
      row(`host ${i + 1} (account ${cast.hosts[i]})`, "BitTorrent Chain", "USDT_e", e, "earned for 2 proven periods"),
    ),
    ...transfer.seeders.map((s, i) =>
      row(
        `seeder ${i + 1} (account ${cast.seeders[i]})`,
        "BitTorrent Chain",
        "BTT",
        s.claimed,
        `claimed for ${s.pieces} pieces served`,
      ),
    ),
    row(
      "Alice's download key",
      "BitTorrent Chain",
      "BTT (pool)",
      transfer.poolLeft,
      `deposit left after paying ${units(transfer.paid)}`,
    ),
    row("StorageMarket", "BitTorrent Chain", "USDT_e", storage.marketBalance, "all settled and claimed"),
  ];
}

/** `setup`: timings measured before the story (starting the devnet), listed first. */
export function printSummary(
  result: StoryResult,
  totalMs: number,
  log: (line: string) => void = console.log,
  setup: readonly { step: string; ms: number }[] = [],
): void {
  const { reporter } = result;
  log("\n» 6. Summary");
  log("\nBalances:");
  for (const line of formatTable(balanceRows(result))) log(line);
  const gas = new Map<string, Row>();
  for (const r of reporter.gasRows)
    gas.set(`${r.chain}/${r.action}`, { chain: r.chain, transaction: r.action, gas: r.gasUsed.toString() });
  log("\nStorage hosts run as btt-host daemons (step 3b; earnings are the USDT_e credits each claimed):");
  for (const line of formatTable(
    result.hosts.hosts.map((h) => ({
      host: h.name,
      address: h.address,
      "periods proven": String(h.proven),
      claimed: units(h.claimed),
      note: h.note,
    })),
  ))
    log(line);
  log("\nRelayers paid by users (delivery fees on the roots; fast fees to fillers):");
  const { fastExit } = result;
  const earned = Object.entries(fastExit.deliveryFees).map(([relayer, fees]) => ({
    relayer,
    "delivery fees": units(fees),
    "fast fees": relayer === fastExit.fillerName ? units(fastExit.fillerEarned) : "0",
  }));
  for (const line of formatTable(earned)) log(line);
  log("\nGas of key transactions (last of each kind):");
  for (const line of formatTable([...gas.values()])) log(line);
  log("\nTimings:");
  const timings = [...setup, ...reporter.timings].map((t) => ({
    step: t.step.replace(/:.*/, ""),
    seconds: (t.ms / 1000).toFixed(1),
  }));
  timings.push({
    step: `download of ${result.transfer.pieces} pieces (TCP, 2 seeders)`,
    seconds: result.transfer.seconds.toFixed(2),
  });
  for (const line of formatTable(timings)) log(line);
  log("\nRelayer daemons (from the story's transaction to the daemons' result on chain):");
  const relays = [
    ...result.staking.timings,
    ...result.bridge.timings,
    ...result.fastExit.timings,
    ...result.storage.timings,
  ];
  for (const line of formatTable(relays.map((t) => ({ relay: t.what, seconds: (t.ms / 1000).toFixed(2) })))) log(line);
  log(`\n✓ Story complete (${result.profile.name} profile) in ${(totalMs / 1000).toFixed(1)} s`);
}
