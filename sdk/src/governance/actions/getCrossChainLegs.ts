import { getAddress, parseEventLogs, type Client, type Hash } from "viem";
import { getChainId, getTransactionReceipt } from "viem/actions";

import { outboxAbi } from "../../bridge/abi.ts";
import { getMessageStatus } from "../../bridge/actions/getMessageStatus.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";
import type { CrossChainLeg } from "../types.ts";

/** A destination chain: a client of it and its Inbox. */
export interface LegDestination {
  client: Client;
  inbox: AnyAddress;
}

export interface GetCrossChainLegsParameters {
  /** The transaction that executed the proposal on the home. */
  hash: Hash;
  /** The home Outbox and timelock (a leg is a message the timelock sent through the Outbox). */
  outbox: AnyAddress;
  timelock: AnyAddress;
  /** Destination chains by id; a leg to a chain not listed reads `waiting-for-checkpoint`. */
  destinations: Readonly<Record<string, LegDestination>>;
}

export type GetCrossChainLegsReturnType = CrossChainLeg[];

/**
 * The cross-chain legs of an executed proposal and where each stands on its destination
 * (`waiting-for-checkpoint`, `ready-to-execute`, `failed` (retryable), `executed`).
 */
export async function getCrossChainLegs(
  homeClient: Client,
  parameters: GetCrossChainLegsParameters,
): Promise<GetCrossChainLegsReturnType> {
  const receipt = await getTransactionReceipt(homeClient, { hash: parameters.hash });
  const outbox = toEvmAddress(parameters.outbox);
  const timelock = toEvmAddress(parameters.timelock);
  const sourceChainId = BigInt(await getChainId(homeClient));
  const logs = parseEventLogs({ abi: outboxAbi, eventName: "MessageSent", logs: receipt.logs }).filter(
    (log) => getAddress(log.address) === outbox && getAddress(log.args.sender) === timelock,
  );
  const legs: CrossChainLeg[] = [];
  for (const log of logs) {
    const { destChainId, nonce, target, payload } = log.args;
    const destination = parameters.destinations[destChainId.toString()];
    const status =
      destination === undefined
        ? "waiting-for-checkpoint"
        : await getMessageStatus(destination.client, {
            inbox: destination.inbox,
            message: { sourceChainId, destChainId, nonce },
          });
    legs.push({ destChainId, nonce, receiver: getAddress(target), payload, status });
  }
  return legs;
}
