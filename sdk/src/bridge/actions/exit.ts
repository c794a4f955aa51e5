import type { Client, Hex } from "viem";

import { InvalidArgumentError } from "../../errors.ts";
import { ExecutionFailedError } from "../errors.ts";
import type { AnyAddress } from "../types.ts";
import { buildMessageProof, type BuildMessageProofParameters } from "./buildMessageProof.ts";
import { executeMessage, type ExecuteMessageReturnType } from "./executeMessage.ts";
import type { SigningClient } from "./shared.ts";

export interface ExitParameters extends Omit<BuildMessageProofParameters, "inbox"> {
  /** The Inbox on the root chain (the client's chain). */
  inbox: AnyAddress;
  /** A client on BTTC, to read the Outbox logs the proof is built from (or pass it as the second argument). */
  childClient?: Client;
  /** Called at each stage, so a UI can show pending states. */
  onProgress?: (progress: ExitProgress) => void;
}

/** The stages of an exit, in order. */
export type ExitProgress = { stage: "proof-built"; root: Hex } | { stage: "executed"; hash: Hex; delivered: boolean };
export type ExitReturnType = ExecuteMessageReturnType;

/**
 * Completes a withdrawal on its root chain: builds the proof from the BTTC Outbox logs and
 * executes the message. Throws `ExecutionFailedError` when the RootBridge refused it (e.g. paused);
 * the exit can be retried later.
 */
export async function exit(
  client: SigningClient,
  parameters: ExitParameters & { childClient: Client },
): Promise<ExitReturnType>;
/** The same with the BTTC client as its own argument (the earlier form). */
export async function exit(
  client: SigningClient,
  childClient: Client,
  parameters: ExitParameters,
): Promise<ExitReturnType>;
export async function exit(
  client: SigningClient,
  second: Client | (ExitParameters & { childClient: Client }),
  third?: ExitParameters,
): Promise<ExitReturnType> {
  const parameters = third ?? (second as ExitParameters & { childClient: Client });
  const childClient = third === undefined ? parameters.childClient : (second as Client);
  if (childClient === undefined) {
    throw new InvalidArgumentError("exit needs `childClient`, a client on BTTC to read the withdrawal's proof from", {
      hints: ["Pass `childClient: createPublicClient({ chain: bttc, transport })`"],
    });
  }
  const proof = await buildMessageProof(childClient, client, parameters);
  parameters.onProgress?.({ stage: "proof-built", root: proof.root });
  const result = await executeMessage(client, { inbox: parameters.inbox, proof });
  parameters.onProgress?.({ stage: "executed", hash: result.hash, delivered: result.delivered });
  if (!result.delivered) {
    throw new ExecutionFailedError(`The root bridge refused withdrawal ${parameters.message.nonce}`, {
      details: { hash: result.hash, reason: result.reason ?? "0x" },
      hints: ["The exit is still pending and can be retried once the cause (pause, mapping) is resolved"],
    });
  }
  return result;
}
