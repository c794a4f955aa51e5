/**
 * Regenerates sdk/src/storage/abi.ts from the compiled artifact (run after `hardhat build`):
 *   node test/storage/generateAbi.ts && npx prettier --print-width 120 --write sdk/src/storage/abi.ts
 * The drift check in attacks.test.ts fails when this has not been run after a contract change.
 */
import { readFileSync, writeFileSync } from "node:fs";

// Mocha loads every .ts under test/: only act when run directly.
if (process.argv[1] === import.meta.filename) generate();

function generate(): void {
  const artifact = JSON.parse(readFileSync("artifacts/contracts/storage/StorageMarket.sol/StorageMarket.json", "utf8")) as {
    abi: unknown;
  };
  const header = [
    "/**",
    " * ABI of contracts/storage/StorageMarket.sol, typed `as const` for viem (no Hardhat at run time).",
    " * Generated from the compiled artifact by test/storage/generateAbi.ts; test/storage/attacks.test.ts",
    " * fails when the contract changes and this copy is stale.",
    " */",
    "",
  ].join("\n");
  writeFileSync("sdk/src/storage/abi.ts", `${header}export const storageMarketAbi = ${JSON.stringify(artifact.abi, null, 2)} as const;\n`);
}
