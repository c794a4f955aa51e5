/**
 * Watches a throwaway PostgreSQL server for the process that started it (devnet/postgres.ts with
 * `guard`): when that process is gone without stopping the server (its stdin, our pipe, reaches end
 * of file, even after a `kill -9`), the server is stopped (SIGINT: fast shutdown, SIGKILL after 10 s)
 * and its data directory deleted. Nothing to do when the server is already stopped and deleted.
 *
 * Usage: node devnet/postgresGuard.ts <dataDir>
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const dataDir = process.argv[2];
if (dataDir === undefined) {
  console.error("usage: node devnet/postgresGuard.ts <dataDir>");
  process.exit(2);
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function cleanUp(): Promise<void> {
  let pid: number | undefined;
  try {
    pid = Number(readFileSync(join(dataDir!, "postmaster.pid"), "utf8").split("\n")[0]);
  } catch {
    // no server running on this directory
  }
  if (pid !== undefined && Number.isInteger(pid) && pid > 0 && alive(pid)) {
    process.kill(pid, "SIGINT");
    const deadline = Date.now() + 10_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    if (alive(pid)) process.kill(pid, "SIGKILL");
  }
  rmSync(dataDir!, { recursive: true, force: true });
  process.exit(0);
}

process.stdin.on("end", () => void cleanUp());
process.stdin.on("error", () => void cleanUp());
process.stdin.resume();
