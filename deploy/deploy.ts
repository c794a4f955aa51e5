/**
 * Operator CLI: deploys BTT Network's contracts to one EVM network with Hardhat Ignition and writes
 * its deployment manifest (read by the SDK and the relayer). The logic is deploy/lib/deployNetwork.ts.
 *
 *   HARDHAT_IGNITION_CONFIRM_DEPLOYMENT=1 npx hardhat run deploy/deploy.ts --network sepolia
 *
 * Deploy the child (bttcDonau) first: a root's RootBridge names the ChildBridge, taken from the
 * child's manifest in the output folder. Then wire the child (deploy/wire.ts).
 *
 * Environment:
 *   DEPLOY_MODULES         comma list (token, staking, messaging, bridge, storage, payments); default
 *                          every module for the network's role
 *   DEPLOY_OUT_DIR         manifest folder (default deployments/)
 *   DEPLOY_ID              Ignition deployment id (default chain-<id>; its journal in
 *                          deploy/ignition/deployments/<id> resumes a broken run: keep it)
 *   DEPLOY_PARAMETERS      parameter file (default deploy/parameters/<network>.json)
 *   DEPLOY_CHILD_MANIFEST  the child chain's manifest (default <out dir>/<child network>.json)
 *   DEPLOY_STAKING_HOME    true/false: override whether this chain holds the StakeManager
 *   DEPLOY_GENESIS         genesis validator set for a chain that is not the staking home
 *                          (default <out dir>/genesis.json when present; see deploy/genesis.ts)
 * RPC URL and key are configuration variables (deploy/networks.ts): environment or `hardhat keystore`.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { network } from "hardhat";

import { parseManifest, serializeManifest, type DeploymentManifest } from "@btt-network/sdk/deployments";
import { deployNetwork } from "./lib/deployNetwork.ts";
import { readGenesisFile, withGenesis } from "./lib/genesis.ts";
import { childNetworkOf } from "./lib/networks.ts";
import { loadParameters } from "./lib/parameters.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const connection = await network.getOrCreate();
const networkName = connection.networkName;
const outDir = process.env.DEPLOY_OUT_DIR ?? join(root, "deployments");

const childNetwork = childNetworkOf(networkName);
const childFile =
  process.env.DEPLOY_CHILD_MANIFEST ?? (childNetwork === undefined ? undefined : join(outDir, `${childNetwork}.json`));
let childManifest: DeploymentManifest | undefined;
if (childFile !== undefined && existsSync(childFile)) {
  childManifest = parseManifest(await readFile(childFile, "utf8"));
  console.log(`Child chain manifest: ${childFile} (${childManifest.network}, chain ${childManifest.chainId})`);
} else if (process.env.DEPLOY_CHILD_MANIFEST !== undefined) {
  throw new Error(`DEPLOY_CHILD_MANIFEST ${process.env.DEPLOY_CHILD_MANIFEST} does not exist`);
}

const home = process.env.DEPLOY_STAKING_HOME;
if (home !== undefined && home !== "true" && home !== "false")
  throw new Error("DEPLOY_STAKING_HOME must be true or false");
const modules = process.env.DEPLOY_MODULES?.split(",")
  .map((s) => s.trim())
  .filter(Boolean);

let parameters = await loadParameters(root, networkName, process.env.DEPLOY_PARAMETERS);
const genesisFile = process.env.DEPLOY_GENESIS ?? join(outDir, "genesis.json");
if (process.env.DEPLOY_GENESIS !== undefined || existsSync(genesisFile)) {
  const genesis = await readGenesisFile(genesisFile);
  parameters = withGenesis(parameters, genesis);
  console.log(`Genesis validator set: ${genesisFile} (epoch ${genesis.epoch}, ${genesis.signers.length} signers)`);
}

const manifest = await deployNetwork(connection, {
  parameters,
  ...(modules === undefined ? {} : { modules }),
  ...(process.env.DEPLOY_ID === undefined ? {} : { deploymentId: process.env.DEPLOY_ID }),
  ...(home === undefined ? {} : { stakingHome: home === "true" }),
  ...(childManifest === undefined ? {} : { childManifest }),
  log: (line) => console.log(line),
});

await mkdir(outDir, { recursive: true });
const outFile = join(outDir, `${networkName}.json`);
// A later run adding modules (DEPLOY_MODULES=storage) keeps the contracts of earlier runs that
// still have code on this chain; anything else in an old file is dropped.
const merged: DeploymentManifest = {
  ...manifest,
  contracts: { ...(await stillDeployed(outFile, manifest)), ...manifest.contracts },
};
await writeFile(outFile, serializeManifest(merged));
console.log(`Manifest written to ${outFile}`);
await connection.close();

async function stillDeployed(file: string, current: DeploymentManifest): Promise<DeploymentManifest["contracts"]> {
  if (!existsSync(file)) return {};
  const previous = parseManifest(await readFile(file, "utf8"));
  if (previous.chainId !== current.chainId) return {};
  const kept: Record<string, DeploymentManifest["contracts"][string]> = {};
  for (const [key, entry] of Object.entries(previous.contracts)) {
    const code = (await connection.provider.request({
      method: "eth_getCode",
      params: [entry.address, "latest"],
    })) as string;
    if (code !== "0x") kept[key] = entry;
  }
  return kept;
}
