/**
 * `npm run bench` runs every `bench/<name>.bench.ts`; `npm run bench -- <name> [<name>...]` runs
 * the named ones. Each benchmark is a Hardhat script (so it can use simulated chains), prints a
 * table and writes `bench/results/<name>.json`.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const benchDir = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(benchDir)
  .filter((file) => file.endsWith(".bench.ts"))
  .map((file) => file.slice(0, -".bench.ts".length))
  .sort();

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(", ")}. Available: ${available.join(", ")}`);
  process.exit(2);
}

let failed = 0;
for (const name of wanted.length > 0 ? wanted : available) {
  console.log(`\n=== bench ${name}`);
  const result = spawnSync("hardhat", ["run", join(benchDir, `${name}.bench.ts`)], {
    stdio: "inherit",
    cwd: join(benchDir, ".."),
  });
  if (result.status !== 0) {
    console.error(`bench ${name} failed (exit ${result.status ?? result.signal})`);
    failed++;
  }
}
process.exit(failed === 0 ? 0 : 1);
