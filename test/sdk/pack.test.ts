import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import { expect } from "chai";

import { commitBytes } from "../../sdk/src/commitment/index.ts";
import { type HardhatNode, startHardhatNode } from "../support/hardhatNode.ts";

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
  let tarball: string;
  /** The ethers consumer's chain, started while the SDK builds and packs. */
  let node: HardhatNode | undefined;
  /** The two consumer projects, installed side by side once the tarball exists. */
  let consumers: Promise<{ viem: string; ethers: string }>;
  // A consumer as published: without the repository's `btt-source` condition (tools/sdk-source.ts), so dist/ is what runs.
  const { NODE_OPTIONS: _inRepo, ...env } = process.env;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "btt-sdk-consumer-"));
    const starting = startHardhatNode(199);
    try {
      await run("npm", ["pack", "--workspace", "sdk", "--pack-destination", dir, "--silent"], { cwd: root });
    } finally {
      node = await starting;
    }
    const name = (await readdir(dir)).find((f) => f.endsWith(".tgz"));
    expect(name, "tarball").to.be.a("string");
    tarball = join(dir, name as string);
    const ethersVersion = (
      JSON.parse(await readFile(join(root, "node_modules/ethers/package.json"), "utf8")) as { version: string }
    ).version;
    consumers = Promise.all([
      consumerWith("consumer", { viem: "2.57.1" }),
      consumerWith("ethers-consumer", { ethers: ethersVersion }),
    ]).then(([viem, ethers]) => ({ viem, ethers }));
    consumers.catch(() => undefined); // a failed install fails the test that awaits it
  });
  after(async () => {
    await consumers?.catch(() => undefined);
    await node?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** A fresh project outside the repository with `dependencies` and the packed SDK installed (offline first). */
  async function consumerWith(name: string, dependencies: Record<string, string>): Promise<string> {
    const consumer = join(dir, name);
    await run("mkdir", ["-p", consumer]);
    await writeFile(
      join(consumer, "package.json"),
      JSON.stringify({ name, private: true, type: "module", dependencies }),
    );
    await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", tarball], {
      cwd: consumer,
    });
    return consumer;
  }

  it("packs, installs and computes a commitment in the consumer", async () => {
    const { stdout: listing } = await run("tar", ["-tzf", tarball]);
    expect(listing).to.match(/package\/dist\/index\.js/);
    expect(listing).to.match(/package\/dist\/commitment\/index\.d\.ts/);
    expect(listing).to.not.match(/hardhat|\.test\./);

    const consumer = (await consumers).viem;
    // ethers is an optional peer: a viem dapp does not get it.
    expect(await exists(join(consumer, "node_modules", "ethers"))).to.equal(false);
    await writeFile(
      join(consumer, "main.mjs"),
      [
        'import { commitBytes, hasherName } from "@btt-network/sdk/commitment";',
        'import { hashMessage } from "@btt-network/sdk";',
        'const c = commitBytes(new TextEncoder().encode("hello, BTT Network"));',
        "console.log(JSON.stringify({ root: c.root, size: String(c.size), hasherName, hasDigest: typeof hashMessage }));",
      ].join("\n"),
    );
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

  /**
   * Issue 16, item 10: an ethers v6 dapp uses the SDK's TypeChain factories (`@btt-network/sdk/ethers`)
   * from the packed tarball, with no Hardhat: deploys a BTT token on a `hardhat node` chain with its
   * factory, then connects to it by address, mints, transfers and reads balances.
   */
  describe("with ethers", () => {
    it("an ethers consumer deploys and calls a contract with the SDK's factories", async () => {
      const { stdout: listing } = await run("tar", ["-tzf", tarball]);
      expect(listing).to.match(/package\/dist\/ethers\/index\.d\.ts/);
      expect(listing).to.match(/package\/dist\/ethers\/contracts\/factories\/staking\/StakeManager__factory\.js/);

      const consumer = (await consumers).ethers;
      await writeFile(
        join(consumer, "main.mjs"),
        [
          'import { JsonRpcProvider, NonceManager, Wallet } from "ethers";',
          'import { BTTToken__factory, StakeManager__factory } from "@btt-network/sdk/ethers";',
          "const provider = new JsonRpcProvider(process.argv[2], undefined, { staticNetwork: true });",
          // Hardhat's well-known account 0 and 1 (public keys, devnet only).
          'const key = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";',
          "const owner = new NonceManager(new Wallet(key, provider));",
          'const holder = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";',
          "const me = await owner.getAddress();",
          "const deployed = await new BTTToken__factory(owner).deploy(me);",
          "await deployed.waitForDeployment();",
          "const token = BTTToken__factory.connect(await deployed.getAddress(), owner);",
          "await (await token.mint(me, 1000n)).wait();",
          "await (await token.transfer(holder, 250n)).wait();",
          "const iface = StakeManager__factory.createInterface();",
          "console.log(JSON.stringify({",
          "  symbol: await token.symbol(),",
          "  owner: String(await token.balanceOf(me)),",
          "  holder: String(await token.balanceOf(holder)),",
          "  supply: String(await token.totalSupply()),",
          '  stakeSelector: iface.getFunction("stake") === null ? null : "stake",',
          "}));",
        ].join("\n"),
      );
      const { stdout } = await run(process.execPath, ["main.mjs", node!.url], { cwd: consumer, env });
      expect(JSON.parse(stdout)).to.deep.equal({
        symbol: "BTT",
        owner: "750",
        holder: "250",
        supply: "1000",
        stakeSelector: "stake",
      });
      // What ran is the consumer's own ethers and the packed SDK, not the repository's.
      expect(await exists(join(consumer, "node_modules/@btt-network/sdk/dist/ethers/index.js"))).to.equal(true);
      expect(await exists(join(consumer, "node_modules/ethers/package.json"))).to.equal(true);
    });
  });
});

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

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
