/**
 * The relayer's part of the story. The devnet's three relayer daemons (devnet/relayers.ts)
 * do the relaying: they sign and submit checkpoints, carry validator-set rotations, execute
 * deposits and opted-in withdrawals, and batch the hosts' storage proofs. The story only waits for
 * what it expects on chain (`await*`), reports it with its latency, and on a timeout names what did
 * not happen with the tail of the relevant daemon's log. Deployment's token mappings are awaited
 * the same way (the daemons start before them).
 */
import { decodeFunctionData, getAddress, keccak256, toHex, type Address, type Hash, type Hex } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";

import { getMessageStatus, inboxAbi, outboxAbi, type CrossChainMessage } from "@btt-network/sdk/bridge";
import type { Checkpoint } from "@btt-network/sdk/messages";
import { getVerifierState, sortValidatorSet, type ValidatorSetMember } from "@btt-network/sdk/staking";
import { getDeal, storageMarketAbi } from "@btt-network/sdk/storage";
import type { DevnetRelayer, DevnetRelayers } from "../relayers.ts";
import type { Chain } from "./chains.ts";
import { StoryMismatch } from "./report.ts";

/** One end of a message stream: a chain with its Outbox and Inbox. */
export interface Endpoint {
  readonly chain: Chain;
  readonly inbox: Address;
  readonly outbox: Address;
}

/**
 * The four validators' signer keys (deterministic, so runs are comparable) and the genesis set
 * they form (epoch 0, committed at deployment). The relayer daemons hold these keys.
 */
export class Validators {
  /** The signer keys (the devnet's relayer daemons get them through their environment). */
  readonly privateKeys: readonly Hex[];
  readonly keys: readonly PrivateKeyAccount[];
  /** The genesis set, sorted as verifiers hold it. */
  readonly genesis: readonly ValidatorSetMember[];

  constructor(genesisPowers: readonly bigint[]) {
    this.privateKeys = genesisPowers.map((_, i) => keccak256(toHex(`btt-story validator ${i}`)));
    this.keys = this.privateKeys.map((key) => privateKeyToAccount(key));
    this.genesis = sortValidatorSet(this.keys.map((k, i) => ({ signer: k.address, power: genesisPowers[i]! })));
  }
}

// ------------------------------------------------------------------ waiting for the daemons

/** How long the story waits for a daemon's transaction before it fails naming what is missing. */
const RELAY_TIMEOUT_MS = 60_000;
const POLL_MS = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` until it returns a value; on timeout fails the story with `what` and the tail of
 * the logs of `suspects` (the daemons whose duty it was).
 */
async function awaitRelay<T>(
  what: string,
  suspects: readonly DevnetRelayer[],
  check: () => Promise<T | undefined>,
  timeoutMs = RELAY_TIMEOUT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    const dead = suspects.find((d) => d.child.exitCode !== null || d.child.signalCode !== null);
    if (dead !== undefined)
      throw new StoryMismatch(
        `${what}: ${dead.role.name} exited (${dead.child.exitCode ?? dead.child.signalCode}); ${dead.logFile}, last lines:\n${dead.logTail(15)}`,
      );
    if (Date.now() > deadline) {
      const logs = suspects.map((d) => `--- ${d.role.name} (${d.logFile}), last lines:\n${d.logTail(15)}`).join("\n");
      throw new StoryMismatch(`${what}: not seen on chain within ${timeoutMs / 1_000} s\n${logs}`);
    }
    await sleep(POLL_MS);
  }
}

const submitters = (r: DevnetRelayers) => r.daemons.filter((d) => d.role.submits);
const executors = (r: DevnetRelayers) => r.daemons.filter((d) => d.role.executes);

/** How long the daemons took for something the story waited on. */
export interface RelayTiming {
  readonly what: string;
  readonly ms: number;
}

/** A checkpoint a daemon submitted, read back from the destination Inbox and the transaction's quorum proof. */
export interface AwaitedCheckpoint {
  readonly checkpoint: Pick<Checkpoint, "epoch" | "startBlock" | "endBlock" | "messageCount">;
  readonly hash: Hash;
  /** The account that submitted it (a relayer daemon's). */
  readonly submitter: Address;
  /** Validator signers whose signatures the proof carries, and the relayers holding them. */
  readonly signers: readonly Address[];
  readonly holders: readonly string[];
  readonly members: number;
  readonly signedPower: bigint;
  readonly totalPower: bigint;
  /** From `since` (the story's last message on the stream) to the checkpoint seen on chain. */
  readonly latencyMs: number;
}

/** "3 of 4 validators (relayer-a, relayer-b), 9500 of 11500 power" */
export function describeQuorum(c: AwaitedCheckpoint): string {
  return `${c.signers.length} of ${c.members} validators (held by ${c.holders.join(", ")}), ${c.signedPower} of ${c.totalPower} power`;
}

/** The quorum proof of a `submitCheckpoint` transaction: who signed, with how much power. */
async function quorumOf(chain: Chain, hash: Hash, relayers: DevnetRelayers) {
  const tx = await chain.publicClient.getTransaction({ hash });
  const call = decodeFunctionData({ abi: inboxAbi, data: tx.input });
  if (call.functionName !== "submitCheckpoint")
    throw new StoryMismatch(`${hash} on ${chain.label} is not a submitCheckpoint call`);
  const proof = call.args[1];
  const signed = proof.signers.flatMap((signer, i) =>
    (proof.signedBitmap >> BigInt(i)) & 1n ? [{ signer: getAddress(signer), power: proof.powers[i]! }] : [],
  );
  const holders = [
    ...new Set(signed.map((s) => relayers.holderOf(s.signer)?.role.name ?? `unknown holder of ${s.signer}`)),
  ].sort();
  return {
    submitter: getAddress(tx.from),
    signers: signed.map((s) => s.signer),
    holders,
    members: proof.signers.length,
    signedPower: signed.reduce((a, s) => a + s.power, 0n),
    totalPower: proof.powers.reduce((a, p) => a + p, 0n),
  };
}

/**
 * Waits until `to`'s Inbox has a checkpoint of `from` covering every message `from`'s Outbox holds
 * for `to` now, and returns the first such checkpoint with its quorum.
 */
export async function awaitCheckpoint(
  from: Endpoint,
  to: Endpoint,
  relayers: DevnetRelayers,
  since = performance.now(),
): Promise<AwaitedCheckpoint> {
  const sourceChainId = from.chain.chainId;
  const target = await from.chain.publicClient.readContract({
    address: from.outbox,
    abi: outboxAbi,
    functionName: "messageCount",
    args: [to.chain.chainId],
  });
  const what = `checkpoint of ${from.chain.label} → ${to.chain.label} covering ${target} messages`;
  const log = await awaitRelay(what, submitters(relayers), async () => {
    const state = await to.chain.publicClient.readContract({
      address: to.inbox,
      abi: inboxAbi,
      functionName: "sourceState",
      args: [sourceChainId],
    });
    if (state.messageCount < target) return undefined;
    const logs = await to.chain.publicClient.getContractEvents({
      address: to.inbox,
      abi: inboxAbi,
      eventName: "CheckpointAccepted",
      args: { sourceChainId },
      fromBlock: 0n,
      strict: true,
    });
    return logs.find((l) => l.args.messageCount >= target);
  });
  const latencyMs = performance.now() - since;
  const { epoch, startBlock, endBlock, messageCount } = log.args;
  return {
    checkpoint: { epoch, startBlock, endBlock, messageCount },
    hash: log.transactionHash,
    ...(await quorumOf(to.chain, log.transactionHash, relayers)),
    latencyMs,
  };
}

/** Waits until every one of `messages` is executed on `to` (by the executor daemon); returns the latency and the executions. */
export async function awaitExecution(
  to: Endpoint,
  messages: readonly CrossChainMessage[],
  relayers: DevnetRelayers,
  since = performance.now(),
): Promise<{ latencyMs: number; hashes: Hash[] }> {
  const what = `execution of ${messages.length} message(s) on ${to.chain.label} (nonces ${messages.map((m) => `${m.sourceChainId}:${m.nonce}`).join(", ")})`;
  await awaitRelay(what, executors(relayers), async () => {
    const statuses = await Promise.all(
      messages.map((message) => getMessageStatus(to.chain.publicClient, { inbox: to.inbox, message })),
    );
    return statuses.every((s) => s === "executed") ? true : undefined;
  });
  const latencyMs = performance.now() - since;
  const hashes: Hash[] = [];
  for (const m of messages) {
    const logs = await to.chain.publicClient.getContractEvents({
      address: to.inbox,
      abi: inboxAbi,
      eventName: "MessageExecuted",
      args: { sourceChainId: m.sourceChainId, nonce: m.nonce },
      fromBlock: 0n,
      strict: true,
    });
    if (logs.length !== 1)
      throw new StoryMismatch(
        `message ${m.sourceChainId}:${m.nonce} executed ${logs.length} times on ${to.chain.label}`,
      );
    hashes.push(logs[0]!.transactionHash);
  }
  return { latencyMs, hashes };
}

/** Waits until a chain's verifier holds the set of `epoch` (a rotation, or the home's sync); returns the latency. */
export async function awaitRotation(
  target: { chain: Chain; verifier: Address },
  epoch: bigint,
  relayers: DevnetRelayers,
  since = performance.now(),
): Promise<number> {
  const what = `${target.chain.label}'s verifier at epoch ${epoch}`;
  await awaitRelay(what, submitters(relayers), async () =>
    (await getVerifierState(target.chain.publicClient, { validatorSet: target.verifier })).epoch >= epoch
      ? true
      : undefined,
  );
  return performance.now() - since;
}

/**
 * Waits until every deal of `ids` has `period` settled as proven (the storage-proof daemon batches
 * the proofs the hosts wrote); returns the latency and the batches (ProofsSubmitted since `fromBlock`).
 */
export async function awaitProofs(
  bttc: Chain,
  market: Address,
  ids: readonly Hex[],
  period: bigint,
  relayers: DevnetRelayers,
  fromBlock: bigint,
  since = performance.now(),
): Promise<{ latencyMs: number; batches: { hash: Hash; submitter: Address; accepted: bigint }[] }> {
  const what = `proofs of period ${period} for ${ids.length} deals`;
  await awaitRelay(what, executors(relayers), async () => {
    const deals = await Promise.all(ids.map((id) => getDeal(bttc.publicClient, { market, id })));
    const missed = deals.findIndex((d) => d.misses > 0);
    if (missed >= 0) throw new StoryMismatch(`deal ${ids[missed]} missed a period while waiting for ${what}`);
    return deals.every((d) => d.cursor > period) ? true : undefined;
  });
  const latencyMs = performance.now() - since;
  const logs = await bttc.publicClient.getContractEvents({
    address: market,
    abi: storageMarketAbi,
    eventName: "ProofsSubmitted",
    fromBlock,
    strict: true,
  });
  return {
    latencyMs,
    batches: logs.map((l) => ({
      hash: l.transactionHash,
      submitter: getAddress(l.args.submitter),
      accepted: l.args.accepted,
    })),
  };
}
