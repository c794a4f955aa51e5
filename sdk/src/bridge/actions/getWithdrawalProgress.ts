import { getAbiItem, type Address, type Client } from "viem";
import { getBlock, getChainId, getLogs, readContract } from "viem/actions";

import { InvalidArgumentError, WrongChainError } from "../../errors.ts";
import { inboxAbi, outboxAbi, rootBridgeAbi } from "../abi.ts";
import { MessageNotFoundError } from "../errors.ts";
import { decodeTransferPayload, WITHDRAW_KIND } from "../payload.ts";
import { toEvmAddress } from "../../tron/index.ts";
import type { AnyAddress, CrossChainMessage } from "../types.ts";
import { observeCadence, type BridgeCadence } from "./getBridgeCadence.ts";
import type { MessageSource } from "./getMessageStatus.ts";

const filledEvent = getAbiItem({ abi: rootBridgeAbi, name: "Filled" });
const messageExecuted = getAbiItem({ abi: inboxAbi, name: "MessageExecuted" });
const messageSent = getAbiItem({ abi: outboxAbi, name: "MessageSent" });
const ZERO: Address = "0x0000000000000000000000000000000000000000";

/**
 * Where a withdrawal's money is, on its root chain:
 * - `sent`: burnt on BTTC; nobody has paid the recipient yet;
 * - `filled`: a relayer paid the recipient (`amount - fastFee - deliveryFee`); not checkpointed yet;
 * - `checkpointed`: covered by a checkpoint; executable (`filled` tells whether the recipient was paid already);
 * - `executed`: the slow path paid the recipient (`amount - deliveryFee`);
 * - `repaid`: executed after a fill: the filler got its funds back.
 */
export type WithdrawalStage = "sent" | "filled" | "checkpointed" | "executed" | "repaid";

/** One stage of a withdrawal's way: when it was reached, or how long it is expected to take. */
export interface StageTime {
  stage: WithdrawalStage;
  reached: boolean;
  /** Reached: its block's timestamp (ms since the epoch), when found within the lookback. */
  at?: number;
  /**
   * Not reached: the expected time left (ms) from the chain's recent cadence; 0 when it is due
   * (overdue); absent when nothing was observed to go by (no recent checkpoints, executions or fills).
   */
  etaMs?: number;
}

export interface WithdrawalProgress {
  stage: WithdrawalStage;
  /** Whether the recipient has been paid (by a filler or by the execution). */
  recipientPaid: boolean;
  /** The filler, when the withdrawal was fronted. */
  filler?: Address;
  /** What the recipient receives (or received): less the fast fee only when filled. */
  recipientAmount: bigint;
  /**
   * The stages in order: `sent`; `filled` for a fast withdrawal that is filled or still fillable
   * (absent when it carries no fast fee or the slow path paid it); `checkpointed`; then `repaid`
   * when filled, else `executed`.
   */
  timeline: StageTime[];
  /** Expected time (ms) until the recipient is paid: 0 once paid; the sooner of the fill and the execution; absent when unknown. */
  recipientPaidInMs?: number;
  /** What the estimates are based on. */
  cadence: BridgeCadence;
}

export interface GetWithdrawalProgressParameters {
  rootBridge: AnyAddress;
  /** The WITHDRAW message as sent on BTTC. */
  message: CrossChainMessage;
  /**
   * BTTC and its Outbox: with it the `sent` time is known, a nonce BTTC never sent is a
   * `MessageNotFoundError`, and fills are timed from their withdrawals (the fill estimate).
   */
  source?: MessageSource;
  /** Root-chain blocks observed for the cadence and the stages' times. Default 10,000. */
  lookbackBlocks?: bigint;
  /** The time the estimates count from, in ms since the epoch. Default `Date.now()`. */
  now?: number;
}

const left = (due: number, now: number) => Math.max(0, due - now);

/**
 * Reads the stage of a withdrawal on its root chain (the client's chain), with the time each
 * stage was reached and an estimate of the time to the others from the chain's observed cadence
 * (`getBridgeCadence`): the next checkpoint is due one checkpoint interval after the last one (or,
 * when that is past, after the withdrawal was sent), the execution one execution delay after its
 * checkpoint, a fill one fill delay after the withdrawal.
 *
 * Throws `InvalidArgumentError` for a message that is not a WITHDRAW to this RootBridge (or bad
 * options), `WrongChainError` when the client is not on the message's destination or the
 * message does not come from the bridge's BTTC, `NoContractError` when `rootBridge` has no code,
 * and with `source`, `MessageNotFoundError` for a nonce BTTC never sent.
 */
export async function getWithdrawalProgress(
  client: Client,
  parameters: GetWithdrawalProgressParameters,
): Promise<WithdrawalProgress> {
  const bridge = toEvmAddress(parameters.rootBridge);
  const { message, source } = parameters;
  const now = parameters.now ?? Date.now();
  if (!Number.isFinite(now) || now < 0) {
    throw new InvalidArgumentError("now must be a time in ms since the epoch", { details: { now } });
  }
  const t = decodeTransferPayload(message.payload);
  if (t.kind !== WITHDRAW_KIND) {
    throw new InvalidArgumentError(`Message ${message.nonce} is a deposit, not a withdrawal`, {
      hints: ["Ask getDepositStatus on BTTC for a deposit"],
    });
  }
  const chainId = BigInt(await getChainId(client));
  if (message.destChainId !== chainId) {
    throw new WrongChainError(
      `The withdrawal goes to chain ${message.destChainId}, but the client is on chain ${chainId}`,
      { hints: ["Pass a client of the withdrawal's root chain"] },
    );
  }
  const observed = await observeCadence(client, {
    rootBridge: bridge,
    ...(source === undefined ? {} : { source }),
    ...(parameters.lookbackBlocks === undefined ? {} : { lookbackBlocks: parameters.lookbackBlocks }),
  });
  const { childChainId, inbox, cadence, fromBlock } = observed;
  if (message.sourceChainId !== childChainId) {
    throw new WrongChainError(
      `The withdrawal comes from chain ${message.sourceChainId}, but this RootBridge takes them from chain ${childChainId}`,
    );
  }
  if (message.target.toLowerCase() !== bridge.toLowerCase()) {
    throw new InvalidArgumentError(`The withdrawal is for ${message.target}, not this RootBridge ${bridge}`, {
      hints: ["Pass the RootBridge the withdrawal names as its target (the chain's deployment manifest)"],
    });
  }

  const fillId = await readContract(client, {
    address: bridge,
    abi: rootBridgeAbi,
    functionName: "fillId",
    args: [message.nonce, t.rootToken, t.to, t.amount, t.fastFee, t.deliveryFee],
  });
  const [filler, executed, state] = await Promise.all([
    readContract(client, { address: bridge, abi: rootBridgeAbi, functionName: "fillerOf", args: [fillId] }),
    readContract(client, {
      address: inbox,
      abi: inboxAbi,
      functionName: "isExecuted",
      args: [message.sourceChainId, message.nonce],
    }),
    readContract(client, { address: inbox, abi: inboxAbi, functionName: "sourceState", args: [message.sourceChainId] }),
  ]);
  const filled = filler !== ZERO;
  const checkpointed = message.nonce < state.messageCount;

  // When each reached stage happened.
  let sentAt: number | undefined;
  if (source !== undefined) {
    const outbox = toEvmAddress(source.outbox);
    const sent = await readContract(source.client, {
      address: outbox,
      abi: outboxAbi,
      functionName: "messageCount",
      args: [chainId],
    });
    if (message.nonce >= sent) {
      throw new MessageNotFoundError(
        `Chain ${childChainId} never sent withdrawal ${message.nonce} to chain ${chainId}`,
        {
          details: { sent },
          hints: ["Take the message from what withdraw returned, or from getMessageFromTransaction"],
        },
      );
    }
    const [log] = await getLogs(source.client, {
      address: outbox,
      event: messageSent,
      args: { destChainId: chainId, nonce: message.nonce },
      fromBlock: 0n,
      strict: true,
    });
    if (log !== undefined)
      sentAt = Number((await getBlock(source.client, { blockNumber: log.blockNumber })).timestamp) * 1000;
  }
  const range = { fromBlock, strict: true } as const;
  const [fillLog] = filled
    ? await getLogs(client, { address: bridge, event: filledEvent, args: { fillId }, ...range })
    : [];
  const [executedLog] = executed
    ? await getLogs(client, {
        address: inbox,
        event: messageExecuted,
        args: { sourceChainId: message.sourceChainId, nonce: message.nonce },
        ...range,
      })
    : [];
  const covering = observed.checkpoints.find((c) => c.messageCount > message.nonce);
  const filledAt = fillLog === undefined ? undefined : await observed.timeOf(fillLog.blockNumber);
  const executedAt = executedLog === undefined ? undefined : await observed.timeOf(executedLog.blockNumber);
  const checkpointedAt = covering?.at;

  // Estimates of the others.
  let checkpointEta: number | undefined;
  if (!checkpointed && cadence.checkpointIntervalMs !== undefined && cadence.lastCheckpoint !== undefined) {
    let due = cadence.lastCheckpoint.at + cadence.checkpointIntervalMs;
    if (due <= now) due = (sentAt ?? now) + cadence.checkpointIntervalMs;
    checkpointEta = left(due, now);
  }
  let executeEta: number | undefined;
  if (!executed && cadence.executionDelayMs !== undefined) {
    if (checkpointed) executeEta = left((checkpointedAt ?? now) + cadence.executionDelayMs, now);
    else if (checkpointEta !== undefined) executeEta = checkpointEta + cadence.executionDelayMs;
  }
  let fillEta: number | undefined;
  if (!filled && !executed && t.fastFee > 0n && cadence.fillDelayMs !== undefined) {
    fillEta = left((sentAt ?? now) + cadence.fillDelayMs, now);
  }

  const stageTime = (stage: WithdrawalStage, reached: boolean, at?: number, eta?: number): StageTime => ({
    stage,
    reached,
    ...(reached ? (at === undefined ? {} : { at }) : eta === undefined ? {} : { etaMs: eta }),
  });
  const timeline: StageTime[] = [stageTime("sent", true, sentAt)];
  if (filled || (t.fastFee > 0n && !executed)) timeline.push(stageTime("filled", filled, filledAt, fillEta));
  timeline.push(stageTime("checkpointed", checkpointed, checkpointedAt, checkpointEta));
  timeline.push(stageTime(filled ? "repaid" : "executed", executed, executedAt, executeEta));

  const recipientPaid = filled || executed;
  const etas = [fillEta, executeEta].filter((eta): eta is number => eta !== undefined);
  const recipientPaidInMs = recipientPaid ? 0 : etas.length > 0 ? Math.min(...etas) : undefined;
  const recipientAmount = t.amount - t.deliveryFee - (filled ? t.fastFee : 0n);
  const stage: WithdrawalStage = executed
    ? filled
      ? "repaid"
      : "executed"
    : checkpointed
      ? "checkpointed"
      : filled
        ? "filled"
        : "sent";
  return {
    stage,
    recipientPaid,
    ...(filled ? { filler } : {}),
    recipientAmount,
    timeline,
    ...(recipientPaidInMs === undefined ? {} : { recipientPaidInMs }),
    cadence,
  };
}
