/**
 * The local simulated stand-ins of BTT Network's chains, used by tests and the devnet. Chain ids,
 * names and roles come from the SDK's one chain table (`@btt-network/sdk/chains`, DESIGN section 2):
 * local chains keep the real chain ids so that every signed message names the chain it will be
 * verified on, exactly as in production.
 */
import { devnetNetworks, getNetwork, type ChainRole } from "../sdk/src/chains/index.ts";

export type { ChainRole };

export interface LocalChain {
  /** Hardhat network name of the simulated chain (the SDK's network name). */
  readonly network: string;
  readonly name: string;
  readonly chainId: number;
  readonly role: ChainRole;
  /** Holds the StakeManager (DESIGN section 2: TRON by default). */
  readonly stakingHome: boolean;
}

export const localChains: readonly LocalChain[] = devnetNetworks.map((network) => {
  const { label, chainId, role, stakingHome } = getNetwork(network);
  return { network, name: label, chainId, role, stakingHome };
});
