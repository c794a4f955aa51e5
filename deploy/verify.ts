/**
 * Operator CLI: explorer verification of a network's deployment from its manifest. Writes one
 * constructor-arguments module per contract and prints (or, with --run, runs) the commands:
 *
 *   node deploy/verify.ts --manifest deployments/sepolia.json [--provider etherscan] [--run]
 *
 * Needs the ETHERSCAN_API_KEY configuration variable (environment or `hardhat keystore set`) and
 * the network's RPC variables when run. Build first with the production profile (hardhat-verify
 * compares against it; it equals the default profile here).
 */
import { spawnSync } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { parseManifest } from "@btt-network/sdk/deployments";
import { shellLine, verifyCommands, type VerifyProvider } from "./lib/verify.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    manifest: { type: "string" },
    provider: { type: "string", default: "etherscan" },
    run: { type: "boolean", default: false },
    "args-dir": { type: "string" },
  },
});
if (values.manifest === undefined) {
  console.error(
    "usage: node deploy/verify.ts --manifest <deployments/<network>.json> [--provider etherscan|blockscout|sourcify] [--run]",
  );
  process.exit(2);
}
if (!["etherscan", "blockscout", "sourcify"].includes(values.provider))
  throw new Error(`unknown provider ${values.provider}`);
const manifest = parseManifest(await readFile(values.manifest, "utf8"));
const argsDir = values["args-dir"] ?? join(dirname(values.manifest), "verify");
const commands = verifyCommands(manifest, { root, argsDir, provider: values.provider as VerifyProvider });
await mkdir(argsDir, { recursive: true });
let failed = 0;
for (const command of commands) {
  await writeFile(command.argsFile, command.argsModule);
  console.log(`# ${command.key}\n${shellLine(command)}`);
  if (!values.run) continue;
  const result = spawnSync(join(root, "node_modules", ".bin", "hardhat"), [...command.argv], {
    cwd: root,
    stdio: "inherit",
  });
  if (result.status !== 0) failed++;
}
if (failed > 0) {
  console.error(`${failed} of ${commands.length} verification(s) failed`);
  process.exit(1);
}
