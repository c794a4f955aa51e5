/**
 * Operator CLI: wires the child chain to the roots from their manifests (ChildBridge.setRootBridge
 * per root). Run it on the child network after deploying every chain:
 *
 *   npx hardhat run deploy/wire.ts --network bttcDonau
 *
 * Environment: DEPLOY_OUT_DIR (manifest folder, default deployments/), WIRE_ROOTS (comma list of
 * root network names; default every root manifest in the folder whose RootBridge names this
 * child). When the deployer is not the ChildBridge's owner, the calldata is printed (and written
 * to <out dir>/<child>.wiring.json) for the owner (timelock, multisig) to submit.
 */
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { network } from "hardhat";

import { assertManifestChain, parseManifest, type DeploymentManifest } from "@btt-network/sdk/deployments";
import { planWiring, wireChild } from "./lib/wire.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const connection = await network.getOrCreate();
const outDir = process.env.DEPLOY_OUT_DIR ?? join(root, "deployments");
const childFile = join(outDir, `${connection.networkName}.json`);
if (!existsSync(childFile)) throw new Error(`no manifest ${childFile}: deploy ${connection.networkName} first`);
const child = parseManifest(await readFile(childFile, "utf8"));
const publicClient = await connection.viem.getPublicClient();
assertManifestChain(child, await publicClient.getChainId());

const manifests: DeploymentManifest[] = [];
for (const file of (await readdir(outDir)).filter(
  (f) => f.endsWith(".json") && !f.endsWith(".wiring.json") && f !== "genesis.json",
)) {
  const manifest = parseManifest(await readFile(join(outDir, file), "utf8"));
  if (manifest.role === "root" && manifest.contracts.rootBridge !== undefined) manifests.push(manifest);
}
const wanted = process.env.WIRE_ROOTS?.split(",")
  .map((s) => s.trim())
  .filter(Boolean);
const missing = wanted?.filter((name) => !manifests.some((m) => m.network === name)) ?? [];
if (missing.length > 0) throw new Error(`no root manifest with a RootBridge for ${missing.join(", ")} in ${outDir}`);
const roots = manifests.filter((m) =>
  wanted !== undefined
    ? wanted.includes(m.network)
    : Number(m.contracts.rootBridge?.constructorArgs?.[2]) === child.chainId,
);
if (roots.length === 0)
  throw new Error(`no root manifest in ${outDir} names ${child.network} (chain ${child.chainId})`);

console.log(`Wiring ${child.network} (chain ${child.chainId}) to ${roots.map((r) => r.network).join(", ")}`);
const [wallet] = await connection.viem.getWalletClients();
const outcomes = await wireChild(publicClient, wallet, planWiring(child, roots), (line) => console.log(line));
const pending = outcomes.filter((o) => o.status === "owner-must-send");
if (pending.length > 0) {
  const file = join(outDir, `${child.network}.wiring.json`);
  await writeFile(
    file,
    `${JSON.stringify(
      pending.map((o) => ({ owner: o.owner, to: o.call.to, data: o.call.data, root: o.call.root })),
      null,
      2,
    )}\n`,
  );
  console.log(`${pending.length} call(s) for the ChildBridge owner written to ${file}`);
}
await connection.close();
