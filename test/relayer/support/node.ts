/**
 * Real `hardhat node` processes on 127.0.0.1 for the relayer tests, from the devnet's launcher
 * (devnet/node.ts): started once per chain id for the whole mocha run (a node takes
 * seconds to boot on a busy machine) and stopped by a root `after` hook (the launcher kills any
 * left on exit, should mocha die first).
 */
import { startHardhatNode as launch, type HardhatNode as LaunchedNode } from "../../../devnet/node.ts";

export { freePort, repoRoot, rpcCall } from "../../../devnet/node.ts";

export type HardhatNode = Pick<LaunchedNode, "url" | "port" | "chainId" | "child" | "rpc" | "pause" | "resume"> & {
  stop(): Promise<void>;
};

export async function startHardhatNode(chainId: number): Promise<HardhatNode> {
  const node = await launch({ chainId });
  // Tests stop nodes the hard way: nothing of an in-memory chain is worth a graceful shutdown.
  return {
    url: node.url,
    port: node.port,
    chainId,
    child: node.child,
    rpc: node.rpc,
    pause: node.pause,
    resume: node.resume,
    stop: () => node.stop(0),
  };
}

const nodes = new Map<number, Promise<HardhatNode>>();

/** One node per chain id for the whole test run. */
export function sharedNode(chainId: number): Promise<HardhatNode> {
  let node = nodes.get(chainId);
  if (node === undefined) nodes.set(chainId, (node = startHardhatNode(chainId)));
  return node;
}

async function stopAll(): Promise<void> {
  for (const node of nodes.values()) await (await node.catch(() => undefined))?.stop();
  nodes.clear();
}

// Evaluated while mocha loads the spec files, so this registers a root-level hook.
if (typeof after === "function") after(stopAll);
