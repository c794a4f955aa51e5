/** One lookup over every network the deploy scripts know (local stand-ins, public EVM testnets, TRON). */
import { getNetwork, networkNames } from "../../sdk/src/chains/index.ts";
import { localChains } from "../chains.ts";
import type { ChainRole } from "../chains.ts";
import { publicNetworks, tronNetworks } from "../networks.ts";

export interface KnownNetwork {
  readonly network: string;
  readonly chainId: number;
  readonly role: ChainRole;
  readonly stakingHome: boolean;
  readonly kind: "evm" | "tron";
}

export const knownNetworks: readonly KnownNetwork[] = [
  ...localChains.map((c) => ({ ...c, kind: "evm" as const })),
  ...publicNetworks.map((n) => ({ ...n, kind: "evm" as const })),
  ...tronNetworks.map((n) => ({ ...n, kind: "tron" as const })),
];

export function findNetwork(name: string): KnownNetwork | undefined {
  return knownNetworks.find((n) => n.network === name);
}

/** The compiler settings of hardhat.config.ts (one set of artifacts for every chain). */
export const compilerInfo = { solc: "0.8.30", evmVersion: "shanghai", optimizerRuns: 1_000 } as const;

/** The child network a root's bridge pairs with by default (its manifest fills RootBridge parameters), from the SDK's chain table. */
export function childNetworkOf(name: string): string | undefined {
  if (!(networkNames as readonly string[]).includes(name)) return undefined;
  const network = getNetwork(name);
  return network.role === "root" ? network.child : undefined;
}
