import type { Address, Hex } from "viem";

/** Where a chain sits in BTT Network (DESIGN section 2). */
export type ChainRole = "child" | "root";

/**
 * Stable manifest keys of the contracts the deploy scripts write (one per contract kind, never
 * renamed). Other keys are allowed (a domain may add contracts) but these are the ones the SDK
 * and the relayer look up.
 */
export const manifestContractKeys = [
  "token",
  "stakeManager",
  "validatorSet",
  "inbox",
  "outbox",
  "rootBridge",
  "childBridge",
  "storageMarket",
  "paymentChannels",
] as const;
export type ManifestContractKey = (typeof manifestContractKeys)[number];

/** A constructor argument as written in the manifest (integers as decimal strings). */
export type ManifestArgument = string | number | boolean | readonly ManifestArgument[] | { readonly [field: string]: ManifestArgument };

/** One deployed contract. */
export interface DeployedContract {
  /** EVM form of the address (on TRON: the 20 bytes after the 0x41 prefix). */
  readonly address: Address;
  /** Block in which the contract was created: relayers start scanning its events there. */
  readonly blockNumber: bigint;
  /** Artifact (contract) name, e.g. "BTTToken". */
  readonly contractName: string;
  /** Constructor arguments as deployed (explorer verification, audits). */
  readonly constructorArgs?: readonly ManifestArgument[];
  /** Creation transaction (TRON: the txID, without 0x). */
  readonly transactionHash?: string;
  /** TRON only: the base58 (T...) form of the address. */
  readonly tronAddress?: string;
}

/** Compiler settings of the deployed bytecode (the same artifacts go to every chain). */
export interface ManifestCompiler {
  readonly solc: string;
  readonly evmVersion: string;
  readonly optimizerRuns: number;
}

/**
 * What a deployment to one network produced, read by the SDK and the relayer. One file per
 * network (`deployments/<network>.json`), written by the deploy scripts.
 */
export interface DeploymentManifest {
  /** Format version of this file. */
  readonly version: 1;
  readonly network: string;
  readonly chainId: number;
  readonly role: ChainRole;
  /** True on the chain holding the StakeManager (DESIGN section 2; default TRON). */
  readonly stakingHome?: boolean;
  /** ISO-8601 time of the deployment. */
  readonly deployedAt: string;
  /** Git commit or package version of the contracts deployed. */
  readonly release: string;
  readonly compiler?: ManifestCompiler;
  /** Keyed by logical name, e.g. "token", "validatorSet", "inbox" (see `manifestContractKeys`). */
  readonly contracts: Readonly<Record<string, DeployedContract>>;
  /** Hash of the deployer's last transaction, for audit trails. */
  readonly lastTransaction?: Hex;
}
