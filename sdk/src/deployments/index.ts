/**
 * Deployment manifests (DESIGN section 12): one JSON file per network, written by the deploy
 * scripts, naming every contract by a stable key with its address and creation block.
 */
export type { ChainRole, DeployedContract, DeploymentManifest, ManifestArgument, ManifestCompiler, ManifestContractKey } from "./types.ts";
export { manifestContractKeys } from "./types.ts";
export { ContractNotDeployedError, DeploymentManifestError, ManifestChainMismatchError } from "./errors.ts";
export { assertManifestChain, contractAddress, deployedContract, parseManifest, serializeManifest, withTronAddresses } from "./manifest.ts";
