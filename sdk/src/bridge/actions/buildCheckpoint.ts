import type { Address, Client } from "viem";
import { getBlock, getChainId, readContract } from "viem/actions";

import type { Checkpoint } from "../../messages/index.ts";
import { inboxAbi, validatorSetViewsAbi } from "../abi.ts";
import { getBlockRangeRoot, MAX_CHECKPOINT_BLOCKS } from "../blockRoot.ts";
import { toEvmAddress } from "../../tron/index.ts";
import { getOutboxMessages } from "../logs.ts";
import { MessageTree } from "../merkle.ts";
import type { AnyAddress } from "../types.ts";

export interface BuildCheckpointParameters {
  /** The Outbox on the source chain. */
  outbox: AnyAddress;
  /** The Inbox on the destination chain. */
  inbox: AnyAddress;
  /** First source block with Outbox logs (its deployment block). Default 0. */
  fromBlock?: bigint;
  /**
   * Last source block to cover. Default: latest (a relayer uses its confirmation depth). A range
   * is capped at `MAX_CHECKPOINT_BLOCKS`: the checkpoint then ends earlier and the next one goes on.
   */
  endBlock?: bigint;
}

export type BuildCheckpointReturnType = Checkpoint;

/**
 * The next checkpoint of the (source -> destination) stream, ready to sign: block range from the
 * Inbox's `nextStartBlock` to `endBlock` (at most `MAX_CHECKPOINT_BLOCKS`; the source's first
 * checkpoint starts at `fromBlock` or the latest `MAX_CHECKPOINT_BLOCKS` blocks, whichever is later),
 * the stream's root and count over the Outbox logs up to the range's end, the destination
 * verifier's current epoch, and `blockRoot`, the Merkle root of the range's block hashes
 * (`getBlockRangeRoot`), which every validator recomputes from its own node.
 */
export async function buildCheckpoint(
  sourceClient: Client,
  destClient: Client,
  parameters: BuildCheckpointParameters,
): Promise<BuildCheckpointReturnType> {
  const inbox = toEvmAddress(parameters.inbox);
  const [sourceChainId, destChainId] = [BigInt(await getChainId(sourceClient)), BigInt(await getChainId(destClient))];
  const state = await readContract(destClient, {
    address: inbox,
    abi: inboxAbi,
    functionName: "sourceState",
    args: [sourceChainId],
  });
  const head = parameters.endBlock ?? (await getBlock(sourceClient, { blockTag: "latest" })).number;
  const first = parameters.fromBlock ?? 0n;
  const startBlock =
    state.checkpoints === 0n
      ? head - first + 1n > MAX_CHECKPOINT_BLOCKS
        ? head - MAX_CHECKPOINT_BLOCKS + 1n
        : first
      : state.nextStartBlock;
  const endBlock = head - startBlock + 1n > MAX_CHECKPOINT_BLOCKS ? startBlock + MAX_CHECKPOINT_BLOCKS - 1n : head;
  const messages = await getOutboxMessages(sourceClient, {
    outbox: parameters.outbox,
    destChainId,
    fromBlock: parameters.fromBlock ?? 0n,
    toBlock: endBlock,
  });
  const verifier: Address = await readContract(destClient, {
    address: inbox,
    abi: inboxAbi,
    functionName: "validatorSet",
  });
  const epoch = await readContract(destClient, { address: verifier, abi: validatorSetViewsAbi, functionName: "epoch" });
  const blockRoot = await getBlockRangeRoot(sourceClient, { startBlock, endBlock });
  return {
    sourceChainId,
    destChainId,
    destContract: inbox,
    epoch,
    startBlock,
    endBlock,
    blockRoot,
    // Signers recompute every leaf from the logged fields (never the logged leaf hashes).
    messageRoot: MessageTree.fromMessages(messages).root,
    messageCount: BigInt(messages.length),
  };
}
