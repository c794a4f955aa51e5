/**
 * @btt-network/sdk/chains: the one chain table of BTT Network (DESIGN section 2). viem chain objects
 * (from `viem/chains` where viem defines them, `defineChain` otherwise), the network names used by
 * the SDK, the deploy scripts, the devnet and the relayer, and lookups by name and chain id.
 *
 * ```ts
 * import { bttcDonau, chainById, getNetwork } from "@btt-network/sdk/chains";
 * const client = createPublicClient({ chain: bttcDonau, transport: http() });
 * chainById(199n)?.name;            // "BitTorrent"
 * getNetwork("nile").stakingHome;  // true
 * ```
 */
import { defineChain, type Chain } from "viem";
import {
  bitTorrent,
  bsc,
  bscTestnet as viemBscTestnet,
  mainnet,
  sepolia as viemSepolia,
  tron as viemTron,
  tronNile,
  tronShasta,
} from "viem/chains";

import { InvalidArgumentError } from "../errors.ts";

/** BTTC mainnet (chain id 199), the child chain: viem's `bitTorrent`. */
export const bttc = bitTorrent;

/** BTTC Donau (chain id 1029), the child chain's testnet (viem's `bitTorrentTestnet` is the retired 1028). */
export const bttcDonau = /*#__PURE__*/ defineChain({
  id: 1029,
  name: "BTTC Donau",
  nativeCurrency: { name: "BitTorrent", symbol: "BTT", decimals: 18 },
  rpcUrls: { default: { http: ["https://pre-rpc.bt.io"] } },
  blockExplorers: {
    default: { name: "BttcScan", url: "https://testnet.bttcscan.com", apiUrl: "https://api-testnet.bttcscan.com/api" },
  },
  testnet: true,
});

/** TRON mainnet (728126428): reads through viem over `/jsonrpc`, writes through TronWeb. */
export const tron = viemTron;
/** TRON Nile testnet (3448148188). */
export const nile = tronNile;
/** TRON Shasta testnet (2494104990). */
export const shasta = tronShasta;
/** Ethereum mainnet (1). */
export const ethereum = mainnet;
/** Ethereum Sepolia (11155111). */
export const sepolia = viemSepolia;
/** BNB Chain (56). */
export const bnb = bsc;
/** BNB Chain testnet (97). */
export const bscTestnet = viemBscTestnet;

/** The network names, one per chain; the same names in deploy/, the devnet and the relayer. */
export const networkNames = [
  "bttc",
  "bttcDonau",
  "tron",
  "nile",
  "shasta",
  "ethereum",
  "sepolia",
  "bnb",
  "bscTestnet",
] as const;
export type NetworkName = (typeof networkNames)[number];

export type ChainRole = "child" | "root";
/** How transactions are written: `evm` through viem, `tron` through TronWeb (reads still use viem). */
export type ChainKind = "evm" | "tron";

/** One row of the chain table. */
export interface BttNetwork {
  readonly name: NetworkName;
  /** The name people use (DESIGN section 2), e.g. "BitTorrent Chain", "TRON Nile testnet". */
  readonly label: string;
  readonly chain: Chain;
  readonly chainId: number;
  readonly role: ChainRole;
  readonly kind: ChainKind;
  /** Holds the StakeManager (DESIGN section 2: TRON by default; TRON's testnets for the testnets). */
  readonly stakingHome: boolean;
  readonly testnet: boolean;
  /** The child network a root's bridge pairs with (a child pairs with itself). */
  readonly child: NetworkName;
}

function row(
  name: NetworkName,
  label: string,
  chain: Chain,
  role: ChainRole,
  kind: ChainKind,
  stakingHome: boolean,
  child: NetworkName,
): BttNetwork {
  return { name, label, chain, chainId: chain.id, role, kind, stakingHome, testnet: chain.testnet === true, child };
}

/** Every network BTT Network runs on, mainnets first. */
export const networks: readonly BttNetwork[] = [
  row("bttc", "BitTorrent Chain", bttc, "child", "evm", false, "bttc"),
  row("tron", "TRON", tron, "root", "tron", true, "bttc"),
  row("ethereum", "Ethereum", ethereum, "root", "evm", false, "bttc"),
  row("bnb", "BNB Chain", bnb, "root", "evm", false, "bttc"),
  row("bttcDonau", "BTTC Donau testnet", bttcDonau, "child", "evm", false, "bttcDonau"),
  row("nile", "TRON Nile testnet", nile, "root", "tron", true, "bttcDonau"),
  row("shasta", "TRON Shasta testnet", shasta, "root", "tron", true, "bttcDonau"),
  row("sepolia", "Ethereum Sepolia", sepolia, "root", "evm", false, "bttcDonau"),
  row("bscTestnet", "BNB Chain testnet", bscTestnet, "root", "evm", false, "bttcDonau"),
];

/** The chain objects by network name. */
export const chains: Readonly<Record<NetworkName, Chain>> = Object.fromEntries(
  networks.map((n) => [n.name, n.chain]),
) as Record<NetworkName, Chain>;

/** The table row of a network name; throws `InvalidArgumentError` for a name that is not in the table. */
export function getNetwork(name: string): BttNetwork {
  const found = networks.find((n) => n.name === name);
  if (found === undefined) {
    throw new InvalidArgumentError(`Unknown network "${name}"`, { hints: [`Use one of ${networkNames.join(", ")}`] });
  }
  return found;
}

/** The table row of a chain id (number or bigint), or undefined. The devnet's chains share their mainnet's ids. */
export function networkByChainId(chainId: number | bigint): BttNetwork | undefined {
  return networks.find((n) => BigInt(n.chainId) === BigInt(chainId));
}

/** The viem chain of a chain id (number or bigint), or undefined. */
export function chainById(chainId: number | bigint): Chain | undefined {
  return networkByChainId(chainId)?.chain;
}

/** The devnet's four chains (`npm start`): the mainnets' ids on local nodes, in launch order. */
export const devnetNetworks = ["bttc", "tron", "ethereum", "bnb"] as const satisfies readonly NetworkName[];
export type DevnetNetworkName = (typeof devnetNetworks)[number];

/** The ports the devnet tries first (`--ports default`), in the order of `devnetNetworks`. */
export const DEVNET_DEFAULT_PORTS: readonly number[] = [8545, 8546, 8547, 8548];

/**
 * A devnet chain: the mainnet chain's id and currency with a local RPC URL (default
 * `http://127.0.0.1:<default port>`; pass the URL the devnet printed when it chose free ports).
 */
export function devnetChain(name: DevnetNetworkName, rpcUrl?: string): Chain {
  const index = devnetNetworks.indexOf(name);
  if (index < 0)
    throw new InvalidArgumentError(`"${name}" is not a devnet chain`, {
      hints: [`Use one of ${devnetNetworks.join(", ")}`],
    });
  const { chain: base, label } = getNetwork(name);
  const url = rpcUrl ?? `http://127.0.0.1:${DEVNET_DEFAULT_PORTS[index]}`;
  return defineChain({
    id: base.id,
    name: `${label} (devnet)`,
    nativeCurrency: base.nativeCurrency,
    rpcUrls: { default: { http: [url] } },
    testnet: true,
  });
}

/** The devnet's chains at their default ports. */
export const devnetChains: Readonly<Record<DevnetNetworkName, Chain>> = {
  bttc: devnetChain("bttc"),
  tron: devnetChain("tron"),
  ethereum: devnetChain("ethereum"),
  bnb: devnetChain("bnb"),
};
