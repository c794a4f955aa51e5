/**
 * The TRON deployment of a root chain (the staking home by default: token, staking, messaging,
 * bridge), planned from the same Ignition modules and the same kind of parameter file as the EVM
 * chains (deploy/parameters/<nile|shasta|tronMainnet>.json) and built from the same artifacts. Each
 * contract's TRON address follows from its transaction id, so the whole chain of deployments (a
 * later constructor naming an earlier contract) is built and signed offline before anything is sent.
 */
import { TronWeb } from "tronweb";
import type { Address } from "viem";

import type { DeployedContract, DeploymentManifest, ManifestArgument } from "@btt-network/sdk/deployments";
import { toEvmAddress } from "@btt-network/sdk/tron";
import { contractFutures, missingParameters, resolveArguments, type DeployParameters } from "../lib/futures.ts";
import { compilerInfo } from "../lib/networks.ts";
import { fillFromChildManifest } from "../lib/parameters.ts";
import { contractSources, domainModules, manifestKeys, selectModules, type DeployTarget } from "../modules.ts";
import {
  buildTronDeployment,
  readArtifact,
  type TronBlockHeader,
  type TronDeployment,
  type TronDeployOptions,
} from "./deployer.ts";

export interface TronPlanOptions extends TronDeployOptions {
  /** Manifest network name (nile, shasta, tronMainnet, or a local name). */
  readonly network: string;
  readonly chainId: number;
  readonly parameters: DeployParameters;
  /** Default: the staking home (TRON is, DESIGN section 2). */
  readonly stakingHome?: boolean;
  /** Module names; default every module of a root (staking ones on the home). */
  readonly modules?: readonly string[];
  /** The child chain's manifest, for `RootBridge.childChainId/childBridge`. */
  readonly childManifest?: DeploymentManifest;
  /** Repository root (artifacts/). */
  readonly root: string;
}

export interface TronPlannedContract {
  readonly key: string;
  readonly futureId: string;
  readonly contractName: string;
  /** EVM form of the address the contract will have. */
  readonly address: Address;
  readonly constructorArgs: readonly ManifestArgument[];
  /** Undefined for a contract that already exists (`Token.address`). */
  readonly deployment?: TronDeployment;
}

export interface TronPlan {
  readonly network: string;
  readonly chainId: number;
  readonly target: DeployTarget;
  readonly deployer: { readonly hex: string; readonly base58: string };
  readonly contracts: readonly TronPlannedContract[];
}

/** Replaces TRON base58 and 41-hex addresses in a parameter tree with their 0x form. */
function evmForm(value: unknown): unknown {
  if (typeof value === "string" && (/^T[1-9A-HJ-NP-Za-km-z]{33}$/.test(value) || /^41[0-9a-fA-F]{40}$/.test(value)))
    return toEvmAddress(value);
  if (Array.isArray(value)) return value.map(evmForm);
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evmForm(v)]));
  return value;
}

/** Builds and signs every deployment (offline with `blockHeader`), in dependency order. */
export async function planTronDeployment(options: TronPlanOptions): Promise<TronPlan> {
  const given = evmForm(options.parameters) as DeployParameters;
  const target: DeployTarget = {
    role: "root",
    stakingHome: options.stakingHome ?? true,
    existingToken: given.Token?.address !== undefined,
  };
  const parameters = fillFromChildManifest(given, target, options.childManifest);
  const wired = domainModules(target);
  const modules = selectModules(target, options.modules).map((entry) => wired[entry.name]);
  const futures = contractFutures(modules);
  const missing = missingParameters(futures, parameters);
  if (missing.length > 0)
    throw new Error(`TRON deployment to ${options.network} needs parameter(s) ${missing.join(", ")}`);

  const deployerHex = TronWeb.address.fromPrivateKey(options.privateKey.replace(/^0x/, ""));
  if (deployerHex === false) throw new Error("could not derive the deployer address from the key");
  const deployer = { hex: TronWeb.address.toHex(deployerHex), base58: deployerHex };
  const addresses = new Map<string, Address>();
  const ctx = {
    parameters,
    accounts: [toEvmAddress(deployer.hex)],
    addressOf: (id: string) => {
      const address = addresses.get(id);
      if (address === undefined) throw new Error(`${id} is needed before it is planned`);
      return address;
    },
  };
  const contracts: TronPlannedContract[] = [];
  for (const future of futures) {
    const key = manifestKeys[future.id];
    if (key === undefined) throw new Error(`no manifest key for ${future.id}`);
    if (future.kind === "existing") {
      const address = toEvmAddress(
        String(evmForm(resolveArguments({ ...future, constructorArgs: [future.address] }, ctx)[0])),
      );
      addresses.set(future.id, address);
      contracts.push({ key, futureId: future.id, contractName: future.contractName, address, constructorArgs: [] });
      continue;
    }
    const source = contractSources[future.contractName];
    if (source === undefined) throw new Error(`no source path for ${future.contractName}`);
    const constructorArgs = resolveArguments(future, ctx);
    const deployment = await buildTronDeployment(
      await readArtifact(options.root, source, future.contractName),
      constructorArgs,
      options,
    );
    const address = toEvmAddress(deployment.contractAddress.hex);
    addresses.set(future.id, address);
    contracts.push({
      key,
      futureId: future.id,
      contractName: future.contractName,
      address,
      constructorArgs,
      deployment,
    });
  }
  return { network: options.network, chainId: options.chainId, target, deployer, contracts };
}

/** The manifest of a broadcast plan (`blocks`: block number of each deployed contract by key). */
export function tronManifest(
  plan: TronPlan,
  blocks: ReadonlyMap<string, bigint>,
  release = "0.1.0",
): DeploymentManifest {
  const contracts: Record<string, DeployedContract> = {};
  for (const c of plan.contracts) {
    const blockNumber = blocks.get(c.key);
    if (blockNumber === undefined) throw new Error(`no block number for ${c.key}`);
    contracts[c.key] = {
      address: c.address,
      blockNumber,
      contractName: c.contractName,
      tronAddress: TronWeb.address.fromHex(`41${c.address.slice(2)}`),
      ...(c.deployment === undefined ? {} : { constructorArgs: c.constructorArgs, transactionHash: c.deployment.txID }),
    };
  }
  return {
    version: 1,
    network: plan.network,
    chainId: plan.chainId,
    role: plan.target.role,
    stakingHome: plan.target.stakingHome,
    deployedAt: new Date().toISOString(),
    release,
    compiler: compilerInfo,
    contracts,
  };
}

/** A TAPOS reference from a block as the full node's /wallet/getnowblock returns it. */
export function blockHeaderOf(
  block: { blockID: string; block_header: { raw_data: { number: number; timestamp: number } } },
  validityMs = 3_600_000,
): TronBlockHeader {
  const { number, timestamp } = block.block_header.raw_data;
  return {
    ref_block_bytes: number.toString(16).padStart(16, "0").slice(12, 16),
    ref_block_hash: block.blockID.slice(16, 32),
    expiration: timestamp + validityMs,
    timestamp,
  };
}
