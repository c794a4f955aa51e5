export type { ChainRole, DeployedContract, DeploymentManifest } from "./types.ts";
export { DeploymentManifestError } from "./errors.ts";
export { contractAddress, parseManifest, serializeManifest } from "./manifest.ts";
