/**
 * The chains a relayer may be configured for (DESIGN section 2): the four mainnets, their test
 * networks, and `local` for a development node of any id. A chain's kind says how transactions are
 * written: `evm` through viem (JSON-RPC), `tron` through TronWeb (reads still go over /jsonrpc).
 */
export type ChainKind = "evm" | "tron";

export interface KnownChain {
  readonly name: string;
  /** Expected `eth_chainId`; `undefined` only for `local`, where the config must give it. */
  readonly chainId: number | undefined;
  readonly kind: ChainKind;
}

export const knownChains: readonly KnownChain[] = [
  { name: "bttc", chainId: 199, kind: "evm" },
  { name: "donau", chainId: 1029, kind: "evm" },
  { name: "tron", chainId: 728126428, kind: "tron" },
  { name: "nile", chainId: 3448148188, kind: "tron" },
  { name: "shasta", chainId: 2494104990, kind: "tron" },
  { name: "ethereum", chainId: 1, kind: "evm" },
  { name: "sepolia", chainId: 11155111, kind: "evm" },
  { name: "bnb", chainId: 56, kind: "evm" },
  { name: "bscTestnet", chainId: 97, kind: "evm" },
  { name: "local", chainId: undefined, kind: "evm" },
];

export function knownChain(name: string): KnownChain | undefined {
  return knownChains.find((chain) => chain.name === name);
}
