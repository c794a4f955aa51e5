/**
 * Operator CLI for TRON (Nile, Shasta, mainnet): builds and signs every deployment of the chain
 * from the Hardhat artifacts and deploy/parameters/<network>.json, writes the signed plan, and
 * broadcasts it when a full node is given, then writes the manifest (base58 and hex addresses).
 *
 *   TRON_PRIVATE_KEY=... TRON_FULLNODE=https://nile.trongrid.io node deploy/tron/deploy.ts --network nile
 *   TRON_PRIVATE_KEY=... node deploy/tron/deploy.ts --network nile --ref-block block.json     # offline: sign only
 *   TRON_FULLNODE=https://nile.trongrid.io node deploy/tron/deploy.ts --broadcast deployments/nile.tron-plan.json
 *
 * Options: --out <dir> (default deployments/), --modules a,b, --child-manifest <file> (default
 * <out>/<child network>.json), --fee-limit <sun per deployment>. The key is read from the
 * environment only (never a file in the repository). --ref-block takes /wallet/getnowblock's JSON
 * (or a { ref_block_bytes, ref_block_hash, expiration, timestamp } header).
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { parseManifest, serializeManifest, type DeploymentManifest } from "@btt-network/sdk/deployments";
import { childNetworkOf } from "../lib/networks.ts";
import { loadParameters } from "../lib/parameters.ts";
import { tronNetworks } from "../networks.ts";
import { broadcastTronDeployment, type TronBlockHeader } from "./deployer.ts";
import { blockHeaderOf, planTronDeployment, tronManifest, type TronPlan } from "./plan.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const { values } = parseArgs({
  options: {
    network: { type: "string" },
    out: { type: "string" },
    modules: { type: "string" },
    "child-manifest": { type: "string" },
    "ref-block": { type: "string" },
    "fee-limit": { type: "string" },
    broadcast: { type: "string" },
  },
});
const outDir = values.out ?? join(root, "deployments");
const fullNode = process.env.TRON_FULLNODE;
const serialize = (value: unknown) =>
  `${JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`;

async function broadcast(plan: TronPlan, node: string): Promise<DeploymentManifest> {
  const blocks = new Map<string, bigint>();
  for (const c of plan.contracts) {
    if (c.deployment === undefined) {
      blocks.set(c.key, 0n);
      continue;
    }
    const { blockNumber } = await broadcastTronDeployment(c.deployment, { fullNode: node });
    blocks.set(c.key, blockNumber);
    console.log(`  ✓ ${c.key} (${c.contractName}) at ${c.deployment.contractAddress.base58} in block ${blockNumber}`);
  }
  return tronManifest(plan, blocks);
}

async function writeManifest(manifest: DeploymentManifest): Promise<void> {
  const file = join(outDir, `${manifest.network}.json`);
  await writeFile(file, serializeManifest(manifest));
  console.log(`Manifest written to ${file}`);
}

await mkdir(outDir, { recursive: true });
if (values.broadcast !== undefined) {
  if (fullNode === undefined) throw new Error("--broadcast needs TRON_FULLNODE");
  const plan = JSON.parse(await readFile(values.broadcast, "utf8")) as TronPlan;
  console.log(`Broadcasting the signed ${plan.network} plan from ${values.broadcast} to ${fullNode}`);
  await writeManifest(await broadcast(plan, fullNode));
  process.exit(0);
}

const network = tronNetworks.find((n) => n.network === values.network);
if (network === undefined) throw new Error(`--network must be one of ${tronNetworks.map((n) => n.network).join(", ")}`);
const privateKey = process.env.TRON_PRIVATE_KEY;
if (privateKey === undefined) throw new Error("set TRON_PRIVATE_KEY (hex) in the environment");
let blockHeader: TronBlockHeader | undefined;
if (values["ref-block"] !== undefined) {
  const raw = JSON.parse(await readFile(values["ref-block"], "utf8")) as Record<string, unknown>;
  blockHeader = "blockID" in raw ? blockHeaderOf(raw as never) : (raw as unknown as TronBlockHeader);
} else if (fullNode !== undefined) {
  const res = await fetch(`${fullNode.replace(/\/$/, "")}/wallet/getnowblock`, { method: "POST" });
  blockHeader = blockHeaderOf((await res.json()) as never);
} else {
  throw new Error("offline signing needs --ref-block <file>; set TRON_FULLNODE to fetch one and broadcast");
}
const childNetwork = childNetworkOf(network.network);
const childFile =
  values["child-manifest"] ?? (childNetwork === undefined ? undefined : join(outDir, `${childNetwork}.json`));
const childManifest =
  childFile !== undefined && existsSync(childFile) ? parseManifest(await readFile(childFile, "utf8")) : undefined;

const parameters = await loadParameters(root, network.network);
if (
  network.network === "tronMainnet" &&
  parameters.Token?.address === undefined &&
  (values.modules === undefined || values.modules.includes("token") || values.modules.includes("staking"))
) {
  // Never deploy a mintable test BTT on mainnet: stake the real BTT TRC-20.
  throw new Error(
    "tronMainnet needs Token.address (BTT's TRC-20, checked on tronscan.org) in deploy/parameters/tronMainnet.json",
  );
}
const plan = await planTronDeployment({
  root,
  network: network.network,
  chainId: network.chainId,
  stakingHome: network.stakingHome,
  parameters,
  privateKey,
  blockHeader,
  ...(values["fee-limit"] === undefined ? {} : { feeLimit: Number(values["fee-limit"]) }),
  ...(values.modules === undefined ? {} : { modules: values.modules.split(",").map((s) => s.trim()) }),
  ...(childManifest === undefined ? {} : { childManifest }),
});
const planFile = join(outDir, `${network.network}.tron-plan.json`);
await writeFile(planFile, serialize(plan));
console.log(
  `Signed ${plan.contracts.filter((c) => c.deployment).length} deployment(s) for ${network.network} by ${plan.deployer.base58} -> ${planFile}`,
);
for (const c of plan.contracts)
  console.log(
    `  ${c.key.padEnd(16)} ${c.contractName.padEnd(16)} ${c.deployment?.contractAddress.base58 ?? "(existing)"} ${c.address}`,
  );
if (fullNode === undefined) {
  console.log("Not broadcast (no TRON_FULLNODE). Broadcast later with --broadcast before the reference block expires.");
} else {
  await writeManifest(await broadcast(plan, fullNode));
}
