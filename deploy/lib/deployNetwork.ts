/**
 * Deploys BTT Network's contracts to one EVM network with Hardhat Ignition and returns its
 * deployment manifest. The operator CLI (deploy/deploy.ts) and the local devnet both call it.
 *
 * The selected domain modules are composed into one Ignition module (`BTTNetwork`) so that a
 * contract shared by two domains (the Messaging Inbox used by the bridge) is deployed once, also
 * on in-process networks where Ignition keeps no journal; on HTTP networks Ignition's journal
 * (deploy/ignition/deployments/<deploymentId>) makes a re-run resume or add modules.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { ChainType, NetworkConnection } from "hardhat/types/network";

import { withTronAddresses, type DeployedContract, type DeploymentManifest } from "@btt-network/sdk/deployments";
import type { ChainRole } from "../chains.ts";
import {
  domainModules,
  manifestKeys,
  selectModules,
  type AnyIgnitionModule,
  type DeployTarget,
  type ModuleEntry,
} from "../modules.ts";
import { compilerInfo, findNetwork } from "./networks.ts";
import { contractFutures, missingParameters, resolveArguments, type DeployParameters } from "./futures.ts";
import { fillFromChildManifest } from "./parameters.ts";

export interface DeployNetworkOptions {
  /** Module names (deploy/modules.ts); default every module for the network's role. */
  readonly modules?: readonly string[];
  /** Ignition parameters (module id -> name -> value). */
  readonly parameters?: DeployParameters;
  /** Ignition deployment id (journal folder); default Ignition's `chain-<chainId>`. */
  readonly deploymentId?: string;
  /** Network name written into the manifest; default the connection's. */
  readonly networkName?: string;
  /** Chain role; default from deploy/chains.ts or deploy/networks.ts, else "root". */
  readonly role?: ChainRole;
  /** Whether this chain holds the StakeManager; default from the network tables. */
  readonly stakingHome?: boolean;
  /** The child chain's manifest: fills `RootBridge.childChainId` and `RootBridge.childBridge` when not given. */
  readonly childManifest?: DeploymentManifest;
  /** Release written into the manifest (git commit or package version). */
  readonly release?: string;
  /**
   * How often Ignition polls for receipts, in ms (Ignition's default 1000). A local automining
   * node (the devnet) mines at once: a short interval saves most of a deployment's wall time.
   */
  readonly blockPollingInterval?: number;
  readonly log?: (line: string) => void;
}

/** Any Hardhat network connection (the devnet's are `l1`, operator networks the default type). */
type AnyConnection = NetworkConnection<ChainType>;

// Loose view of a Hardhat network connection with the ethers and ignition-ethers extensions.
type DeployConnection = AnyConnection & {
  readonly ignition: {
    deploy(
      module: AnyIgnitionModule,
      options: Record<string, unknown>,
    ): Promise<Record<string, { getAddress(): Promise<string> }>>;
  };
};

export async function deployNetwork(
  connection: AnyConnection,
  options: DeployNetworkOptions = {},
): Promise<DeploymentManifest> {
  const log = options.log ?? (() => undefined);
  const { ignition } = connection as DeployConnection;
  const provider = connection.provider;
  const chainId = Number(await provider.request({ method: "eth_chainId" }));
  const networkName = options.networkName ?? connection.networkName;
  const known = findNetwork(networkName);
  if (known !== undefined && known.chainId !== chainId) {
    throw new Error(
      `${networkName} should have chain id ${known.chainId} but the RPC reports ${chainId}: wrong RPC URL?`,
    );
  }
  const given = options.parameters ?? {};
  const target: DeployTarget = {
    role: options.role ?? known?.role ?? "root",
    stakingHome: options.stakingHome ?? known?.stakingHome ?? false,
    existingToken: given.Token?.address !== undefined,
  };
  const parameters = fillFromChildManifest(given, target, options.childManifest);
  const wired = domainModules(target);

  const explicit = options.modules !== undefined;
  const entries: ModuleEntry[] = [];
  for (const entry of selectModules(target, options.modules)) {
    const missing = missingParameters(contractFutures([wired[entry.name]]), parameters);
    if (missing.length === 0) entries.push(entry);
    else if (!explicit && entry.needs?.some((n) => missing.includes(n)))
      log(`» skipping ${entry.name}: needs ${missing.join(", ")}`);
    else throw new Error(`module ${entry.name} needs parameter(s) ${missing.join(", ")} for ${networkName}`);
  }
  if (entries.length === 0) throw new Error(`nothing to deploy on ${networkName}`);
  const modules = entries.map((e) => wired[e.name]);
  // Every contract of the selected modules and of the modules they use is a result (keyed by
  // future id), so its address is known even when only a dependent module is selected (TRON's
  // `bridge` added to an earlier token, staking and messaging deployment).
  const composite = buildModule("BTTNetwork", (m) => {
    const results: Record<string, unknown> = {};
    for (const module of withSubmodules(modules)) {
      for (const future of Object.values(m.useModule(module) as Record<string, { id: string }>))
        results[future.id] = future;
    }
    return results as never;
  }) as unknown as AnyIgnitionModule;

  log(
    `Deploying ${entries.map((e) => e.name).join(", ")} to ${networkName} (chain ${chainId}, ${target.role}${target.stakingHome ? ", staking home" : ""})`,
  );
  const result = await ignition.deploy(composite, {
    parameters,
    ...(options.deploymentId === undefined ? {} : { deploymentId: options.deploymentId }),
    ...(options.blockPollingInterval === undefined
      ? {}
      : { config: { blockPollingInterval: options.blockPollingInterval } }),
    displayUi: false,
  });

  const addresses = new Map<string, string>();
  for (const [key, future] of Object.entries(composite.results)) {
    const deployed = result[key];
    if (deployed !== undefined) addresses.set(future.id, await deployed.getAddress());
  }
  const accounts = (await provider.request({ method: "eth_accounts" })) as string[];
  const ctx = {
    parameters,
    accounts,
    addressOf: (id: string) => {
      const a = addresses.get(id);
      if (a === undefined) throw new Error(`${id} was deployed but no module returned it`);
      return a;
    },
  };
  const contracts: Record<string, DeployedContract> = {};
  for (const future of contractFutures(modules)) {
    const key = manifestKeys[future.id];
    if (key === undefined) throw new Error(`no manifest key for ${future.id}: add it to deploy/modules.ts`);
    const address = ctx.addressOf(future.id) as `0x${string}`;
    contracts[key] = {
      address,
      blockNumber: await creationBlock(connection, address),
      contractName: future.contractName,
      ...(future.kind === "deploy" ? { constructorArgs: resolveArguments(future, ctx) } : {}),
    };
    log(`  ✓ ${key} (${future.contractName}) at ${address}`);
  }
  // A TRON chain's manifest carries base58 addresses too (the chain table says which chains are TRON).
  return withTronAddresses({
    version: 1,
    network: networkName,
    chainId,
    role: target.role,
    stakingHome: target.stakingHome,
    deployedAt: new Date().toISOString(),
    release: options.release ?? process.env.npm_package_version ?? "0.1.0",
    compiler: compilerInfo,
    contracts,
  });
}

/** `modules` and every module they use, dependencies first, each once. */
function withSubmodules(modules: readonly AnyIgnitionModule[]): AnyIgnitionModule[] {
  const all: AnyIgnitionModule[] = [];
  const visit = (module: AnyIgnitionModule): void => {
    if (all.includes(module)) return;
    for (const sub of module.submodules) visit(sub as AnyIgnitionModule);
    all.push(module);
  };
  modules.forEach(visit);
  return all;
}

/**
 * First block with code at `address` (binary search; a handful of eth_getCode calls). No code at
 * all means Ignition answered from a journal of another chain (a reset node under the same
 * deployment id): refuse rather than write addresses that do not exist.
 */
export async function creationBlock(connection: AnyConnection, address: string): Promise<bigint> {
  const { provider } = connection;
  if (((await provider.request({ method: "eth_getCode", params: [address, "latest"] })) as string) === "0x") {
    throw new Error(
      `no code at ${address} although Ignition reports it deployed: its journal belongs to another chain (a reset node?). Use a new deployment id or remove deploy/ignition/deployments/<id>.`,
    );
  }
  let high = Number(await provider.request({ method: "eth_blockNumber" }));
  let low = 0;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    const code = (await provider.request({
      method: "eth_getCode",
      params: [address, `0x${mid.toString(16)}`],
    })) as string;
    if (code === "0x") low = mid + 1;
    else high = mid;
  }
  return BigInt(low);
}
