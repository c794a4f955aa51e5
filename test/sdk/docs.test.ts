/**
 * Issue 16, item 11: the SDK's docs pages (docs/sdk/*.md) cannot rot. Every ```ts runnable block of
 * a page is extracted, the page's blocks are joined in order into one module (imports hoisted) and
 * run against a devnet started here: the devnet's `hardhat node` processes (devnet/devnet.ts),
 * with the network deployed onto them the way operators do (`deployNetwork`, deploy/parameters).
 * A page's blocks see what the page says they see: `rpc` (each chain's URL), `manifestJson` (each
 * chain's deployment manifest, as in `.devnet/deployments/<chain>.json`) and `accounts` (funded
 * devnet accounts). Blocks without `runnable` are shapes, not run.
 */
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { expect } from "chai";
import { network } from "hardhat";
import { mnemonicToAccount } from "viem/accounts";

import { deployNetwork } from "../../deploy/lib/deployNetwork.ts";
import { withGenesis } from "../../deploy/lib/genesis.ts";
import { deployGovernance, devnetGovernanceSettings as settings } from "../../deploy/lib/handover.ts";
import { loadParameters } from "../../deploy/lib/parameters.ts";
import { startDevnet, type Devnet } from "../../devnet/devnet.ts";
import { serializeManifest, type DeploymentManifest } from "../../sdk/src/deployments/index.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const docsDir = join(root, "docs", "sdk");
const MNEMONIC = "test test test test test test test test test test test junk";

/** The ```ts runnable blocks of a page, in order. */
export function runnableBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  const fence = /^```ts runnable\s*\n([\s\S]*?)^```\s*$/gm;
  for (let m = fence.exec(markdown); m !== null; m = fence.exec(markdown)) blocks.push(m[1]!);
  return blocks;
}

/** One module from a page's blocks: their imports hoisted (deduplicated), the rest in order in one async body. */
export function pageModule(blocks: readonly string[]): string {
  const imports = new Set<string>();
  const body: string[] = [];
  for (const block of blocks) {
    const lines = block.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (/^import\s/.test(line)) {
        let statement = line;
        while (!/;\s*$/.test(statement) && i + 1 < lines.length) statement += `\n${lines[++i]!}`;
        imports.add(statement);
      } else body.push(line);
    }
  }
  return [
    ...imports,
    "",
    "export default async function run(env: { rpc: Record<string, string>; manifestJson: Record<string, string>; accounts: Record<string, import('viem').Account> }): Promise<void> {",
    "  const { rpc, manifestJson, accounts } = env;",
    "  void rpc; void manifestJson; void accounts;",
    ...body.map((line) => `  ${line}`),
    "}",
  ].join("\n");
}

describe("sdk docs: every runnable snippet runs on the devnet", function () {
  this.timeout(600_000);
  let devnet: Devnet;
  const manifestJson: Record<string, string> = {};
  const rpc: Record<string, string> = {};
  const accounts = {
    client: mnemonicToAccount(MNEMONIC, { addressIndex: 5 }),
    host: mnemonicToAccount(MNEMONIC, { addressIndex: 6 }),
    validator: mnemonicToAccount(MNEMONIC, { addressIndex: 7 }),
    payer: mnemonicToAccount(MNEMONIC, { addressIndex: 8 }),
  };
  const scratch = join(root, "test", "sdk", `.docs-${process.pid}`);
  // Ignition journals of this run only (a journal under the default id would make a later run resume).
  const run = `docs-${Date.now().toString(36)}-${process.pid}`;
  const journals = ["tron", "bttc", "ethereum"].map((name) => `${run}-${name}`);

  before(async () => {
    devnet = await startDevnet();
    for (const chain of devnet.chains) rpc[chain.network] = chain.url;
    const connect = (name: string, url: string, chainId: number) =>
      network.create({ network: "localhost", chainType: "l1", override: { url, chainId } });
    const byName = (name: string) => devnet.chains.find((c) => c.network === name)!;

    // The staking home: token, StakeManager, its ValidatorSet and messaging.
    const tron = await connect("tron", byName("tron").url, byName("tron").chainId);
    const tronManifest = await deployNetwork(tron, {
      networkName: "tron",
      deploymentId: journals[0]!,
      parameters: await loadParameters(root, "tron"),
      modules: ["token", "staking", "messaging"],
      blockPollingInterval: 50,
    });
    // BTTC: messaging, payments and a storage market settling in a BTT token deployed here.
    const bttc = await connect("bttc", byName("bttc").url, byName("bttc").chainId);
    const [deployer] = await bttc.viem.getWalletClients();
    const marketToken = await bttc.viem.deployContract("BTTToken", [deployer!.account.address]);
    for (const a of [accounts.client, accounts.host, accounts.payer])
      await marketToken.write.mint([a.address, 1_000n * 10n ** 18n]);
    const bttcParameters = await loadParameters(root, "bttc");
    const genesis = { epoch: 0n, signers: [accounts.validator.address], powers: [1n] };
    const bttcManifest = await deployNetwork(bttc, {
      networkName: "bttc",
      deploymentId: journals[1]!,
      parameters: withGenesis(
        { ...bttcParameters, StorageMarket: { ...bttcParameters.StorageMarket, token: marketToken.address } },
        genesis,
      ),
      modules: ["messaging", "storage", "payments"],
      blockPollingInterval: 50,
    });
    // Ethereum: messaging only (governance's second hop arrives through its Inbox).
    const ethereum = await connect("ethereum", byName("ethereum").url, byName("ethereum").chainId);
    const ethereumManifest = await deployNetwork(ethereum, {
      networkName: "ethereum",
      deploymentId: journals[2]!,
      parameters: withGenesis(await loadParameters(root, "ethereum"), genesis),
      modules: ["messaging"],
      blockPollingInterval: 50,
    });
    // Governance (docs/sdk/governance.md), before anything is staked: the home on TRON, receivers on
    // BTTC (obeying the home timelock) and Ethereum (obeying BTTC's receiver).
    const tronGoverned = await deployGovernance(tron, tronManifest, { settings, deploymentId: journals[0]! });
    const bttcGoverned = await deployGovernance(bttc, bttcManifest, {
      homeManifest: tronGoverned,
      deploymentId: journals[1]!,
    });
    const ethereumGoverned = await deployGovernance(ethereum, ethereumManifest, {
      homeManifest: tronGoverned,
      childManifest: bttcGoverned,
      deploymentId: journals[2]!,
    });
    const tronToken = await tron.viem.getContractAt("BTTToken", tronManifest.contracts.token!.address);
    await tronToken.write.mint([accounts.validator.address, 100_000n * 10n ** 18n]);
    for (const [name, m] of [
      ["tron", tronGoverned],
      ["bttc", bttcGoverned],
      ["ethereum", ethereumGoverned],
    ] as const)
      manifestJson[name] = serializeManifest(m as DeploymentManifest);
    await mkdir(scratch, { recursive: true });
  });

  after(async () => {
    await rm(scratch, { recursive: true, force: true });
    for (const id of journals.flatMap((j) => [j, `${j}-governance`]))
      await rm(join(root, "deploy", "ignition", "deployments", id), { recursive: true, force: true });
    await devnet?.stop();
  });

  it("finds a page per domain, each with runnable snippets", async () => {
    const pages = (await readdir(docsDir)).filter((f) => f.endsWith(".md")).sort();
    expect(pages).to.include.members([
      "bridge.md",
      "chains.md",
      "governance.md",
      "p2p.md",
      "payments.md",
      "staking.md",
      "storage.md",
    ]);
    for (const page of pages.filter((p) => p !== "README.md"))
      expect(runnableBlocks(await readFile(join(docsDir, page), "utf8")), page).to.not.deep.equal([]);
  });

  for (const page of ["chains.md", "staking.md", "governance.md", "storage.md", "payments.md", "bridge.md", "p2p.md"]) {
    it(`docs/sdk/${page} runs as written`, async () => {
      const blocks = runnableBlocks(await readFile(join(docsDir, page), "utf8"));
      const file = join(scratch, page.replace(/\.md$/, ".ts"));
      await writeFile(file, pageModule(blocks));
      const module = (await import(pathToFileURL(file).href)) as {
        default: (env: {
          rpc: Record<string, string>;
          manifestJson: Record<string, string>;
          accounts: object;
        }) => Promise<void>;
      };
      await module.default({ rpc, manifestJson, accounts });
    });
  }
});
