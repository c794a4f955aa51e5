import { decodeEventLog, type Hex } from "viem";
import { readContract } from "viem/actions";

import { sendContract } from "../../contract.ts";

import { inboxAbi } from "../abi.ts";
import { toEvmAddress } from "../../tron/index.ts";
import { AlreadyExecutedError, bridgeRevert } from "../errors.ts";
import type { AnyAddress, MessageProof } from "../types.ts";
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
  const hash = await sendContract(
    client,
    { address: inbox, abi: inboxAbi, functionName: "execute", args: [message, root, proof] },
    bridgeRevert("Inbox.execute"),
  );
  const receipt = await confirm(client, hash);
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== inbox.toLowerCase()) continue;
    const event = decodeEventLog({ abi: inboxAbi, data: log.data, topics: log.topics, strict: false });
    if (event.eventName === "MessageExecuted") return { hash, delivered: true };
    if (event.eventName === "MessageFailed") return { hash, delivered: false, reason: event.args.reason as Hex };
  }
  return { hash, delivered: false };
}
