#!/usr/bin/env node
// Runs the relayer CLI from its TypeScript sources, which Node >= 22.18 loads directly (type stripping).
import { existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  // The repository ships its own Node 22 (the `node` devDependency): say how to use it.
  const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
  const node = join(root, "node_modules", ".bin", "node");
  const bin = relative(process.cwd(), fileURLToPath(import.meta.url)) || "relayer/bin/btt-relayer.js";
  const args = process.argv.slice(2).join(" ");
  const how = existsSync(node)
    ? `run it with the project's Node 22:\n  ${relative(process.cwd(), node) || node} ${bin} ${args}\nor from the repository: npm run relayer -- ${args}`
    : "install the project first (npm run bootstrap, which brings Node 22 into node_modules/.bin), or use Node >= 22.18";
  process.stderr.write(`btt-relayer needs Node >= 22.18 (this is ${process.versions.node}); ${how}\n`);
  process.exit(2);
}
// In the repository, @btt-network/sdk resolves to the SDK's TypeScript sources (no build step).
await import("../../tools/sdk-source.ts");
const { main } = await import("../src/cli.ts");
process.exit(await main(process.argv.slice(2)));
