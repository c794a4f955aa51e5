import {
  decodeAbiParameters,
  getAbiItem,
  decodeFunctionData,
  getAddress,
  parseEventLogs,
  type Client,
  type Hash,
  type Hex,
} from "viem";
import { getChainId, getLogs, getTransactionReceipt } from "viem/actions";

import { inboxAbi, outboxAbi } from "../../bridge/abi.ts";
import { getMessageStatus } from "../../bridge/actions/getMessageStatus.ts";
import type { MessageStatus } from "../../bridge/types.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";
import type { CrossChainLeg, ForwardedLeg } from "../types.ts";
import { callTuple } from "../encode.ts";

/** A destination chain: a client of it and its Inbox. */
export interface LegDestination {
  client: Client;
  inbox: AnyAddress;
  /**
   * Its Outbox: needed on a chain that sends hops on (BTTC, for legs to Ethereum and BNB Chain);
   * without it a forwarded hop reads `not-sent`.
   */
  outbox?: AnyAddress;
  /** First block to look for the Inbox's executions in (default: the chain's first block). */
  fromBlock?: bigint;
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
 * (`waiting-for-checkpoint`, `ready-to-execute`, `failed` (retryable), `executed`). A two-hop leg
 * (to Ethereum or BNB Chain through BTTC) lists its second hop in `forwarded`: `not-sent` until the
 * first hop ran on BTTC, then the second message's status on its destination.
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
    const receiver = getAddress(target);
    const destination = parameters.destinations[destChainId.toString()];
    const status = await statusOn(destination, { sourceChainId, destChainId, nonce });
    const forwarded = await forwardedHops(parameters.destinations, destination, {
      sourceChainId,
      destChainId,
      nonce,
      receiver,
      payload,
      executed: status === "executed",
    });
    legs.push({ destChainId, nonce, receiver, payload, status, forwarded });
  }
  return legs;
}

async function statusOn(
  destination: LegDestination | undefined,
  message: { sourceChainId: bigint; destChainId: bigint; nonce: bigint },
): Promise<MessageStatus> {
  if (destination === undefined) return "waiting-for-checkpoint";
  return getMessageStatus(destination.client, { inbox: destination.inbox, message });
}

/** The `Outbox.send` calls in a leg's payload: the hops its receiver sends on when it runs. */
function sendsIn(
  payload: Hex,
): { outbox: `0x${string}`; destChainId: bigint; receiver: `0x${string}`; payload: Hex }[] {
  let calls: readonly { target: `0x${string}`; data: Hex }[];
  try {
    [calls] = decodeAbiParameters(callTuple, payload);
  } catch {
    return [];
  }
  const sends = [];
  for (const call of calls) {
    try {
      const decoded = decodeFunctionData({ abi: outboxAbi, data: call.data });
      if (decoded.functionName !== "send") continue;
      const [destChainId, receiver, next] = decoded.args;
      sends.push({ outbox: getAddress(call.target), destChainId, receiver: getAddress(receiver), payload: next });
    } catch {
      continue;
    }
  }
  return sends;
}

async function forwardedHops(
  destinations: Readonly<Record<string, LegDestination>>,
  relay: LegDestination | undefined,
  leg: {
    sourceChainId: bigint;
    destChainId: bigint;
    nonce: bigint;
    receiver: `0x${string}`;
    payload: Hex;
    executed: boolean;
  },
): Promise<ForwardedLeg[]> {
  const sends = sendsIn(leg.payload);
  if (sends.length === 0) return [];
  const notSent = sends.map((s): ForwardedLeg => ({
    destChainId: s.destChainId,
    nonce: undefined,
    receiver: s.receiver,
    payload: s.payload,
    status: "not-sent",
  }));
  if (!leg.executed || relay === undefined || relay.outbox === undefined) return notSent;
  // The first hop ran on the relay chain: its execution transaction holds the hops it sent on.
  const [execution] = await getLogs(relay.client, {
    address: toEvmAddress(relay.inbox),
    event: getAbiItem({ abi: inboxAbi, name: "MessageExecuted" }),
    args: { sourceChainId: leg.sourceChainId, nonce: leg.nonce },
    fromBlock: relay.fromBlock ?? 0n,
    toBlock: "latest",
  });
  if (execution === undefined || execution.transactionHash === null) return notSent;
  const relayOutbox = toEvmAddress(relay.outbox);
  const receipt = await getTransactionReceipt(relay.client, { hash: execution.transactionHash });
  const sent = parseEventLogs({ abi: outboxAbi, eventName: "MessageSent", logs: receipt.logs }).filter(
    (log) => getAddress(log.address) === relayOutbox && getAddress(log.args.sender) === leg.receiver,
  );
  return Promise.all(
    sends.map(async (s, i): Promise<ForwardedLeg> => {
      const log = sent[i];
      if (log === undefined || s.outbox !== relayOutbox) return notSent[i]!;
      const { destChainId, nonce, target, payload } = log.args;
      const status = await statusOn(destinations[destChainId.toString()], {
        sourceChainId: leg.destChainId,
        destChainId,
        nonce,
      });
      return { destChainId, nonce, receiver: getAddress(target), payload, status };
    }),
  );
}
