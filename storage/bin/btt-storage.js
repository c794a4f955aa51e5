#!/usr/bin/env node
// Runs the btt-storage CLI from its TypeScript sources, which Node >= 22.18 loads directly (type stripping).
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `btt-storage needs Node >= 22.18 (this is ${process.versions.node}); run it with the project's Node 22: node_modules/.bin/node storage/bin/btt-storage.js\n`,
  );
  process.exit(2);
}
// In the repository, @btt-network/sdk resolves to the SDK's TypeScript sources (no build step).
await import("../../tools/sdk-source.ts");
const { main } = await import("../src/client/cli.ts");
process.exit(await main(process.argv.slice(2)));
