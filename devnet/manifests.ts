/**
 * Deployment manifests of the devnet, written to `.devnet/deployments/<network>.json` by
 * `npm start -- --keep`: the manifests `deployNetwork()` returned for the story's deployment
 * (devnet/story/deploy.ts; the keys of deploy/modules.ts), plus the story's extra tokens under
 * `storyTokenKeys`. The SDK's `parseManifest` and the relayer read them.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { createPublicClient, http } from "viem";

import { localChains } from "../deploy/chains.ts";
import { assertManifestChain, serializeManifest, type DeploymentManifest } from "@btt-network/sdk/deployments";
import type { ChainName } from "./story/chains.ts";
import { repoRoot } from "./node.ts";

export const devnetDir = join(repoRoot, ".devnet");

/** One manifest per devnet chain. */
export type DevnetManifests = Readonly<Record<ChainName, DeploymentManifest>>;

/** The manifests of what the story deployed (its `Deployment`). */
export function contractsOf(d: { readonly manifests: DevnetManifests }): DevnetManifests {
  return d.manifests;
}

/**
 * Writes each chain's manifest (stamped with `release`) to `dir`, after checking that the node at
 * its URL serves the manifest's chain; returns the files in the order of deploy/chains.ts.
 */
export async function writeManifests(
  urls: Readonly<Record<ChainName, string>>,
  manifests: DevnetManifests,
  release: string,
  dir = join(devnetDir, "deployments"),
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (const chain of localChains) {
    const name = chain.network as ChainName;
    const manifest = manifests[name];
    assertManifestChain(manifest, await createPublicClient({ transport: http(urls[name]) }).getChainId());
    const file = join(dir, `${chain.network}.json`);
    await writeFile(file, serializeManifest({ ...manifest, release }));
    files.push(file);
  }
  return files;
}
