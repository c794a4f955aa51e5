/**
 * Shared by the migrations: the parameter file of a TronBox network (the same files as the
 * TronWeb and Ignition deploys: deploy/parameters/<nile|shasta|tronMainnet>.json), the child
 * chain's manifest, and the manifest this deployment writes (deployments/<network>.json).
 */
const fs = require("fs");
const path = require("path");

const root = path.join(__dirname, "..", "..", "..", "..");
/** TronBox network name -> our network name (manifest and parameter file). */
const networks = {
  nile: { name: "nile", chainId: 3448148188, child: "bttcDonau" },
  shasta: { name: "shasta", chainId: 2494104990, child: "bttcDonau" },
  mainnet: { name: "tronMainnet", chainId: 728126428, child: undefined },
};

function networkOf(tronboxNetwork) {
  const n = networks[tronboxNetwork];
  if (!n) throw new Error(`unknown TronBox network ${tronboxNetwork}; known: ${Object.keys(networks).join(", ")}`);
  return n;
}

function outDir() {
  return process.env.DEPLOY_OUT_DIR || path.join(root, "deployments");
}

function parametersFor(tronboxNetwork) {
  const file = path.join(root, "deploy", "parameters", `${networkOf(tronboxNetwork).name}.json`);
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

/** RootBridge.childChainId / childBridge: from the parameter file, else the child chain's manifest. */
function childBridgeFor(tronboxNetwork, params) {
  const given = params.RootBridge || {};
  if (given.childBridge) return { childChainId: given.childChainId, childBridge: given.childBridge };
  const child = networkOf(tronboxNetwork).child;
  const file = process.env.DEPLOY_CHILD_MANIFEST || (child && path.join(outDir(), `${child}.json`));
  if (!file || !fs.existsSync(file))
    throw new Error("RootBridge.childBridge is not set and there is no child manifest: deploy BTTC first");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8"));
  if (given.childChainId !== undefined && Number(given.childChainId) !== manifest.chainId) {
    throw new Error(`RootBridge.childChainId is ${given.childChainId} but ${file} is for chain ${manifest.chainId}`);
  }
  return { childChainId: manifest.chainId, childBridge: manifest.contracts.childBridge.address };
}

/** StakeManager's Params struct in ABI order (an array is what every ABI encoder accepts). */
function stakingParams(params) {
  const p = params.Staking && params.Staking.params;
  if (!p) throw new Error("Staking.params is missing from the parameter file");
  return [
    "epochLength",
    "maxValidators",
    "unbondingEpochs",
    "jailEpochs",
    "slashBps",
    "bountyBps",
    "minSelfStake",
    "rewardPerEpoch",
    "setMaxAge",
  ].map((field) => {
    if (p[field] === undefined) throw new Error(`Staking.params.${field} is missing`);
    return String(p[field]);
  });
}

/** Hex (41...) form of an address TronBox or TronWeb returned (hex or base58). */
function hex41(tronWeb, address) {
  return tronWeb.address.toHex(address).replace(/^0x/, "41");
}

/** Writes deployments/<network>.json (blockNumber: a block seen before the deployment started, a safe scan start). */
function writeManifest(tronWeb, tronboxNetwork, startBlock, contracts) {
  const n = networkOf(tronboxNetwork);
  const entries = {};
  for (const [key, { contractName, address }] of Object.entries(contracts)) {
    const h = hex41(tronWeb, address);
    entries[key] = {
      address: `0x${h.slice(2)}`,
      blockNumber: String(startBlock),
      contractName,
      tronAddress: tronWeb.address.fromHex(h),
    };
  }
  const manifest = {
    version: 1,
    network: n.name,
    chainId: n.chainId,
    role: "root",
    stakingHome: true,
    deployedAt: new Date().toISOString(),
    release: "tronbox",
    compiler: { solc: "0.8.30", evmVersion: "shanghai", optimizerRuns: 1000 },
    contracts: entries,
  };
  fs.mkdirSync(outDir(), { recursive: true });
  const file = path.join(outDir(), `${n.name}.json`);
  fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return file;
}

/** Where migration 1 leaves the addresses for migration 2 (TronBox runs migrations one by one). */
function stateFile(tronboxNetwork) {
  return path.join(__dirname, "..", "build", `${tronboxNetwork}.state.json`);
}

module.exports = { networkOf, parametersFor, childBridgeFor, stakingParams, hex41, writeManifest, stateFile };
