/**
 * The chains of BTT Network (DESIGN section 2) and the local simulated stand-ins used by tests
 * and the devnet. Local chains keep the real chain ids so that every signed message names the
 * chain it will be verified on, exactly as in production.
 */
export type ChainRole = "child" | "root";

export interface LocalChain {
  /** Hardhat network name of the simulated chain. */
  readonly network: string;
  readonly name: string;
  readonly chainId: number;
  readonly role: ChainRole;
  /** Holds the StakeManager (DESIGN section 2: TRON by default). */
  readonly stakingHome: boolean;
}

export const localChains: readonly LocalChain[] = [
  { network: "bttc", name: "BitTorrent Chain", chainId: 199, role: "child", stakingHome: false },
  { network: "tron", name: "TRON", chainId: 728126428, role: "root", stakingHome: true },
  { network: "ethereum", name: "Ethereum", chainId: 1, role: "root", stakingHome: false },
  { network: "bnb", name: "BNB Chain", chainId: 56, role: "root", stakingHome: false },
];
