#!/usr/bin/env node
// Runs the btt-host CLI from its TypeScript sources, which Node >= 22.18 loads directly (type stripping).
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `btt-host needs Node >= 22.18 (this is ${process.versions.node}); run it with the project's Node 22: node_modules/.bin/node storage/bin/btt-host.js\n`,
  );
  process.exit(2);
}
// In the repository, @btt-network/sdk resolves to the SDK's TypeScript sources (no build step).
await import("../../tools/sdk-source.ts");
const { main } = await import("../src/host/cli.ts");
process.exit(await main(process.argv.slice(2)));
