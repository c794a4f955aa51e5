/**
 * The local devnet: the four chains of DESIGN section 2 (BTTC 199, TRON 728126428, Ethereum 1,
 * BNB Chain 56) as separate `hardhat node` processes on 127.0.0.1, each running its Hardhat
 * network's configuration (hardfork shanghai: the TRON stand-in refuses TLOAD and MCOPY).
 * What runs on top (deployment, relayers, the story) only sees the RPC URLs.
 */
import { localChains, type LocalChain } from "../deploy/chains.ts";
import { DEVNET_DEFAULT_PORTS } from "../sdk/src/chains/index.ts";
import { startHardhatNode, type HardhatNode } from "./node.ts";

/** Ports tried first, in the order of `localChains`: what dapp developers expect from a local node. */
export const DEFAULT_PORTS: readonly number[] = DEVNET_DEFAULT_PORTS;

export interface DevnetChain extends LocalChain {
  readonly url: string;
  readonly wsUrl: string;
  readonly node: HardhatNode;
}

export interface Devnet {
  readonly chains: readonly DevnetChain[];
  /** The HTTP RPC URL of each chain by network name (bttc, tron, ethereum, bnb). */
  readonly urls: Readonly<Record<string, string>>;
  /** Stops every node (idempotent). */
  stop(): Promise<void>;
}

export interface DevnetOptions {
  /**
   * Ports by chain, in the order of `localChains`. "free" (default): any free ports. "default":
   * 8545..8548 when free, else free ones. An array: exactly those, failing with `PortInUseError`.
   */
  readonly ports?: "free" | "default" | readonly number[];
}

function portFor(index: number, ports: DevnetOptions["ports"]): { port?: number; fallback: boolean } {
  if (ports === undefined || ports === "free") return { fallback: false };
  if (ports === "default") return { port: DEFAULT_PORTS[index]!, fallback: true };
  const port = ports[index];
  if (port === undefined) throw new Error(`no port given for ${localChains[index]!.name}`);
  return { port, fallback: false };
}

async function startChain(chain: LocalChain, index: number, ports: DevnetOptions["ports"]): Promise<DevnetChain> {
  const { port, fallback } = portFor(index, ports);
  const options = { chainId: chain.chainId, network: chain.network };
  let node: HardhatNode;
  try {
    node = await startHardhatNode(port === undefined ? options : { ...options, port });
  } catch (error) {
    if (!fallback || !(error instanceof Error) || error.name !== "PortInUseError") throw error;
    node = await startHardhatNode(options);
  }
  return { ...chain, url: node.url, wsUrl: node.wsUrl, node };
}

/** Starts the four nodes side by side; if one fails, the others are stopped before the error is thrown. */
export async function startDevnet(options: DevnetOptions = {}): Promise<Devnet> {
  const results = await Promise.allSettled(localChains.map((chain, i) => startChain(chain, i, options.ports)));
  const chains = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const stop = async () => void (await Promise.all(chains.map((c) => c.node.stop())));
  const failed = results.find((r) => r.status === "rejected");
  if (failed !== undefined) {
    await stop();
    throw failed.reason;
  }
  return { chains, urls: Object.fromEntries(chains.map((c) => [c.network, c.url])), stop };
}

/**
 * Runs `cleanup` once on SIGINT, SIGTERM or SIGHUP, then exits (130 after Ctrl-C): the devnet's
 * nodes never outlive `npm start`. Returns a function that removes the handlers.
 */
export function onShutdownSignal(cleanup: () => Promise<void>): () => void {
  let running = false;
  const handler = (signal: NodeJS.Signals) => {
    if (running) return;
    running = true;
    void cleanup().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const s of signals) process.on(s, handler);
  return () => {
    for (const s of signals) process.off(s, handler);
  };
}
