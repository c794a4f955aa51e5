/**
 * Deployment manifests named by the config (`chains.<name>.manifest`): read once at startup,
 * validated with the SDK, and checked against the chain they are configured for, so that duties
 * can take contract addresses (and the blocks to scan events from) from the deployment rather
 * than from hand-copied addresses. An address written in a duty's config still wins.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

import type { Address } from "viem";

import {
  ContractNotDeployedError,
  DeploymentManifestError,
  parseManifest,
  type DeploymentManifest,
  type ManifestContractKey,
} from "@btt-network/sdk/deployments";
import { ConfigError } from "../errors.ts";
import { knownChain } from "./chains.ts";

/** Manifests by configured chain name. */
export type ChainManifests = ReadonlyMap<string, DeploymentManifest>;

/** A contract a duty uses: its address and the block to scan its events from. */
export interface ManifestContract {
  readonly address: Address;
  readonly fromBlock: bigint;
}

/** What `loadManifests` reads of the config: per chain, its manifest path and explicit chain id. */
export interface ManifestChains {
  readonly chains: Readonly<
    Record<string, { readonly manifest?: string | undefined; readonly chainId?: number | undefined }>
  >;
}

/** The chain id a configured chain must have (explicit, or the known chain's). */
function configuredChainId(config: ManifestChains, chain: string): number | undefined {
  return config.chains[chain]?.chainId ?? knownChain(chain)?.chainId;
}

/**
 * Reads every `chains.<name>.manifest` (paths relative to `dir`, the config file's folder).
 * Throws one `ConfigError` per bad manifest: unreadable, invalid, or for another chain.
 */
export function loadManifests(config: ManifestChains, dir: string): ChainManifests {
  const manifests = new Map<string, DeploymentManifest>();
  for (const [chain, chainConfig] of Object.entries(config.chains)) {
    if (chainConfig.manifest === undefined) continue;
    const path = resolve(dir, chainConfig.manifest);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      throw new ConfigError(`chain '${chain}': cannot read its deployment manifest ${path}`, {
        cause: error,
        hints: [
          "chains.<name>.manifest is relative to the config file; deploy the network first (deploy/deploy.ts or deploy/tron/deploy.ts).",
        ],
      });
    }
    let manifest: DeploymentManifest;
    try {
      manifest = parseManifest(text);
    } catch (error) {
      const reason = error instanceof DeploymentManifestError ? error.shortMessage : String(error);
      throw new ConfigError(`chain '${chain}': ${path} is not a valid deployment manifest: ${reason}`, {
        cause: error,
      });
    }
    const expected = configuredChainId(config, chain);
    if (expected !== undefined && manifest.chainId !== expected)
      throw new ConfigError(
        `chain '${chain}' has id ${expected} but its manifest ${path} is for ${manifest.network} (chain ${manifest.chainId})`,
        {
          hints: ["Point chains.<name>.manifest at the manifest written for this chain."],
        },
      );
    manifests.set(chain, manifest);
  }
  return manifests;
}

/** Checks a manifest against the chain id its RPC serves (startup, after the chain answers). */
export function checkManifestChain(chain: string, manifest: DeploymentManifest, chainIdOnNode: number): void {
  if (manifest.chainId !== chainIdOnNode)
    throw new ConfigError(
      `chain '${chain}': the RPC serves chain ${chainIdOnNode} but the manifest is for ${manifest.network} (chain ${manifest.chainId})`,
      {
        hints: ["Point chains.<name>.rpcUrl and chains.<name>.manifest at the same network."],
      },
    );
}

/**
 * The address of `key` on `chain`: the duty's own config value when given, else the chain's
 * manifest. A missing contract is a `ConfigError` naming both ways to provide it.
 */
export function contractFor(
  manifests: ChainManifests,
  chain: string,
  key: ManifestContractKey,
  configured?: Address,
  /** Where the config would name it (e.g. `duties.messages.endpoints.bttc.inbox`), for the error. */
  field?: string,
): ManifestContract {
  const manifest = manifests.get(chain);
  if (configured !== undefined) {
    const entry = manifest?.contracts[key];
    const sameContract = entry !== undefined && entry.address.toLowerCase() === configured.toLowerCase();
    return { address: configured, fromBlock: sameContract ? entry.blockNumber : 0n };
  }
  if (manifest === undefined)
    throw new ConfigError(
      `chain '${chain}': no address for ${key}${field === undefined ? "" : ` (${field} is not set and the chain has no manifest)`}`,
      {
        hints: [
          `Set ${field ?? `the duty's ${key} address`}, or chains.${chain}.manifest to the chain's deployment manifest.`,
        ],
      },
    );
  const entry = manifest.contracts[key];
  if (entry === undefined)
    throw new ConfigError(
      `chain '${chain}': ${field === undefined ? "" : `${field} is not set and `}its manifest (${manifest.network}) has no ${key}`,
      {
        cause: new ContractNotDeployedError(key, manifest.network, Object.keys(manifest.contracts)),
        details: { available: Object.keys(manifest.contracts).join(", ") || "none" },
        hints: [
          `Deploy the module providing ${key} to ${manifest.network}, or set ${field ?? `the duty's ${key} address`}.`,
        ],
      },
    );
  return { address: entry.address, fromBlock: entry.blockNumber };
}
