import { decodeEventLog, getAbiItem, toEventSelector, type Address, type Client, type Hex, type Log } from "viem";
import { getBlockNumber, getChainId, getLogs } from "viem/actions";

import { InvalidArgumentError } from "../errors.ts";
import { outboxAbi } from "./abi.ts";
import { toEvmAddress } from "../tron/index.ts";
import type { AnyAddress, OutboxMessage } from "./types.ts";

const messageSent = getAbiItem({ abi: outboxAbi, name: "MessageSent" });

/**
 * Largest block range per `eth_getLogs` request by default: public RPCs refuse wider ranges (BNB
 * Chain's and BTTC's public endpoints cap at about 5,000 blocks; others lower their limits under load).
 */
export const DEFAULT_LOG_BLOCK_RANGE = 5_000n;
const messageSentTopic = toEventSelector(messageSent);

export interface GetOutboxMessagesParameters {
  /** The Outbox on the client's chain (hex or TRON base58). */
  outbox: AnyAddress;
  /** Destination chain of the stream. */
  destChainId: bigint;
  /**
   * First block to search (the Outbox's creation block, from the deployment manifest, is best).
   * Default: 0, or, when `count` is given, none: the search pages backwards from `toBlock` and
   * stops as soon as messages `[0, count)` are all found, never below the first message.
   */
  fromBlock?: bigint;
  /** Last block to search. Default: latest. */
  toBlock?: bigint;
  /** Largest block range per `eth_getLogs` request (public RPCs limit it). Default `DEFAULT_LOG_BLOCK_RANGE`. */
  maxBlockRange?: bigint;
  /** Stop once the messages `[0, count)` are all found. */
  count?: bigint;
}

/**
 * The messages of one Outbox stream, in nonce order, read from `MessageSent` logs filtered by
 * contract and destination topic: one `eth_getLogs` per block range, never whole blocks or receipts.
 */
export async function getOutboxMessages(
  client: Client,
  parameters: GetOutboxMessagesParameters,
): Promise<OutboxMessage[]> {
  const outbox = toEvmAddress(parameters.outbox);
  const sourceChainId = BigInt(await getChainId(client));
  const toBlock = parameters.toBlock ?? (await latestBlock(client));
  const range = parameters.maxBlockRange ?? DEFAULT_LOG_BLOCK_RANGE;
  if (range <= 0n) throw new InvalidArgumentError("maxBlockRange must be positive");
  const { count } = parameters;
  const backwards = parameters.fromBlock === undefined && count !== undefined;
  const fromBlock = parameters.fromBlock ?? 0n;

  const found = new Map<bigint, OutboxMessage>();
  let wanted = 0n; // distinct nonces below `count` found so far
  const complete = () => count !== undefined && wanted >= count;
  const page = async (start: bigint, end: bigint) => {
    const logs = await getLogs(client, {
      address: outbox,
      event: messageSent,
      args: { destChainId: parameters.destChainId },
      fromBlock: start,
      toBlock: end,
      strict: true,
    });
    for (const log of logs) {
      const message = toMessage(sourceChainId, log.args);
      if (count !== undefined && message.nonce < count && !found.has(message.nonce)) wanted += 1n;
      found.set(message.nonce, message);
    }
  };
  if (backwards) {
    // Newest first: the pages end at the first message, whatever block the Outbox was created in.
    if (count === 0n) return [];
    for (let end = toBlock; end >= 0n;) {
      const start = end - range + 1n < 0n ? 0n : end - range + 1n;
      await page(start, end);
      if (complete()) break;
      end = start - 1n;
    }
  } else {
    for (let start = fromBlock; start <= toBlock;) {
      const end = start + range - 1n > toBlock ? toBlock : start + range - 1n;
      await page(start, end);
      if (complete()) break;
      start = end + 1n;
    }
  }
  return [...found.values()].sort((a, b) => (a.nonce < b.nonce ? -1 : a.nonce > b.nonce ? 1 : 0));
}

async function latestBlock(client: Client): Promise<bigint> {
  return getBlockNumber(client, { cacheTime: 0 });
}

interface MessageSentArgs {
  destChainId: bigint;
  nonce: bigint;
  sender: Address;
  target: Address;
  payload: Hex;
  leaf: Hex;
}

function toMessage(sourceChainId: bigint, args: MessageSentArgs): OutboxMessage {
  return {
    sourceChainId,
    destChainId: args.destChainId,
    nonce: args.nonce,
    sender: args.sender,
    target: args.target,
    payload: args.payload,
    leaf: args.leaf,
  };
}

/** The Outbox messages emitted in one transaction's logs (from its receipt). */
export function messagesFromLogs(sourceChainId: bigint, outbox: Address, logs: readonly Log[]): OutboxMessage[] {
  const out: OutboxMessage[] = [];
  for (const log of logs) {
    if (log.address.toLowerCase() !== outbox.toLowerCase() || log.topics[0] !== messageSentTopic) continue;
    out.push(decodeMessageSent(sourceChainId, log));
  }
  return out;
}

function decodeMessageSent(sourceChainId: bigint, log: Log): OutboxMessage {
  const decoded = decodeEventLog({ abi: [messageSent], data: log.data, topics: log.topics, strict: true });
  return toMessage(sourceChainId, decoded.args);
}
