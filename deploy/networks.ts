/**
 * Public networks the deploy scripts target (DESIGN section 2). RPC URLs and keys are Hardhat
 * configuration variables (environment or `hardhat keystore`), never files in the repository.
 */
import type { ChainRole } from "./chains.ts";

export interface PublicNetwork {
  /** Hardhat network name and manifest file name. */
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

export const publicNetworks: readonly PublicNetwork[] = [
  {
    network: "sepolia",
    name: "Ethereum Sepolia",
    chainId: 11155111,
    role: "root",
    stakingHome: false,
    rpcVariable: "SEPOLIA_RPC_URL",
    keyVariable: "DEPLOYER_PRIVATE_KEY",
    explorer: "https://sepolia.etherscan.io",
  },
  {
    network: "bscTestnet",
    name: "BNB Chain testnet",
    chainId: 97,
    role: "root",
    stakingHome: false,
    rpcVariable: "BSC_TESTNET_RPC_URL",
    keyVariable: "DEPLOYER_PRIVATE_KEY",
    explorer: "https://testnet.bscscan.com",
  },
  {
    network: "bttcDonau",
    name: "BTTC Donau testnet",
    chainId: 1029,
    role: "child",
    stakingHome: false,
    rpcVariable: "BTTC_DONAU_RPC_URL",
    keyVariable: "DEPLOYER_PRIVATE_KEY",
    explorer: "https://testnet.bttcscan.com",
  },
];

/** TRON networks are deployed with TronWeb (deploy/tron), not Ignition; each is the staking home. */
export interface TronNetwork {
  readonly network: string;
  readonly name: string;
  readonly chainId: number;
  readonly role: ChainRole;
  readonly stakingHome: boolean;
  /** Public full node HTTP API (TronGrid); operators usually set their own in TRON_FULLNODE. */
  readonly fullNode: string;
  readonly explorer: string;
}

export const tronNetworks: readonly TronNetwork[] = [
  { network: "nile", name: "TRON Nile testnet", chainId: 3448148188, role: "root", stakingHome: true, fullNode: "https://nile.trongrid.io", explorer: "https://nile.tronscan.org" },
  { network: "shasta", name: "TRON Shasta testnet", chainId: 2494104990, role: "root", stakingHome: true, fullNode: "https://api.shasta.trongrid.io", explorer: "https://shasta.tronscan.org" },
  { network: "tronMainnet", name: "TRON", chainId: 728126428, role: "root", stakingHome: true, fullNode: "https://api.trongrid.io", explorer: "https://tronscan.org" },
];
