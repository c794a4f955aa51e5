/**
 * What this relayer's own nodes say a proposed message must be. A validator signs a proposal only
 * when every field equals what it computes here; the submitter proposes exactly this.
 */
import type { Hex } from "viem";

import { getBlockRangeRoot, MAX_CHECKPOINT_BLOCKS } from "@btt-network/sdk/bridge";
import type { Checkpoint, ValidatorSetRotation } from "@btt-network/sdk/messages";
import type { BridgeReads } from "./reads.ts";

/** A proposal this relayer's view does not support; `code` says why (for the HTTP answer and metrics). */
export class ProposalRefused extends Error {
  override name = "ProposalRefused";
  readonly code: "unknown-chain" | "not-confirmed" | "stale" | "mismatch" | "conflict" | "no-change";
  constructor(code: ProposalRefused["code"], message: string) {
    super(message);
    this.code = code;
  }
}

export interface StreamEnds {
  readonly source: string;
  readonly dest: string;
}

/**
 * Where a stream's first checkpoint starts: on the grid `fromBlock + n * MAX_CHECKPOINT_BLOCKS`
 * (the source Outbox's deployment block, then steps of the longest range), at the latest grid
 * point from which a whole range is confirmed, else at `fromBlock`. A validator signs a first
 * checkpoint only from this block (or the grid point before it, for a proposer whose head is a
 * little behind), so nobody holding an API token can get overlapping first ranges signed: ranges
 * from different grid points never overlap.
 */
export function firstStartBlock(fromBlock: bigint, confirmed: bigint): bigint {
  if (confirmed - fromBlock + 1n <= MAX_CHECKPOINT_BLOCKS) return fromBlock;
  return (
    fromBlock + ((confirmed - MAX_CHECKPOINT_BLOCKS + 1n - fromBlock) / MAX_CHECKPOINT_BLOCKS) * MAX_CHECKPOINT_BLOCKS
  );
}

/** The range a new checkpoint of the stream covers now, or undefined when no confirmed block is uncovered. */
export async function nextRange(
  reads: BridgeReads,
  { source, dest }: StreamEnds,
): Promise<{ startBlock: bigint; endBlock: bigint; confirmed: bigint } | undefined> {
  const [state, confirmed] = await Promise.all([
    reads.inboxState(dest, reads.chainId(source)),
    reads.confirmedHead(source),
  ]);
  const floor = BigInt(reads.contracts(source).fromBlock);
  const startBlock = state.checkpoints === 0n ? firstStartBlock(floor, confirmed) : state.nextStartBlock;
  if (startBlock > confirmed) return undefined;
  const endBlock =
    confirmed - startBlock + 1n > MAX_CHECKPOINT_BLOCKS ? startBlock + MAX_CHECKPOINT_BLOCKS - 1n : confirmed;
  return { startBlock, endBlock, confirmed };
}

/** The checkpoint of `[startBlock, endBlock]` as this relayer's nodes see it; refuses unconfirmed or out-of-turn ranges. */
export async function expectedCheckpoint(
  reads: BridgeReads,
  ends: StreamEnds,
  startBlock: bigint,
  endBlock: bigint,
): Promise<Checkpoint> {
  const { source, dest } = ends;
  if (endBlock < startBlock || endBlock - startBlock + 1n > MAX_CHECKPOINT_BLOCKS)
    throw new ProposalRefused(
      "mismatch",
      `range [${startBlock}, ${endBlock}] must hold 1 to ${MAX_CHECKPOINT_BLOCKS} blocks`,
    );
  const sourceChainId = reads.chainId(source);
  const destChainId = reads.chainId(dest);
  const [confirmed, state, epoch] = await Promise.all([
    reads.confirmedHead(source),
    reads.inboxState(dest, sourceChainId),
    reads.verifierEpoch(dest),
  ]);
  if (endBlock > confirmed)
    throw new ProposalRefused(
      "not-confirmed",
      `block ${endBlock} of ${source} is not confirmed yet (confirmed head ${confirmed})`,
    );
  if (state.checkpoints === 0n) {
    const fromBlock = BigInt(reads.contracts(source).fromBlock);
    const canonical = firstStartBlock(fromBlock, confirmed);
    if (startBlock !== canonical && !(startBlock >= fromBlock && startBlock + MAX_CHECKPOINT_BLOCKS === canonical))
      throw new ProposalRefused(
        "stale",
        `the first checkpoint of ${source} on ${dest} must start at this validator's canonical block, not ${startBlock}`,
      );
  } else if (startBlock !== state.nextStartBlock)
    throw new ProposalRefused(
      "stale",
      `the ${dest} inbox expects the next checkpoint of ${source} at block ${state.nextStartBlock}, not ${startBlock}`,
    );
  const [outbox, blockRoot] = await Promise.all([
    reads.outboxAt(source, destChainId, endBlock),
    getBlockRangeRoot(reads.client(source), { startBlock, endBlock }),
  ]);
  if (outbox.count < state.messageCount)
    throw new ProposalRefused(
      "mismatch",
      `the ${source} outbox holds ${outbox.count} messages at block ${endBlock}, fewer than the ${state.messageCount} checkpointed`,
    );
  return {
    sourceChainId,
    destChainId,
    destContract: reads.contracts(dest).inbox as Hex,
    epoch,
    startBlock,
    endBlock,
    blockRoot,
    messageRoot: outbox.root,
    messageCount: outbox.count,
  };
}

/** The rotation that hands `dest`'s verifier to the staking home's set at its confirmed head. */
export async function expectedRotation(reads: BridgeReads, dest: string): Promise<ValidatorSetRotation> {
  const [confirmed, epoch] = await Promise.all([reads.confirmedHead(reads.network.home), reads.verifierEpoch(dest)]);
  const home = await reads.homeSetAt(confirmed);
  if (home.members.length === 0 || home.epoch <= epoch)
    throw new ProposalRefused(
      "no-change",
      `${dest} is at epoch ${epoch}; the staking home's confirmed epoch is ${home.epoch}`,
    );
  return {
    destChainId: reads.chainId(dest),
    destContract: reads.contracts(dest).validatorSet,
    epoch,
    newEpoch: home.epoch,
    newSetHash: home.setHash,
    newTotalPower: home.totalPower,
  };
}
