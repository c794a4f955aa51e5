import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import { expect } from "chai";
import { createPublicClient, http, parseAbi } from "viem";

import { contractAddress, parseManifest } from "../../sdk/src/deployments/index.ts";
import { hardhatBin, startHardhatNode, type HardhatNode } from "../support/hardhatNode.ts";

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** Hardhat's first well-known development key (funded on every `hardhat node`). */
const DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

/**
 * Deploys to fresh `hardhat node`s that carry the chain ids of Sepolia and BSC testnet, through
 * the operator's own command (`hardhat run deploy/deploy.ts --network <name>` with the RPC URL and
 * key as configuration variables), then reads the manifest with the SDK and uses the contracts.
 */
describe("deploy to testnets through the operator's command", function () {
  this.timeout(300_000);
  const cases = [
    { network: "sepolia", chainId: 11155111, rpcVariable: "SEPOLIA_RPC_URL" },
    { network: "bscTestnet", chainId: 97, rpcVariable: "BSC_TESTNET_RPC_URL" },
  ];
  let outDir: string;
  const nodes: HardhatNode[] = [];
  const deployIds: string[] = [];

  before(async () => {
    outDir = await mkdtemp(join(tmpdir(), "btt-deploy-"));
  });
  after(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await rm(outDir, { recursive: true, force: true });
    for (const id of deployIds) await rm(join(root, "deploy", "ignition", "deployments", id), { recursive: true, force: true });
  });

  for (const c of cases) {
    it(`${c.network} (chain ${c.chainId}): deploys, writes the manifest, and the SDK reads it`, async () => {
      const node = await startHardhatNode(c.chainId);
      nodes.push(node);
      const deployId = `test-${c.network}-${process.pid}`;
      deployIds.push(deployId);
      const { stdout } = await run(hardhatBin, ["run", "deploy/deploy.ts", "--network", c.network], {
        cwd: root,
        env: {
          ...process.env,
          [c.rpcVariable]: node.url,
          DEPLOYER_PRIVATE_KEY: DEV_KEY,
          HARDHAT_IGNITION_CONFIRM_DEPLOYMENT: "1",
          DEPLOY_OUT_DIR: outDir,
          DEPLOY_ID: deployId,
        },
      });
      expect(stdout).to.contain(`Deploying token to ${c.network} (chain ${c.chainId}, root)`);

      const manifest = parseManifest(await readFile(join(outDir, `${c.network}.json`), "utf8"));
      expect(manifest).to.include({ network: c.network, chainId: c.chainId, role: "root" });
      const client = createPublicClient({ transport: http(node.url) });
      const token = contractAddress(manifest, "token");
      const abi = parseAbi(["function symbol() view returns (string)", "function owner() view returns (address)"]);
      expect(await client.readContract({ address: token, abi, functionName: "symbol" })).to.equal("BTT");
      expect(await client.getCode({ address: token, blockNumber: manifest.contracts.token?.blockNumber })).to.not.equal(undefined);
      const before = (manifest.contracts.token?.blockNumber ?? 0n) - 1n;
      expect(await client.getCode({ address: token, blockNumber: before })).to.equal(undefined);
    });
  }

  it("refuses a node whose chain id does not match the network", async () => {
    const node = await startHardhatNode(31337);
    nodes.push(node);
    let error: { stderr?: string; stdout?: string } | undefined;
    await run(hardhatBin, ["run", "deploy/deploy.ts", "--network", "sepolia"], {
      cwd: root,
      env: { ...process.env, SEPOLIA_RPC_URL: node.url, DEPLOYER_PRIVATE_KEY: DEV_KEY, HARDHAT_IGNITION_CONFIRM_DEPLOYMENT: "1", DEPLOY_OUT_DIR: outDir },
    }).catch((e: { stderr?: string; stdout?: string }) => (error = e));
    expect(`${error?.stderr ?? ""}${error?.stdout ?? ""}`).to.match(/chain id|chainId/i);
  });
});
