import { decodeEventLog, type Client, type Hex } from "viem";
import { readContract, writeContract } from "viem/actions";

import { inboxAbi } from "../abi.ts";
import { toEvmAddress } from "../../tron/index.ts";
import { AlreadyExecutedError, ExecutionFailedError } from "../errors.ts";
import type { AnyAddress, MessageProof } from "../types.ts";
import { buildMessageProof, type BuildMessageProofParameters } from "./buildMessageProof.ts";
import { confirm, type SigningClient } from "./shared.ts";

export interface ExecuteMessageParameters {
  /** The Inbox on the client's chain (the message's destination). */
  inbox: AnyAddress;
  /** The message with its proof (`buildMessageProof`). */
  proof: MessageProof;
}

export interface ExecuteMessageReturnType {
  hash: Hex;
  /** False when the receiver refused: the failure is recorded and the message stays retryable. */
  delivered: boolean;
  /** The receiver's revert data when not delivered. */
  reason?: Hex;
}

/** Executes a proven message on its destination chain (anyone may; it runs at most once). */
export async function executeMessage(
  client: SigningClient,
  parameters: ExecuteMessageParameters,
): Promise<ExecuteMessageReturnType> {
  const inbox = toEvmAddress(parameters.inbox);
  const { message, root, proof } = parameters.proof;
  const executed = await readContract(client, {
    address: inbox,
    abi: inboxAbi,
    functionName: "isExecuted",
    args: [message.sourceChainId, message.nonce],
  });
  if (executed) {
    throw new AlreadyExecutedError(`Message ${message.nonce} of chain ${message.sourceChainId} was executed already`);
  }
  const hash = await writeContract(client, {
    account: client.account,
    chain: client.chain,
    address: inbox,
    abi: inboxAbi,
    functionName: "execute",
    args: [message, root, proof],
  });
  const receipt = await confirm(client, hash);
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== inbox.toLowerCase()) continue;
    const event = decodeEventLog({ abi: inboxAbi, data: log.data, topics: log.topics, strict: false });
    if (event.eventName === "MessageExecuted") return { hash, delivered: true };
    if (event.eventName === "MessageFailed") return { hash, delivered: false, reason: event.args.reason as Hex };
  }
  return { hash, delivered: false };
}

export interface ExitParameters extends Omit<BuildMessageProofParameters, "inbox"> {
  /** The Inbox on the root chain (the client's chain). */
  inbox: AnyAddress;
}

/**
 * Completes a withdrawal on its root chain: builds the proof from the BTTC Outbox logs and
 * executes the message. Throws `ExecutionFailedError` when the RootBridge refused it (e.g. paused);
 * the exit can be retried later.
 */
export async function exit(
  client: SigningClient,
  childClient: Client,
  parameters: ExitParameters,
): Promise<ExecuteMessageReturnType> {
  const proof = await buildMessageProof(childClient, client, parameters);
  const result = await executeMessage(client, { inbox: parameters.inbox, proof });
  if (!result.delivered) {
    throw new ExecutionFailedError(`The root bridge refused withdrawal ${parameters.message.nonce}`, {
      details: { hash: result.hash, reason: result.reason ?? "0x" },
      hints: ["The exit is still pending and can be retried once the cause (pause, mapping) is resolved"],
    });
  }
  return result;
}
