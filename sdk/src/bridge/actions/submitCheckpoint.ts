import { keccak256, encodePacked, type Address, type Client, type Hex } from "viem";
import { getBlock, getChainId, readContract, writeContract } from "viem/actions";

import type { Checkpoint } from "../../messages/index.ts";
import { inboxAbi, validatorSetViewsAbi } from "../abi.ts";
import { toEvmAddress } from "../../tron/index.ts";
import { getOutboxMessages } from "../logs.ts";
import { MessageTree } from "../merkle.ts";
import type { AnyAddress, QuorumProof } from "../types.ts";
import { confirm, type SigningClient } from "./shared.ts";

export interface BuildCheckpointParameters {
  /** The Outbox on the source chain. */
  outbox: AnyAddress;
  /** The Inbox on the destination chain. */
  inbox: AnyAddress;
  /** First source block with Outbox logs (its deployment block). Default 0. */
  fromBlock?: bigint;
  /** Last source block to cover. Default: latest (a relayer uses its confirmation depth). */
  endBlock?: bigint;
}

/**
 * The next checkpoint of the (source -> destination) stream, ready to sign: block range from the
 * Inbox's `nextStartBlock` (or `fromBlock` for the first) to `endBlock`, the stream's root and count
 * over the Outbox logs up to `endBlock`, and the destination verifier's current epoch. `blockRoot`
 * is the hash of the range's block hashes' endpoints (`keccak256(startHash, endHash)`); the
 * messaging layer does not use it.
 */
export async function buildCheckpoint(
  sourceClient: Client,
  destClient: Client,
  parameters: BuildCheckpointParameters,
): Promise<Checkpoint> {
  const inbox = toEvmAddress(parameters.inbox);
  const [sourceChainId, destChainId] = [BigInt(await getChainId(sourceClient)), BigInt(await getChainId(destClient))];
  const state = await readContract(destClient, { address: inbox, abi: inboxAbi, functionName: "sourceState", args: [sourceChainId] });
  const startBlock = state.checkpoints === 0n ? (parameters.fromBlock ?? 0n) : state.nextStartBlock;
  const endBlock = parameters.endBlock ?? (await getBlock(sourceClient, { blockTag: "latest" })).number;
  const messages = await getOutboxMessages(sourceClient, {
    outbox: parameters.outbox,
    destChainId,
    fromBlock: parameters.fromBlock ?? 0n,
    toBlock: endBlock,
  });
  const verifier: Address = await readContract(destClient, { address: inbox, abi: inboxAbi, functionName: "validatorSet" });
  const epoch = await readContract(destClient, { address: verifier, abi: validatorSetViewsAbi, functionName: "epoch" });
  const [first, last] = await Promise.all([
    getBlock(sourceClient, { blockNumber: startBlock }),
    getBlock(sourceClient, { blockNumber: endBlock }),
  ]);
  return {
    sourceChainId,
    destChainId,
    destContract: inbox,
    epoch,
    startBlock,
    endBlock,
    blockRoot: keccak256(encodePacked(["bytes32", "bytes32"], [first.hash, last.hash])),
    // Signers recompute every leaf from the logged fields (never the logged leaf hashes).
    messageRoot: MessageTree.fromMessages(messages).root,
    messageCount: BigInt(messages.length),
  };
}

export interface SubmitCheckpointParameters {
  /** The Inbox on the client's chain. */
  inbox: AnyAddress;
  checkpoint: Checkpoint;
  /** Signatures of a quorum of the current set (`assembleQuorumProof`). */
  proof: QuorumProof;
}

/** Submits a signed checkpoint to the destination Inbox; returns the transaction hash. */
export async function submitCheckpoint(client: SigningClient, parameters: SubmitCheckpointParameters): Promise<Hex> {
  const hash = await writeContract(client, {
    account: client.account,
    chain: client.chain,
    address: toEvmAddress(parameters.inbox),
    abi: inboxAbi,
    functionName: "submitCheckpoint",
    args: [parameters.checkpoint, parameters.proof],
  });
  await confirm(client, hash);
  return hash;
}
