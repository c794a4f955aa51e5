import { getAbiItem, type Address, type Client } from "viem";
import { getBlock, getBlockNumber, getChainId, getLogs, readContract } from "viem/actions";

import { explainFailure } from "../../contract.ts";
import { InvalidArgumentError, WrongChainError } from "../../errors.ts";
import { toEvmAddress } from "../../tron/index.ts";
import { inboxAbi, outboxAbi, rootBridgeAbi } from "../abi.ts";
import type { AnyAddress } from "../types.ts";
import type { MessageSource } from "./getMessageStatus.ts";

const checkpointAccepted = getAbiItem({ abi: inboxAbi, name: "CheckpointAccepted" });
const messageExecuted = getAbiItem({ abi: inboxAbi, name: "MessageExecuted" });
const filled = getAbiItem({ abi: rootBridgeAbi, name: "Filled" });
const messageSent = getAbiItem({ abi: outboxAbi, name: "MessageSent" });

export interface GetBridgeCadenceParameters {
  /** RootBridge on the client's chain (a root chain). */
  rootBridge: AnyAddress;
  /** BTTC (the withdrawals' source): needed to time recent fills from their withdrawals. */
  source?: MessageSource;
  /** How many recent root-chain blocks to observe. Default 10,000. */
  lookbackBlocks?: bigint;
  /** How many recent BTTC blocks to look for the filled withdrawals in. Default 50,000. */
  sourceLookbackBlocks?: bigint;
  /** How many of the latest checkpoints, executions and fills to take medians of. Default 20. */
  samples?: number;
}

/** A checkpoint of BTTC accepted on the root chain, with its block time. */
export interface ObservedCheckpoint {
  blockNumber: bigint;
  /** Block timestamp, in ms since the epoch. */
  at: number;
  /** Last BTTC block it covers. */
  endBlock: bigint;
  /** Messages BTTC -> this chain covered so far (nonces below it are checkpointed). */
  messageCount: bigint;
}

/** What the root chain shows of its recent bridge traffic from BTTC; every time is a median, in ms. */
export interface BridgeCadence {
  /** Time between consecutive checkpoints of BTTC (absent with fewer than two observed). */
  checkpointIntervalMs?: number;
  /** The latest checkpoint observed. */
  lastCheckpoint?: ObservedCheckpoint;
  /** Time from the checkpoint covering a message to its execution (absent when none executed). */
  executionDelayMs?: number;
  /** Time from a withdrawal's BTTC block to its fill (absent without `source` or without fills). */
  fillDelayMs?: number;
  /** How many of each the medians are based on. */
  samples: { checkpoints: number; executions: number; fills: number };
}

/** The observation plus what getWithdrawalProgress reuses (the checkpoints and a block-time reader). */
export interface CadenceObservation {
  cadence: BridgeCadence;
  childChainId: bigint;
  inbox: Address;
  fromBlock: bigint;
  /** Checkpoints of BTTC in the window, oldest first. */
  checkpoints: ObservedCheckpoint[];
  /** Block timestamp on the root chain (ms), cached. */
  timeOf(blockNumber: bigint): Promise<number>;
}

/** Middle value (the lower of the two middle ones for an even count); undefined when empty. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function blockTimes(client: Client): (blockNumber: bigint) => Promise<number> {
  const cache = new Map<bigint, Promise<number>>();
  return (blockNumber) => {
    let time = cache.get(blockNumber);
    if (time === undefined) {
      time = getBlock(client, { blockNumber }).then((block) => Number(block.timestamp) * 1000);
      cache.set(blockNumber, time);
    }
    return time;
  };
}

function positive(name: string, value: bigint | number | undefined): void {
  if (value === undefined) return;
  const ok = typeof value === "bigint" ? value > 0n : Number.isSafeInteger(value) && value > 0;
  if (!ok) throw new InvalidArgumentError(`${name} must be a positive integer`, { details: { [name]: value } });
}

/** @internal Reads the root chain's recent checkpoints, executions and fills of BTTC's withdrawals. */
export async function observeCadence(
  client: Client,
  parameters: GetBridgeCadenceParameters,
): Promise<CadenceObservation> {
  positive("lookbackBlocks", parameters.lookbackBlocks);
  positive("sourceLookbackBlocks", parameters.sourceLookbackBlocks);
  positive("samples", parameters.samples);
  const bridge = toEvmAddress(parameters.rootBridge);
  const samples = parameters.samples ?? 20;
  let childChainId: bigint;
  let inbox: Address;
  try {
    [childChainId, inbox] = await Promise.all([
      readContract(client, { address: bridge, abi: rootBridgeAbi, functionName: "childChainId" }),
      readContract(client, { address: bridge, abi: rootBridgeAbi, functionName: "inbox" }),
    ]);
  } catch (error) {
    throw await explainFailure(client, bridge, "RootBridge.childChainId", error);
  }
  const { source } = parameters;
  if (source !== undefined) {
    const sourceChain = BigInt(await getChainId(source.client));
    if (sourceChain !== childChainId) {
      throw new WrongChainError(
        `The RootBridge takes withdrawals from chain ${childChainId}, but the source client is on chain ${sourceChain}`,
        { hints: ["Pass a client of BTTC (the withdrawals' source) as source.client"] },
      );
    }
  }
  const latest = await getBlockNumber(client);
  const lookback = parameters.lookbackBlocks ?? 10_000n;
  const fromBlock = latest > lookback ? latest - lookback : 0n;
  const range = { fromBlock, toBlock: latest, strict: true } as const;
  const [checkpointLogs, executedLogs, fillLogs] = await Promise.all([
    getLogs(client, { address: inbox, event: checkpointAccepted, args: { sourceChainId: childChainId }, ...range }),
    getLogs(client, { address: inbox, event: messageExecuted, args: { sourceChainId: childChainId }, ...range }),
    getLogs(client, { address: bridge, event: filled, ...range }),
  ]);
  const timeOf = blockTimes(client);
  const checkpoints = await Promise.all(
    checkpointLogs.map(async (log) => ({
      blockNumber: log.blockNumber,
      at: await timeOf(log.blockNumber),
      endBlock: log.args.endBlock,
      messageCount: log.args.messageCount,
    })),
  );
  const recent = checkpoints.slice(-(samples + 1));
  const intervals = recent.slice(1).map((c, i) => c.at - recent[i]!.at);

  const delays: number[] = [];
  for (const log of executedLogs.slice(-samples)) {
    const covering = checkpoints.find((c) => c.messageCount > log.args.nonce && c.blockNumber <= log.blockNumber);
    if (covering !== undefined) delays.push(Math.max(0, (await timeOf(log.blockNumber)) - covering.at));
  }

  const fillDelays: number[] = [];
  const recentFills = fillLogs.slice(-samples);
  if (source !== undefined && recentFills.length > 0) {
    const destChainId = BigInt(await getChainId(client));
    const head = await getBlockNumber(source.client);
    const sourceLookback = parameters.sourceLookbackBlocks ?? 50_000n;
    const sent = await getLogs(source.client, {
      address: toEvmAddress(source.outbox),
      event: messageSent,
      args: { destChainId, nonce: recentFills.map((log) => log.args.nonce) },
      fromBlock: head > sourceLookback ? head - sourceLookback : 0n,
      toBlock: head,
      strict: true,
    });
    const sentBlock = new Map(sent.map((log) => [log.args.nonce, log.blockNumber]));
    const sourceTimeOf = blockTimes(source.client);
    for (const log of recentFills) {
      const block = sentBlock.get(log.args.nonce);
      if (block === undefined) continue;
      fillDelays.push(Math.max(0, (await timeOf(log.blockNumber)) - (await sourceTimeOf(block))));
    }
  }

  const cadence: BridgeCadence = {
    samples: { checkpoints: recent.length, executions: delays.length, fills: fillDelays.length },
  };
  const interval = median(intervals);
  if (interval !== undefined) cadence.checkpointIntervalMs = interval;
  const last = checkpoints.at(-1);
  if (last !== undefined) cadence.lastCheckpoint = last;
  const execution = median(delays);
  if (execution !== undefined) cadence.executionDelayMs = execution;
  const fill = median(fillDelays);
  if (fill !== undefined) cadence.fillDelayMs = fill;
  return { cadence, childChainId, inbox, fromBlock, checkpoints, timeOf };
}

/**
 * How fast withdrawals from BTTC move on this root chain lately: the checkpoint interval, the
 * delay from a checkpoint to the executions it allows, and (with `source`) the delay from a
 * withdrawal to its fill. Medians over the last `samples` events of the last `lookbackBlocks`
 * blocks; what was not observed is absent. The basis of `getWithdrawalProgress`'s estimates.
 */
export async function getBridgeCadence(client: Client, parameters: GetBridgeCadenceParameters): Promise<BridgeCadence> {
  return (await observeCadence(client, parameters)).cadence;
}
