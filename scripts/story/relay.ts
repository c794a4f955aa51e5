/**
 * The relayer's part, played by the story until the relayer daemons drive the devnet (issue 9):
 * it collects the validators' signatures over the next checkpoint of a stream, submits it, and
 * executes the checkpointed messages with proofs rebuilt from the source Outbox logs; it carries
 * validator-set rotations and submits the hosts' storage-proof batches. Validators sign with their
 * own keys; the relayer only assembles what they signed.
 *
 * This module is the only place the story relays (the seam for the daemons: checkpoint
 * signer/submitter, message executor, storage-proof submitter). With daemons running, each function
 * becomes a wait for the daemon's transaction and returns the same facts read from the chain.
 */
import { getAddress, keccak256, toHex, zeroAddress, type Address, type Hash } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";

import {
  buildCheckpoint,
  buildMessageProof,
  executeMessage,
  getMessageStatus,
  getOutboxMessages,
  submitCheckpoint,
  type CrossChainMessage,
} from "../../sdk/src/bridge/index.ts";
import type { Checkpoint } from "../../sdk/src/messages/index.ts";
import {
  buildQuorumProof,
  buildRotation,
  getVerifierState,
  rotateValidatorSet,
  signAll,
  signCheckpoint,
  signRotation,
  sortValidatorSet,
  type ValidatorSetMember,
} from "../../sdk/src/staking/index.ts";
import { pokeSeed, proofOutcome, submitProofs, type PeriodProof, type ProofOutcome } from "../../sdk/src/storage/index.ts";
import { cast, type Chain } from "./chains.ts";
import { StoryMismatch } from "./report.ts";

/** One end of a message stream: a chain with its Outbox and Inbox. */
export interface Endpoint {
  readonly chain: Chain;
  readonly inbox: Address;
  readonly outbox: Address;
}

/**
 * The four validators' signer keys (deterministic, so runs are comparable) and every set they
 * formed, by epoch: the genesis set (epoch 0, committed at deployment) and the staked sets.
 */
export class Validators {
  readonly keys: readonly PrivateKeyAccount[];
  readonly #sets = new Map<bigint, ValidatorSetMember[]>();
  /** Signers that do not answer (their validators' power is missing from checkpoints). */
  readonly offline = new Set<Address>();

  constructor(genesisPowers: readonly bigint[]) {
    this.keys = genesisPowers.map((_, i) => privateKeyToAccount(keccak256(toHex(`btt-story validator ${i}`))));
    this.record(0n, this.keys.map((k, i) => ({ signer: k.address, power: genesisPowers[i]! })));
  }

  record(epoch: bigint, members: readonly ValidatorSetMember[]): void {
    this.#sets.set(epoch, sortValidatorSet(members));
  }

  members(epoch: bigint): ValidatorSetMember[] {
    const members = this.#sets.get(epoch);
    if (members === undefined) throw new StoryMismatch(`no validator set known for epoch ${epoch}`);
    return members;
  }

  /** The keys of a set's members (all of them sign: the validators are honest and online). */
  keysOf(members: readonly ValidatorSetMember[]): PrivateKeyAccount[] {
    return members.map((m) => {
      const key = this.keys.find((k) => k.address === getAddress(m.signer));
      if (key === undefined) throw new StoryMismatch(`no key for validator signer ${m.signer}`);
      return key;
    });
  }

  /** The online members' keys, and the power they hold. */
  online(members: readonly ValidatorSetMember[]): { keys: PrivateKeyAccount[]; power: bigint } {
    const up = members.filter((m) => !this.offline.has(getAddress(m.signer)));
    return { keys: this.keysOf(up), power: up.reduce((a, m) => a + m.power, 0n) };
  }

  /** A verifier holding the genesis set (trusted at deployment), for a chain that is not the staking home. */
  async deployGenesisVerifier(chain: Chain): Promise<Address> {
    const genesis = this.members(0n);
    const verifier = await chain.viem.deployContract("ValidatorSet", [zeroAddress, 0n, genesis.map((m) => m.signer), genesis.map((m) => m.power)]);
    return verifier.address;
  }
}

export interface RelayedCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly hash: Hash;
  readonly signers: number;
  readonly members: number;
  readonly signedPower: bigint;
  readonly totalPower: bigint;
}

/**
 * Collects the online validators' signatures over the next checkpoint of from -> to (the
 * destination verifier's current set; more than 2/3 of its power is required) and submits it.
 */
export async function relayCheckpoint(from: Endpoint, to: Endpoint, validators: Validators): Promise<RelayedCheckpoint> {
  const checkpoint = await buildCheckpoint(from.chain.publicClient, to.chain.publicClient, { outbox: from.outbox, inbox: to.inbox });
  const members = validators.members(checkpoint.epoch);
  const online = validators.online(members);
  const signatures = await signAll(online.keys, checkpoint, signCheckpoint);
  const proof = buildQuorumProof({ members, signatures });
  const relayer = to.chain.wallet(cast.relayer);
  const hash = await submitCheckpoint(relayer, { inbox: to.inbox, checkpoint, proof });
  await to.chain.mined(hash, `submitCheckpoint (${online.keys.length} of ${members.length} signatures)`);
  const totalPower = members.reduce((a, m) => a + m.power, 0n);
  return { checkpoint, hash, signers: online.keys.length, members: members.length, signedPower: online.power, totalPower };
}

/** "3 of 4 validators, 9500 of 11500 power" */
export function describeQuorum(r: RelayedCheckpoint): string {
  return `${r.signers} of ${r.members} validators, ${r.signedPower} of ${r.totalPower} power`;
}

/** Executes `message` on its destination with a proof from the source Outbox logs; fails the story unless delivered. */
export async function deliver(from: Endpoint, to: Endpoint, message: CrossChainMessage, action = "execute message"): Promise<Hash> {
  const proof = await buildMessageProof(from.chain.publicClient, to.chain.publicClient, { outbox: from.outbox, inbox: to.inbox, message });
  const result = await executeMessage(to.chain.wallet(cast.relayer), { inbox: to.inbox, proof });
  await to.chain.mined(result.hash, action);
  if (!result.delivered) throw new StoryMismatch(`message ${message.nonce} from chain ${message.sourceChainId} was not delivered on ${to.chain.label} (reason ${result.reason ?? "?"})`);
  return result.hash;
}

/** Executes every checkpointed message of from -> to not yet executed; returns how many. */
export async function deliverAll(from: Endpoint, to: Endpoint, action = "execute message"): Promise<number> {
  const messages = await getOutboxMessages(from.chain.publicClient, { outbox: from.outbox, destChainId: to.chain.chainId });
  let delivered = 0;
  for (const message of messages) {
    const status = await getMessageStatus(to.chain.publicClient, { inbox: to.inbox, message });
    if (status === "executed") continue;
    if (status === "waiting-for-checkpoint") throw new StoryMismatch(`message ${message.nonce} to ${to.chain.label} is not checkpointed yet`);
    await deliver(from, to, message, action);
    delivered++;
  }
  return delivered;
}

/**
 * Carries the set of `epoch` onto a chain's verifier: a rotation signed by the set the verifier
 * holds now (all its members sign), submitted by the relayer.
 */
export async function relayRotation(target: { chain: Chain; verifier: Address }, validators: Validators, epoch: bigint): Promise<void> {
  const { chain, verifier } = target;
  const state = await getVerifierState(chain.publicClient, { validatorSet: verifier });
  const current = validators.members(state.epoch);
  const newMembers = validators.members(epoch);
  const rotation = buildRotation({ destChainId: chain.chainId, destContract: verifier, epoch: state.epoch, newEpoch: epoch, newMembers });
  const proof = buildQuorumProof({ members: current, signatures: await signAll(validators.keysOf(current), rotation, signRotation) });
  await chain.mined(rotateValidatorSet(chain.wallet(cast.relayer), { validatorSet: verifier, rotation, newMembers, proof }), "rotateValidatorSet");
}

/**
 * One storage period: the relayer pokes the seed of the period's first epoch, gathers the hosts'
 * proofs against it (`gather`: the hosts' endpoint), and submits them in one batch.
 */
export async function relayPeriodProofs(bttc: Chain, market: Address, seedEpoch: bigint, gather: () => Promise<readonly PeriodProof[]>): Promise<ProofOutcome> {
  const relayer = bttc.wallet(cast.relayer);
  await bttc.mined(pokeSeed(relayer, { market, epoch: seedEpoch }));
  const proofs = await gather();
  const [hash] = await submitProofs(relayer, { market, proofs });
  if (hash === undefined) throw new Error("no proof batch was sent");
  return proofOutcome(await bttc.mined(hash, `submitProofs (${proofs.length} deals)`), proofs);
}
