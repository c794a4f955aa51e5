import type { Address, Hex } from "viem";

/** Where a chain sits in BTT Network (DESIGN section 2). */
export type ChainRole = "child" | "root";

/** One deployed contract. */
export interface DeployedContract {
  readonly address: Address;
  /** Block in which the contract was created: relayers start scanning its events there. */
  readonly blockNumber: bigint;
  /** Artifact (contract) name, e.g. "BTTToken". */
  readonly contractName: string;
}

/**
 * What a deployment to one network produced, read by the SDK and the relayer. One file per
 * network (`deployments/<network>.json`), written by the deploy scripts.
 */
export interface DeploymentManifest {
  readonly version: 1;
  readonly network: string;
  readonly chainId: number;
  readonly role: ChainRole;
  /** ISO-8601 time of the deployment. */
  readonly deployedAt: string;
  /** Git commit or package version of the contracts deployed. */
  readonly release: string;
  /** Keyed by logical name, e.g. "token", "validatorSet", "inbox". */
  readonly contracts: Readonly<Record<string, DeployedContract>>;
  /** Hash of the deployer's last transaction, for audit trails. */
  readonly lastTransaction?: Hex;
}
