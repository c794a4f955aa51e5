/**
 * CPU time used by a process tree, read from /proc (Linux), so a bench can say where the cores went
 * during a timed window (relayer processes, the hardhat node, the database server).
 */
import { readdirSync, readFileSync } from "node:fs";

/** Kernel clock ticks per second (USER_HZ): 100 on Linux. */
const TICKS_PER_S = 100;

interface Stat {
  readonly ppid: number;
  /** utime + stime + cutime + cstime (its own and its reaped children's), in ticks. */
  readonly ticks: number;
}

function statOf(pid: number): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined; // gone, or no /proc
  }
  // "pid (comm) state ppid ..."; comm may hold spaces and parentheses.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const n = (i: number) => Number(fields[i] ?? 0);
  return { ppid: n(1), ticks: n(11) + n(12) + n(13) + n(14) };
}

/**
 * CPU seconds used so far by `pid` and every live descendant (descendants that exited and were
 * reaped count through their parent). Undefined without /proc or once `pid` is gone.
 */
export function treeCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  const root = statOf(pid);
  if (root === undefined) return undefined;
  const all = new Map<number, Stat>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = statOf(Number(entry));
    if (stat !== undefined) all.set(Number(entry), stat);
  }
  let ticks = root.ticks;
  const tree = new Set([pid]);
  // Parents before children is not guaranteed by pid order: repeat until no process joins.
  for (let grew = true; grew;) {
    grew = false;
    for (const [child, stat] of all)
      if (!tree.has(child) && tree.has(stat.ppid)) {
        tree.add(child);
        ticks += stat.ticks;
        grew = true;
      }
  }
  return ticks / TICKS_PER_S;
}
