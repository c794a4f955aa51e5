/**
 * The chains a relayer may be configured for (DESIGN section 2): the four mainnets, their test
 * networks, and `local` for a development node of any id. A chain's kind says how transactions are
 * written: `evm` through viem (JSON-RPC), `tron` through TronWeb (reads still go over /jsonrpc).
 */
import { networks, type ChainKind } from "@btt-network/sdk/chains";

export type { ChainKind };

export interface KnownChain {
  readonly name: string;
  /** Expected `eth_chainId`; `undefined` only for `local`, where the config must give it. */
  readonly chainId: number | undefined;
  readonly kind: ChainKind;
}

/** The SDK's chain table (`@btt-network/sdk/chains`, names as in deploy/), plus `local`. */
export const knownChains: readonly KnownChain[] = [
  ...networks.map(({ name, chainId, kind }) => ({ name, chainId, kind })),
  { name: "local", chainId: undefined, kind: "evm" },
];

export function knownChain(name: string): KnownChain | undefined {
  return knownChains.find((chain) => chain.name === name);
}
