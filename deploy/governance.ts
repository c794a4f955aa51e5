/**
 * Operator CLI: staked-BTT governance on one EVM network (docs/DEPLOY.md, "Handing over to
 * governance"). Deploys the chain's governance contracts into its manifest and, with
 * GOVERNANCE_HANDOVER=1, hands every contract the deployer owns to the chain's receiver. The logic
 * is deploy/lib/handover.ts. Order over the chains: the home first, then BTTC, then Ethereum and
 * BNB Chain (their receiver obeys BTTC's); hand over on each chain once its receiver exists.
 *
 *   HARDHAT_IGNITION_CONFIRM_DEPLOYMENT=1 GOVERNANCE_HANDOVER=1 npx hardhat run deploy/governance.ts --network bttcDonau
 *
 * Environment:
 *   DEPLOY_OUT_DIR             manifest folder (default deployments/); <network>.json is read and rewritten
 *   GOVERNANCE_HOME_MANIFEST   the staking home's manifest with its timelock (default: the manifest of
 *                              the folder marked stakingHome)
 *   GOVERNANCE_CHILD_MANIFEST  BTTC's manifest with its receiver, for Ethereum and BNB Chain
 *                              (default <out dir>/<child network>.json)
 *   GOVERNANCE_GUARDIAN        the guardian (a multisig) that may pause bridges for a bounded time
 *   GOVERNANCE_MAX_PAUSE       its longest pause in seconds (default 3 days)
 *   GOVERNANCE_HANDOVER        1: hand over after deploying (a second run hands over what is left)
 *   DEPLOY_ID                  Ignition deployment id (the journal is <id>-governance)
 *   DEPLOY_PARAMETERS          parameter file; on the staking home its "Governance" object holds
 *                              votingDelay, votingPeriod, proposalThreshold, quorumPercent, timelockDelay
 */
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { network } from "hardhat";
import { getAddress } from "viem";

import {
  assertManifestChain,
  parseManifest,
  serializeManifest,
  type DeploymentManifest,
} from "@btt-network/sdk/deployments";
import {
  deployGovernance,
  governanceKeys,
  governingOf,
  handOver,
  keyOwnedContracts,
  type HomeGovernanceSettings,
} from "./lib/handover.ts";
import { childNetworkOf } from "./lib/networks.ts";
import { loadParameters } from "./lib/parameters.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const connection = await network.getOrCreate();
const name = connection.networkName;
const outDir = process.env.DEPLOY_OUT_DIR ?? join(root, "deployments");
const file = join(outDir, `${name}.json`);
if (!existsSync(file)) throw new Error(`no manifest ${file}: deploy ${name} first (deploy/deploy.ts)`);
let manifest = parseManifest(await readFile(file, "utf8"));
const publicClient = await connection.viem.getPublicClient();
assertManifestChain(manifest, await publicClient.getChainId());

async function readManifest(path: string, what: string): Promise<DeploymentManifest> {
  if (!existsSync(path)) throw new Error(`${what} ${path} does not exist`);
  return parseManifest(await readFile(path, "utf8"));
}

async function homeManifest(): Promise<DeploymentManifest> {
  const given = process.env.GOVERNANCE_HOME_MANIFEST;
  if (given !== undefined) return readManifest(given, "GOVERNANCE_HOME_MANIFEST");
  for (const f of (await readdir(outDir)).filter((f) => f.endsWith(".json") && f !== "genesis.json")) {
    try {
      const m = parseManifest(await readFile(join(outDir, f), "utf8"));
      if (m.stakingHome === true) return m;
    } catch {
      // not a manifest (wiring calls, genesis): skip
    }
  }
  throw new Error(`no staking-home manifest in ${outDir}: set GOVERNANCE_HOME_MANIFEST to the home's manifest`);
}

function settingsOf(values: Record<string, unknown> | undefined): HomeGovernanceSettings {
  const keys = ["votingDelay", "votingPeriod", "proposalThreshold", "quorumPercent", "timelockDelay"] as const;
  const missing = keys.filter((k) => values?.[k] === undefined);
  if (values === undefined || missing.length > 0)
    throw new Error(
      `${name} is the staking home: its parameter file's "Governance" object lacks ${missing.join(", ")}`,
    );
  const read = (k: (typeof keys)[number]) => BigInt(values[k] as string | number);
  return {
    votingDelay: read("votingDelay"),
    votingPeriod: read("votingPeriod"),
    proposalThreshold: read("proposalThreshold"),
    quorumPercent: read("quorumPercent"),
    timelockDelay: read("timelockDelay"),
  };
}

const options = {
  ...(process.env.GOVERNANCE_GUARDIAN === undefined ? {} : { guardian: getAddress(process.env.GOVERNANCE_GUARDIAN) }),
  ...(process.env.GOVERNANCE_MAX_PAUSE === undefined ? {} : { maxPause: BigInt(process.env.GOVERNANCE_MAX_PAUSE) }),
  ...(process.env.DEPLOY_ID === undefined ? {} : { deploymentId: process.env.DEPLOY_ID }),
  log: (line: string) => console.log(line),
};
if (manifest.contracts[governanceKeys.receiver] !== undefined) {
  console.log(
    `${name} already has its governance contracts (receiver ${manifest.contracts.governanceReceiver!.address})`,
  );
} else if (manifest.stakingHome === true) {
  const parameters = await loadParameters(root, name, process.env.DEPLOY_PARAMETERS);
  const settings = settingsOf(parameters.Governance as Record<string, unknown> | undefined);
  console.log(`Governance on the staking home ${name} (chain ${manifest.chainId})`);
  manifest = await deployGovernance(connection, manifest, { ...options, settings });
} else {
  const home = await homeManifest();
  const childName = childNetworkOf(name);
  const childFile =
    process.env.GOVERNANCE_CHILD_MANIFEST ?? (childName === undefined ? undefined : join(outDir, `${childName}.json`));
  const child =
    childFile !== undefined && existsSync(childFile)
      ? await readManifest(childFile, "GOVERNANCE_CHILD_MANIFEST")
      : undefined;
  const governing = governingOf(manifest, {
    homeManifest: home,
    ...(child === undefined ? {} : { childManifest: child }),
  });
  console.log(
    `A receiver on ${name} (chain ${manifest.chainId}) obeying ${governing.address} on chain ${governing.chainId}`,
  );
  manifest = await deployGovernance(connection, manifest, {
    ...options,
    homeManifest: home,
    ...(child === undefined ? {} : { childManifest: child }),
  });
}
await writeFile(file, serializeManifest(manifest));
console.log(`Manifest written to ${file}`);

if (process.env.GOVERNANCE_HANDOVER === "1") {
  const [wallet] = await connection.viem.getWalletClients();
  console.log(`Handing ${name}'s contracts over to its receiver`);
  await handOver(publicClient, wallet!, manifest, (line) => console.log(line));
  const left = await keyOwnedContracts(publicClient, manifest);
  for (const k of left) console.log(`  ! ${k.key} (${k.address}) is still owned by the key ${k.owner}`);
  if (left.length > 0) process.exitCode = 1;
  else console.log(`  no contract of ${name} is owned by a key`);
}
await connection.close();
