import type { Client } from "viem";
import { getChainId, readContract } from "viem/actions";

import { inboxAbi } from "../abi.ts";
import { toEvmAddress } from "../../tron/index.ts";
import { NotCheckpointedError, ProofBuildError } from "../errors.ts";
import { getOutboxMessages } from "../logs.ts";
import { MessageTree, messageLeaf } from "../merkle.ts";
import type { AnyAddress, CrossChainMessage, MessageProof } from "../types.ts";

export interface BuildMessageProofParameters {
  /** The Outbox on the source chain. */
  outbox: AnyAddress;
  /** The Inbox on the destination chain. */
  inbox: AnyAddress;
  /** The message to prove (as returned by `deposit` / `withdraw`). */
  message: CrossChainMessage;
  /**
   * First source block to search for Outbox logs (the Outbox's creation block in the source
   * chain's deployment manifest). Default: page backwards from the head until every checkpointed
   * message is found.
   */
  fromBlock?: bigint;
  /** Largest block range per `eth_getLogs`. Default `DEFAULT_LOG_BLOCK_RANGE` (5,000). */
  maxBlockRange?: bigint;
}

export type BuildMessageProofReturnType = MessageProof;

/**
 * Builds the Merkle proof of a message against the latest checkpoint accepted on its destination:
 * reads the checkpoint's message count and root from the Inbox, fetches that many `MessageSent`
 * logs of the stream from the source Outbox (`eth_getLogs` filtered by contract and destination;
 * never whole blocks of receipts), rebuilds the tree and checks it reproduces the signed root.
 */
export async function buildMessageProof(
  sourceClient: Client,
  destClient: Client,
  parameters: BuildMessageProofParameters,
): Promise<BuildMessageProofReturnType> {
  const { message } = parameters;
  const inbox = toEvmAddress(parameters.inbox);
  const [sourceChainId, destChainId] = [BigInt(await getChainId(sourceClient)), BigInt(await getChainId(destClient))];
  if (message.sourceChainId !== sourceChainId || message.destChainId !== destChainId) {
    throw new ProofBuildError("The clients are not on the message's source and destination chains", {
      details: {
        message: `${message.sourceChainId} -> ${message.destChainId}`,
        clients: `${sourceChainId} -> ${destChainId}`,
      },
    });
  }
  const state = await readContract(destClient, {
    address: inbox,
    abi: inboxAbi,
    functionName: "sourceState",
    args: [sourceChainId],
  });
  if (message.nonce >= state.messageCount) {
    throw new NotCheckpointedError(`Message ${message.nonce} is not checkpointed on chain ${destChainId} yet`, {
      details: { checkpointedMessages: state.messageCount },
      hints: ["Wait with waitForWithdrawalCheckpoint (or waitForMessageStatus) and try again"],
    });
  }
  const messages = await getOutboxMessages(sourceClient, {
    outbox: parameters.outbox,
    destChainId,
    count: state.messageCount,
    ...(parameters.fromBlock === undefined ? {} : { fromBlock: parameters.fromBlock }),
    ...(parameters.maxBlockRange === undefined ? {} : { maxBlockRange: parameters.maxBlockRange }),
  });
  const covered = messages.slice(0, Number(state.messageCount));
  covered.forEach((m, i) => {
    if (m.nonce !== BigInt(i)) {
      throw new ProofBuildError(`Outbox log of message ${i} is missing`, {
        hints: ["Search from the Outbox's deployment block (fromBlock) or use an archive RPC"],
      });
    }
  });
  if (covered.length !== Number(state.messageCount)) {
    throw new ProofBuildError(
      `Found ${covered.length} of ${state.messageCount} checkpointed messages in the Outbox logs`,
      {
        hints: ["Search from the Outbox's deployment block (fromBlock) or use an archive RPC"],
      },
    );
  }
  // The target's leaf is recomputed here; the other leaves are taken as logged: a wrong one could
  // only produce a root that differs from the signed one, which is checked below.
  const index = Number(message.nonce);
  if (messageLeaf(message) !== covered[index]!.leaf) {
    throw new ProofBuildError(`Message ${message.nonce} differs from the one the Outbox logged`);
  }
  const tree = MessageTree.fromLeaves(covered.map((m) => m.leaf));
  if (tree.root !== state.lastRoot) {
    throw new ProofBuildError("The Outbox logs do not reproduce the checkpointed root", {
      details: { rebuilt: tree.root, checkpointed: state.lastRoot },
      hints: ["Check the Outbox address; the source chain may have reorganised below the checkpoint"],
    });
  }
  return { message, root: tree.root, proof: tree.proof(index) };
}
