/**
 * Deploys BTT Network's contracts to one EVM network with Hardhat Ignition and writes its
 * deployment manifest (read by the SDK and the relayer).
 *
 *   HARDHAT_IGNITION_CONFIRM_DEPLOYMENT=1 npx hardhat run deploy/deploy.ts --network sepolia
 *
 * Environment: DEPLOY_MODULES (comma list, default every module for the network's role),
 * DEPLOY_OUT_DIR (default deployments/), DEPLOY_ID (Ignition deployment id, default chain-<id>;
 * Ignition keeps its journal in deploy/ignition/deployments/<id>: keep it to resume or upgrade). Parameters come from deploy/parameters/<network>.json
 * when present. RPC URL and key are configuration variables (see deploy/networks.ts).
 */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { network } from "hardhat";

import { serializeManifest, type DeployedContract, type DeploymentManifest } from "../sdk/src/deployments/index.ts";
import { localChains, type ChainRole } from "./chains.ts";
import { deployModules } from "./modules.ts";
import { publicNetworks } from "./networks.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const connection = await network.getOrCreate();
const { ethers, ignition, networkName } = connection;
const provider = ethers.provider;
const chainId = Number((await provider.getNetwork()).chainId);

const known = [...publicNetworks, ...localChains].find((n) => n.network === networkName);
const role: ChainRole = known?.role ?? "root";
if (known !== undefined && known.chainId !== chainId) {
  throw new Error(`${networkName} should have chain id ${known.chainId} but the RPC reports ${chainId}: wrong RPC URL?`);
}

const wanted = process.env.DEPLOY_MODULES?.split(",").map((s) => s.trim()).filter(Boolean);
const unknown = wanted?.filter((name) => !deployModules.some((m) => m.name === name)) ?? [];
if (unknown.length > 0) {
  throw new Error(`Unknown module(s) ${unknown.join(", ")}; known: ${deployModules.map((m) => m.name).join(", ")}`);
}
const selected = deployModules.filter((m) => (wanted ? wanted.includes(m.name) : m.roles.includes(role)));
const parametersFile = join(root, "deploy", "parameters", `${networkName}.json`);
const parameters = existsSync(parametersFile) ? parametersFile : undefined;

console.log(`Deploying ${selected.map((m) => m.name).join(", ")} to ${networkName} (chain ${chainId}, ${role})`);
const contracts: Record<string, DeployedContract> = {};
for (const entry of selected) {
  console.log(`» module ${entry.name}`);
  const result = (await ignition.deploy(entry.module, {
    ...(parameters === undefined ? {} : { parameters }),
    ...(process.env.DEPLOY_ID === undefined ? {} : { deploymentId: process.env.DEPLOY_ID }),
    displayUi: false,
  })) as Record<string, { getAddress(): Promise<string> }>;
  for (const [resultKey, [manifestKey, contractName]] of Object.entries(entry.contracts)) {
    const deployed = result[resultKey];
    if (deployed === undefined) throw new Error(`module ${entry.name} returned no "${resultKey}"`);
    const address = (await deployed.getAddress()) as `0x${string}`;
    contracts[manifestKey] = { address, blockNumber: await creationBlock(address), contractName };
    console.log(`  ✓ ${manifestKey} (${contractName}) at ${address}`);
  }
}

/** First block with code at `address` (binary search; a handful of eth_getCode calls). */
async function creationBlock(address: string): Promise<bigint> {
  let high = await provider.getBlockNumber();
  let low = 0;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    const code = await provider.getCode(address, mid);
    if (code === "0x") low = mid + 1;
    else high = mid;
  }
  return BigInt(low);
}

const manifest: DeploymentManifest = {
  version: 1,
  network: networkName,
  chainId,
  role,
  deployedAt: new Date().toISOString(),
  release: process.env.npm_package_version ?? "0.1.0",
  contracts,
};
const outDir = process.env.DEPLOY_OUT_DIR ?? join(root, "deployments");
await mkdir(outDir, { recursive: true });
const outFile = join(outDir, `${networkName}.json`);
await writeFile(outFile, serializeManifest(manifest));
console.log(`Manifest written to ${outFile}`);
await connection.close();
