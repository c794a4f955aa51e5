#!/usr/bin/env node
// Runs the relayer CLI from its TypeScript sources, which Node >= 22.18 loads directly (type stripping).
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(`btt-relayer needs Node >= 22.18 (found ${process.versions.node})\n`);
  process.exit(2);
}
// In the repository, @btt-network/sdk resolves to the SDK's TypeScript sources (no build step).
await import("../../tools/sdk-source.ts");
const { main } = await import("../src/cli.ts");
process.exit(await main(process.argv.slice(2)));
