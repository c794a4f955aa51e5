/**
 * Cross-chain wiring after deployment: the ChildBridge learns each root's RootBridge
 * (`setRootBridge(rootChainId, rootBridge)`, once per root: it cannot be changed later). When the
 * sender is not the ChildBridge's owner (a timelock or a multisig), the calls are returned as
 * calldata for the owner to submit instead of being sent.
 */
import {
  encodeFunctionData,
  getAddress,
  zeroAddress,
  type Address,
  type Hex,
  type PublicClient,
  type WalletClient,
} from "viem";

import { childBridgeAbi } from "@btt-network/sdk/bridge";
import { contractAddress, deployedContract, type DeploymentManifest } from "@btt-network/sdk/deployments";

export interface WiringCall {
  readonly root: string;
  readonly rootChainId: number;
  readonly rootBridge: Address;
  /** The ChildBridge. */
  readonly to: Address;
  readonly data: Hex;
}

/** The `setRootBridge` calls for `roots`, after checking each RootBridge names this child. */
export function planWiring(child: DeploymentManifest, roots: readonly DeploymentManifest[]): WiringCall[] {
  if (child.role !== "child") throw new Error(`${child.network} is not a child chain`);
  const childBridge = contractAddress(child, "childBridge");
  return roots.map((root) => {
    if (root.role !== "root") throw new Error(`${root.network} is not a root chain`);
    const entry = deployedContract(root, "rootBridge");
    const args = entry.constructorArgs;
    if (args !== undefined) {
      const [, , childChainId, named] = args;
      if (Number(childChainId) !== child.chainId || typeof named !== "string" || getAddress(named) !== childBridge) {
        throw new Error(
          `${root.network}'s RootBridge names chain ${String(childChainId)} / ${String(named)}, not ${child.network}'s ChildBridge ${childBridge}`,
        );
      }
    }
    return {
      root: root.network,
      rootChainId: root.chainId,
      rootBridge: getAddress(entry.address),
      to: childBridge,
      data: encodeFunctionData({
        abi: childBridgeAbi,
        functionName: "setRootBridge",
        args: [BigInt(root.chainId), getAddress(entry.address)],
      }),
    };
  });
}

export type WiringOutcome =
  | { readonly status: "already"; readonly call: WiringCall }
  | { readonly status: "sent"; readonly call: WiringCall; readonly hash: Hex }
  | { readonly status: "owner-must-send"; readonly call: WiringCall; readonly owner: Address };

/**
 * Applies the plan on the child chain: skips roots already set, sends the others when `wallet`'s
 * account owns the ChildBridge, and returns the calldata for the owner otherwise. A root already
 * set to a different bridge is an error (the ChildBridge never changes a root's bridge).
 */
export async function wireChild(
  client: PublicClient,
  wallet: WalletClient | undefined,
  calls: readonly WiringCall[],
  log: (line: string) => void = () => undefined,
): Promise<WiringOutcome[]> {
  const outcomes: WiringOutcome[] = [];
  for (const call of calls) {
    const current = await client.readContract({
      address: call.to,
      abi: childBridgeAbi,
      functionName: "rootBridgeOf",
      args: [BigInt(call.rootChainId)],
    });
    if (getAddress(current) === getAddress(call.rootBridge)) {
      log(`  = ${call.root} (chain ${call.rootChainId}): RootBridge ${call.rootBridge} already set`);
      outcomes.push({ status: "already", call });
      continue;
    }
    if (current !== zeroAddress) {
      throw new Error(
        `ChildBridge already has ${current} for chain ${call.rootChainId} (${call.root}), not ${call.rootBridge}: it cannot be changed`,
      );
    }
    const owner = await client.readContract({ address: call.to, abi: childBridgeAbi, functionName: "owner" });
    const sender = wallet?.account?.address;
    if (wallet === undefined || sender === undefined || getAddress(sender) !== getAddress(owner)) {
      log(`  ! ${call.root} (chain ${call.rootChainId}): the owner ${owner} must send to ${call.to}: ${call.data}`);
      outcomes.push({ status: "owner-must-send", call, owner });
      continue;
    }
    const hash = await wallet.sendTransaction({
      account: wallet.account!,
      chain: wallet.chain,
      to: call.to,
      data: call.data,
    });
    const receipt = await client.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`setRootBridge for ${call.root} reverted (${hash})`);
    log(
      `  ✓ ${call.root} (chain ${call.rootChainId}): setRootBridge(${call.rootChainId}, ${call.rootBridge}) in ${hash}`,
    );
    outcomes.push({ status: "sent", call, hash });
  }
  return outcomes;
}
