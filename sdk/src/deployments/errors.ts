import { BttError } from "../errors.ts";

/** A deployment manifest is malformed, or does not hold what was asked of it. */
export class DeploymentManifestError extends BttError {
  override name = "DeploymentManifestError";
}

/** The manifest has no contract under the requested key. */
export class ContractNotDeployedError extends DeploymentManifestError {
  override name = "ContractNotDeployedError";
  readonly key: string;
  readonly network: string;
  constructor(key: string, network: string, available: readonly string[]) {
    super(`No contract "${key}" in the ${network} deployment`, {
      details: { available: available.join(", ") || "none" },
      hints: [`Deploy the module that provides "${key}" to ${network}, or use the right network's manifest`],
    });
    this.key = key;
    this.network = network;
  }
}

/** A manifest was given for a chain other than the one it is used on. */
export class ManifestChainMismatchError extends DeploymentManifestError {
  override name = "ManifestChainMismatchError";
  readonly expected: number;
  readonly actual: number;
  constructor(network: string, manifestChainId: number, chainId: number) {
    super(`The ${network} manifest is for chain ${manifestChainId}, not chain ${chainId}`, {
      details: { manifestChainId, chainId },
      hints: ["Use the manifest written for this chain (deployments/<network>.json), or point the RPC URL at the right chain"],
    });
    this.expected = manifestChainId;
    this.actual = chainId;
  }
}
