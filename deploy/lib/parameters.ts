/**
 * Ignition parameter files (deploy/parameters/<network>.json) and the values the deploy scripts
 * fill in from other networks' manifests.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";

import { contractAddress, type DeploymentManifest } from "@btt-network/sdk/deployments";
import type { DeployTarget } from "../modules.ts";
import type { DeployParameters } from "./futures.ts";

/** Reads deploy/parameters/<network>.json (or `file`), or `{}` when the network has none. */
export async function loadParameters(root: string, network: string, file?: string): Promise<DeployParameters> {
  const path = file ?? join(root, "deploy", "parameters", `${network}.json`);
  if (!existsSync(path)) {
    if (file !== undefined) throw new Error(`parameter file ${file} does not exist`);
    return {};
  }
  const parsed = JSON.parse(await readFile(path, "utf8")) as unknown;
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new Error(`${path} must hold a JSON object`);
  for (const [moduleId, values] of Object.entries(parsed)) {
    if (typeof values !== "object" || values === null || Array.isArray(values)) {
      throw new Error(`${path}: "${moduleId}" must map parameter names to values`);
    }
  }
  return parsed as DeployParameters;
}

/**
 * On a root chain, fills `RootBridge.childChainId` and `RootBridge.childBridge` from the child
 * chain's manifest when the parameters leave them out, and checks them when they are given.
 */
export function fillFromChildManifest(
  parameters: DeployParameters,
  target: DeployTarget,
  child?: DeploymentManifest,
): DeployParameters {
  if (target.role !== "root" || child === undefined) return parameters;
  if (child.role !== "child") throw new Error(`${child.network} is not the child chain (role ${child.role})`);
  const given = parameters.RootBridge ?? {};
  const childBridge = contractAddress(child, "childBridge");
  if (given.childChainId !== undefined && Number(given.childChainId) !== child.chainId) {
    throw new Error(
      `RootBridge.childChainId is ${String(given.childChainId)} but the child manifest is for chain ${child.chainId}`,
    );
  }
  if (typeof given.childBridge === "string" && given.childBridge.toLowerCase() !== childBridge.toLowerCase()) {
    throw new Error(
      `RootBridge.childBridge is ${given.childBridge} but ${child.network}'s manifest has ${childBridge}`,
    );
  }
  return { ...parameters, RootBridge: { ...given, childChainId: child.chainId, childBridge } };
}
