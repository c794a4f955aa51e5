/**
 * The signature store and double-sign guard. Every signature is written (synchronous, fsynced
 * SQLite transaction) before it leaves the signer. Records live in `duty_records` under duty
 * `signer`, one per (signer key, slot), state `signed`:
 *
 * - checkpoint slot: (sourceChainId, destChainId, destContract, startBlock, endBlock), the tuple
 *   of the slashing rule (DESIGN section 4). Its content is (blockRoot, messageRoot, messageCount):
 *   a second checkpoint of the same slot with other content is refused, whatever it is; the same
 *   content under another epoch (the set rotated meanwhile) is not a conflict and is signed.
 * - rotation slot: (destChainId, destContract, epoch, newEpoch) with content (newSetHash,
 *   newTotalPower): one set per epoch transition.
 *
 * The slot's content is claimed (`reserve`) before any key signs, local or remote.
 *
 * A second index under duty `signature` maps each digest to its message and signatures (GET).
 */
import type { Address, Hex } from "viem";

import type { Checkpoint, ValidatorSetRotation } from "@btt-network/sdk/messages";
import type { Store } from "../../store/Store.ts";
import { toJson, type SignedBy } from "../../consensus/codec.ts";
import { ProposalRefused } from "../../consensus/expected.ts";
import type { MessageSigner, SignedKind, SignedMessage } from "./messageSigner.ts";

export const SIGNER_DUTY = "signer";
export const DIGEST_INDEX = "signature";

interface SlotData {
  readonly kind: "checkpoint" | "rotation";
  readonly content: string;
  /** Signatures of this slot's content, by epoch (checkpoints) or "0" (rotations). */
  readonly byEpoch: Record<string, { digest: Hex; signature: Hex }>;
}

export interface DigestData {
  readonly kind: "checkpoint" | "rotation";
  readonly message: Record<string, unknown>;
  readonly signatures: Record<string, Hex>;
}

export function checkpointSlot(c: Checkpoint): { slot: string; content: string; epoch: string } {
  return {
    slot: `checkpoint:${c.sourceChainId}:${c.destChainId}:${c.destContract.toLowerCase()}:${c.startBlock}:${c.endBlock}`,
    content: `${c.blockRoot.toLowerCase()}:${c.messageRoot.toLowerCase()}:${c.messageCount}`,
    epoch: c.epoch.toString(),
  };
}

export function rotationSlot(r: ValidatorSetRotation): { slot: string; content: string; epoch: string } {
  return {
    slot: `rotation:${r.destChainId}:${r.destContract.toLowerCase()}:${r.epoch}:${r.newEpoch}`,
    content: `${r.newSetHash.toLowerCase()}:${r.newTotalPower}`,
    epoch: "0",
  };
}

export class SignatureGuard {
  private readonly store: Store;

  constructor(store: Store) {
    this.store = store;
  }

  /**
   * The signature already stored for this signer and message, if any; throws `ProposalRefused`
   * ("conflict") when the signer signed other content for the same slot.
   */
  async stored(
    signer: Address,
    kind: SlotData["kind"],
    slot: { slot: string; content: string; epoch: string },
  ): Promise<Hex | undefined> {
    const record = await this.store.getRecord<string, SlotData>(SIGNER_DUTY, `${signer.toLowerCase()}:${slot.slot}`);
    if (record === undefined) return undefined;
    if (record.data.kind !== kind || record.data.content !== slot.content)
      throw new ProposalRefused(
        "conflict",
        `${signer} already signed other content for ${slot.slot}: signing this would be a double sign`,
      );
    return record.data.byEpoch[slot.epoch]?.signature;
  }

  /**
   * Claims the slot's content for this signer before anything signs (one immediate transaction):
   * throws `ProposalRefused` ("conflict") when the slot holds other content, returns the stored
   * signature when there is one. A claimed slot stays claimed even if signing then fails: a
   * remote signer that timed out may still have signed, so other content is never asked for.
   */
  async reserve(
    signer: Address,
    kind: SlotData["kind"],
    slot: { slot: string; content: string; epoch: string },
  ): Promise<Hex | undefined> {
    const store = this.store;
    const id = `${signer.toLowerCase()}:${slot.slot}`;
    return await store.atomically(
      async (): Promise<Hex | undefined> => {
        const existing = await this.stored(signer, kind, slot);
        if (existing === undefined && (await store.getRecord(SIGNER_DUTY, id)) === undefined)
          await store.insertRecord(SIGNER_DUTY, id, "signed", {
            kind,
            content: slot.content,
            byEpoch: {},
          } satisfies SlotData);
        return existing;
      },
      { immediate: true },
    );
  }

  /**
   * Persists a fresh signature unless the slot holds other content (refused) or already holds a
   * signature for this message (returned instead). One immediate SQLite transaction.
   */
  async persist(
    signer: Address,
    kind: SlotData["kind"],
    slot: { slot: string; content: string; epoch: string },
    digest: Hex,
    message: Checkpoint | ValidatorSetRotation,
    signature: Hex,
  ): Promise<Hex> {
    const store = this.store;
    const id = `${signer.toLowerCase()}:${slot.slot}`;
    return await store.atomically(
      async (): Promise<Hex> => {
        const existing = await this.stored(signer, kind, slot);
        if (existing !== undefined) return existing;
        const record = await store.getRecord<string, SlotData>(SIGNER_DUTY, id);
        const data: SlotData = {
          kind,
          content: slot.content,
          byEpoch: { ...(record?.data.byEpoch ?? {}), [slot.epoch]: { digest, signature } },
        };
        if (record === undefined) await store.insertRecord(SIGNER_DUTY, id, "signed", data);
        else await store.setRecordState(SIGNER_DUTY, id, "signed", "signed", data, null);
        const index = await store.getRecord<string, DigestData>(DIGEST_INDEX, digest);
        const indexed: DigestData = {
          kind,
          message: toJson(message),
          signatures: { ...(index?.data.signatures ?? {}), [signer]: signature },
        };
        if (index === undefined) await store.insertRecord(DIGEST_INDEX, digest, "signed", indexed);
        else await store.setRecordState(DIGEST_INDEX, digest, "signed", "signed", indexed, null);
        return signature;
      },
      { immediate: true },
    );
  }

  /**
   * The signer's signature of `message`: the stored one, or a fresh one from `signer` (local key or
   * remote signer), checked and persisted before it is returned. The slot is claimed first, so a
   * conflicting message never reaches the signer.
   */
  async signOnce(
    signer: MessageSigner,
    kind: SlotData["kind"],
    slot: { slot: string; content: string; epoch: string },
    digest: Hex,
    typedKind: SignedKind,
    message: SignedMessage,
  ): Promise<Hex> {
    return (
      (await this.reserve(signer.address, kind, slot)) ??
      (await this.persist(signer.address, kind, slot, digest, message, await signer.sign(typedKind, message)))
    );
  }

  async byDigest(digest: Hex): Promise<DigestData | undefined> {
    return (await this.store.getRecord<string, DigestData>(DIGEST_INDEX, digest.toLowerCase()))?.data;
  }

  static list(data: DigestData): SignedBy[] {
    return Object.entries(data.signatures).map(([signer, signature]) => ({ signer: signer as Address, signature }));
  }
}
