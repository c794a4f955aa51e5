/** `hardhat node` processes for tests: a thin view over the devnet's launcher (devnet/node.ts). */
import type { ChildProcess } from "node:child_process";

import { startHardhatNode as launch } from "../../devnet/node.ts";

export { freePort, hardhatBin } from "../../devnet/node.ts";

/** A `hardhat node` child process serving JSON-RPC on 127.0.0.1. */
export interface HardhatNode {
  readonly url: string;
  readonly port: number;
  readonly chainId: number;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `hardhat node --hostname 127.0.0.1` with `chainId` and waits until it answers eth_chainId. */
export async function startHardhatNode(chainId: number, timeoutMs = 60_000): Promise<HardhatNode> {
  const node = await launch({ chainId, timeoutMs });
  return { url: node.url, port: node.port, chainId, process: node.child, stop: () => node.stop() };
}
