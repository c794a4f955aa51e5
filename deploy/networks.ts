/**
 * Public networks the deploy scripts target (DESIGN section 2). Chain ids, names, roles and
 * explorers come from the SDK's one chain table (`@btt-network/sdk/chains`); this file adds only
 * what deploying needs. RPC URLs and keys are Hardhat configuration variables (environment or
 * `hardhat keystore`), never files in the repository.
 */
import { getNetwork, type ChainRole, type NetworkName } from "../sdk/src/chains/index.ts";

export interface PublicNetwork {
  /** Hardhat network name and manifest file name (the SDK's network name). */
  readonly network: string;
  readonly name: string;
  readonly chainId: number;
  readonly role: ChainRole;
  /** Holds the StakeManager; the public EVM testnets verify against TRON Nile's validator set. */
  readonly stakingHome: boolean;
  /** Configuration variable holding the JSON-RPC URL. */
  readonly rpcVariable: string;
  /** Configuration variable holding the deployer's private key. */
  readonly keyVariable: string;
  readonly explorer?: string;
}

/** The chain table's fields every deploy target shares. */
function tableFields(sdkName: NetworkName) {
  const { label, chain, chainId, role, stakingHome } = getNetwork(sdkName);
  return { chain, fields: { name: label, chainId, role, stakingHome } };
}

function publicNetwork(network: NetworkName, rpcVariable: string): PublicNetwork {
  const { chain, fields } = tableFields(network);
  const explorer = chain.blockExplorers?.default.url;
  return {
    network,
    ...fields,
    rpcVariable,
    keyVariable: "DEPLOYER_PRIVATE_KEY",
    ...(explorer === undefined ? {} : { explorer }),
  };
}

export const publicNetworks: readonly PublicNetwork[] = [
  publicNetwork("sepolia", "SEPOLIA_RPC_URL"),
  publicNetwork("bscTestnet", "BSC_TESTNET_RPC_URL"),
  publicNetwork("bttcDonau", "BTTC_DONAU_RPC_URL"),
];

/** TRON networks are deployed with TronWeb (deploy/tron), not Ignition; each is the staking home. */
export interface TronNetwork {
  /** Deploy target and manifest name: the SDK's name, except `tronMainnet` (the Hardhat network `tron` is the local stand-in). */
  readonly network: string;
  readonly name: string;
  readonly chainId: number;
  readonly role: ChainRole;
  readonly stakingHome: boolean;
  /** Public full node HTTP API (TronGrid); operators usually set their own in TRON_FULLNODE. */
  readonly fullNode: string;
  readonly explorer: string;
}

function tronNetwork(network: string, sdkName: NetworkName): TronNetwork {
  const { chain, fields } = tableFields(sdkName);
  const jsonRpc = chain.rpcUrls.default.http[0]!;
  return {
    network,
    ...fields,
    fullNode: jsonRpc.replace(/\/jsonrpc$/, ""),
    explorer: chain.blockExplorers!.default.url,
  };
}

export const tronNetworks: readonly TronNetwork[] = [
  tronNetwork("nile", "nile"),
  tronNetwork("shasta", "shasta"),
  tronNetwork("tronMainnet", "tron"),
];
