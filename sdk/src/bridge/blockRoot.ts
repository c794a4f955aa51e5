import type { Client, Hex } from "viem";
import { getBlock } from "viem/actions";

import { InvalidArgumentError } from "../errors.ts";
import { ProofBuildError } from "./errors.ts";
import { MessageTree } from "./merkle.ts";

/**
 * Most blocks one checkpoint covers. A longer gap is covered by consecutive checkpoints (each
 * starts where the previous one ended), so every validator fetches and hashes at most this many
 * block hashes per signature.
 */
export const MAX_CHECKPOINT_BLOCKS = 1024n;

const ZERO_HASH: Hex = `0x${"00".repeat(32)}`;

/**
 * A checkpoint's `blockRoot`: the Merkle root of the hashes of blocks `[startBlock, endBlock]` in
 * order, built like an Outbox stream (`MessageTree`: keccak256, depth 32, zero leaves), so a block
 * hash can be proven against a checkpoint with the same verifier as a message.
 */
export function blockRangeRoot(hashes: readonly Hex[]): Hex {
  if (hashes.length === 0 || BigInt(hashes.length) > MAX_CHECKPOINT_BLOCKS) {
    throw new InvalidArgumentError(`A checkpoint covers 1 to ${MAX_CHECKPOINT_BLOCKS} blocks, got ${hashes.length}`);
  }
  return MessageTree.fromLeaves(hashes).root;
}

export interface GetBlockRangeRootParameters {
  startBlock: bigint;
  endBlock: bigint;
  /** Block requests in flight at once (viem's HTTP batching groups them). Default 64. */
  concurrency?: number;
}

/**
 * Reads the hashes of `[startBlock, endBlock]` from the client's node and returns their root. The
 * blocks must form one chain (each block's `parentHash` is the previous block's hash): a reorg
 * while reading fails with `ProofBuildError` instead of mixing two forks. A zero `parentHash` (no
 * real block has one past genesis; Hardhat reports it for blocks made by `hardhat_mine` and read
 * concurrently) is taken as not reported.
 */
export async function getBlockRangeRoot(client: Client, parameters: GetBlockRangeRootParameters): Promise<Hex> {
  const { startBlock, endBlock } = parameters;
  if (startBlock < 0n || endBlock < startBlock || endBlock - startBlock + 1n > MAX_CHECKPOINT_BLOCKS) {
    throw new InvalidArgumentError(
      `Block range [${startBlock}, ${endBlock}] must hold 1 to ${MAX_CHECKPOINT_BLOCKS} blocks`,
    );
  }
  const count = Number(endBlock - startBlock + 1n);
  const blocks = new Array<{ hash: Hex; parentHash: Hex }>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const block = await getBlock(client, { blockNumber: startBlock + BigInt(index), includeTransactions: false });
      blocks[index] = { hash: block.hash, parentHash: block.parentHash };
    }
  };
  await Promise.all(Array.from({ length: Math.min(parameters.concurrency ?? 64, count) }, worker));
  for (let i = 1; i < count; i++) {
    const parent = blocks[i]!.parentHash;
    if (parent !== ZERO_HASH && parent !== blocks[i - 1]!.hash) {
      throw new ProofBuildError(
        `Blocks ${startBlock + BigInt(i) - 1n} and ${startBlock + BigInt(i)} are not linked: the chain reorganised while reading`,
        {
          hints: ["Read again once the range is deeper than the chain's reorg depth"],
        },
      );
    }
  }
  return blockRangeRoot(blocks.map((b) => b.hash));
}
