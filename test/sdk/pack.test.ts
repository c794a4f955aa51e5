import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import { expect } from "chai";

import { commitBytes } from "../../sdk/src/commitment/index.ts";

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * DESIGN section 1: the SDK is its own npm package (ESM JavaScript + .d.ts, no Hardhat at run
 * time). Packs it, installs the tarball into a throwaway project outside the repository and
 * computes a commitment there.
 */
describe("SDK package: npm pack and a consumer outside the repository", function () {
  this.timeout(240_000);
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "btt-sdk-consumer-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("packs, installs and computes a commitment in the consumer", async () => {
    await run("npm", ["pack", "--workspace", "sdk", "--pack-destination", dir, "--silent"], { cwd: root });
    const tarball = (await readdir(dir)).find((f) => f.endsWith(".tgz"));
    expect(tarball, "tarball").to.be.a("string");

    const { stdout: listing } = await run("tar", ["-tzf", join(dir, tarball as string)]);
    expect(listing).to.match(/package\/dist\/index\.js/);
    expect(listing).to.match(/package\/dist\/commitment\/index\.d\.ts/);
    expect(listing).to.not.match(/hardhat|\.test\./);

    const consumer = join(dir, "consumer");
    await run("mkdir", ["-p", consumer]);
    await writeFile(
      join(consumer, "package.json"),
      JSON.stringify({ name: "consumer", private: true, type: "module", dependencies: { viem: "2.57.1" } }),
    );
    await run(
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", join(dir, tarball as string)],
      {
        cwd: consumer,
      },
    );
    await writeFile(
      join(consumer, "main.mjs"),
      [
        'import { commitBytes, hasherName } from "@btt-network/sdk/commitment";',
        'import { hashMessage } from "@btt-network/sdk";',
        'const c = commitBytes(new TextEncoder().encode("hello, BTT Network"));',
        "console.log(JSON.stringify({ root: c.root, size: String(c.size), hasherName, hasDigest: typeof hashMessage }));",
      ].join("\n"),
    );
    // A consumer as published: without the repository's `btt-source` condition (tools/sdk-source.ts), so dist/ is what runs.
    const { NODE_OPTIONS: _inRepo, ...env } = process.env;
    const { stdout } = await run(process.execPath, ["main.mjs"], { cwd: consumer, env });
    const out = JSON.parse(stdout) as { root: string; size: string; hasherName: string; hasDigest: string };
    const expected = commitBytes(new TextEncoder().encode("hello, BTT Network"));
    expect(out).to.deep.equal({ root: expected.root, size: "18", hasherName: "hashtree", hasDigest: "function" });

    // The chain table is its own subpath.
    await writeFile(
      join(consumer, "chains.mjs"),
      'import { bttcDonau, chainById } from "@btt-network/sdk/chains";\nconsole.log(JSON.stringify([bttcDonau.id, chainById(199).id]));',
    );
    const { stdout: chains } = await run(process.execPath, ["chains.mjs"], { cwd: consumer, env });
    expect(JSON.parse(chains)).to.deep.equal([1029, 199]);

    // The minimum Node version sdk/package.json declares for consumers runs the packed SDK.
    const engines = (
      JSON.parse(await readFile(join(root, "sdk/package.json"), "utf8")) as { engines: { node: string } }
    ).engines.node;
    const minimum = /^>=(\d+)(?:\.\d+){0,2}$/.exec(engines)?.[1];
    expect(minimum, `sdk engines.node "${engines}" must read ">=N[.M[.P]]"`).to.be.a("string");
    const oldest = await findNode(Number(minimum));
    if (oldest !== undefined) {
      const { stdout: onMinimum } = await run(oldest, ["main.mjs"], { cwd: consumer, env });
      expect((JSON.parse(onMinimum) as { root: string }).root).to.equal(expected.root);
      const { stdout: chainsOnMinimum } = await run(oldest, ["chains.mjs"], { cwd: consumer, env });
      expect(JSON.parse(chainsOnMinimum)).to.deep.equal([1029, 199]);
    } else {
      console.warn(`    (no Node ${minimum} binary on this machine: the engines minimum was not exercised)`);
    }
  });
});

/** A Node binary of major version `major` on this machine (the system's), if any. */
async function findNode(major: number): Promise<string | undefined> {
  for (const candidate of ["/usr/bin/node", "/usr/local/bin/node", "/bin/node"]) {
    try {
      const { stdout } = await run(candidate, ["--version"]);
      if (stdout.trim().startsWith(`v${major}.`)) return candidate;
    } catch {
      // not there
    }
  }
  return undefined;
}
