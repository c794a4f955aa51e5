/**
 * The validator signer: checks a proposed checkpoint or rotation against this relayer's own nodes
 * (sources only to their confirmation depth) and signs it with every validator key it holds, in
 * this process or in a remote signer (messageSigner.ts), through the double-sign guard (the slot is
 * claimed before any key signs; a signature is checked and stored before it is returned). Used in-process by
 * this relayer's submitters and over HTTP by other relayers'.
 */
import type { Address } from "viem";

import { hashMessage, type Checkpoint, type ValidatorSetRotation } from "@btt-network/sdk/messages";
import type { ResolvedKey } from "../../config/keys.ts";
import { RemoteSignerError } from "../../errors.ts";
import type { Logger } from "../../observability/log.ts";
import type { SignedBy } from "../../consensus/codec.ts";
import { expectedCheckpoint, expectedRotation, ProposalRefused } from "../../consensus/expected.ts";
import type { BridgeReads } from "../../consensus/reads.ts";
import { checkpointSlot, rotationSlot, SignatureGuard } from "./guard.ts";
import { messageSignerFor, type MessageSigner } from "./messageSigner.ts";
import type { SignerMetrics } from "./metrics.ts";

const checkpointFields = [
  "sourceChainId",
  "destChainId",
  "destContract",
  "epoch",
  "startBlock",
  "endBlock",
  "blockRoot",
  "messageRoot",
  "messageCount",
] as const;
const rotationFields = ["destChainId", "destContract", "epoch", "newEpoch", "newSetHash", "newTotalPower"] as const;

export class Signer {
  readonly guard: SignatureGuard;
  private readonly reads: BridgeReads;
  private readonly signers: readonly MessageSigner[];
  private readonly log: Logger;
  private readonly metrics: SignerMetrics;

  constructor(options: {
    reads: BridgeReads;
    keys: readonly ResolvedKey[];
    guard: SignatureGuard;
    log: Logger;
    metrics: SignerMetrics;
  }) {
    this.reads = options.reads;
    this.signers = options.keys.map(messageSignerFor);
    this.guard = options.guard;
    this.log = options.log.child({ component: "signer" });
    this.metrics = options.metrics;
  }

  get addresses(): Address[] {
    return this.signers.map((a) => a.address);
  }

  /** Signs `proposal` with every key held, if it is exactly the checkpoint this relayer's nodes show. */
  async signCheckpoint(proposal: Checkpoint): Promise<SignedBy[]> {
    return this.outcome("checkpoint", async () => {
      const source = this.reads.chainNamed(proposal.sourceChainId);
      const dest = this.reads.chainNamed(proposal.destChainId);
      if (source === undefined || dest === undefined || source === dest)
        throw new ProposalRefused(
          "unknown-chain",
          `stream ${proposal.sourceChainId} -> ${proposal.destChainId} is not one this signer watches`,
        );
      const slot = checkpointSlot(proposal);
      // Answer a repeated request from the store (no chain reads), and refuse conflicts before any work.
      const stored = await this.storedAll("checkpoint", slot);
      if (stored !== undefined) return stored;
      const expected = await expectedCheckpoint(this.reads, { source, dest }, proposal.startBlock, proposal.endBlock);
      mustEqual(checkpointFields, proposal, expected);
      return this.signAll("Checkpoint", proposal, slot);
    });
  }

  /** Signs `proposal` with every key held, if it hands the verifier to the home's confirmed set. */
  async signRotation(proposal: ValidatorSetRotation): Promise<SignedBy[]> {
    return this.outcome("rotation", async () => {
      const dest = this.reads.chainNamed(proposal.destChainId);
      if (dest === undefined)
        throw new ProposalRefused("unknown-chain", `chain ${proposal.destChainId} is not one this signer watches`);
      const slot = rotationSlot(proposal);
      const stored = await this.storedAll("rotation", slot);
      if (stored !== undefined) return stored;
      const expected = await expectedRotation(this.reads, dest);
      mustEqual(rotationFields, proposal, expected);
      return this.signAll("ValidatorSetRotation", proposal, slot);
    });
  }

  /** Every key's stored signature of this exact message, or undefined if one is missing; throws on a conflict. */
  private async storedAll(
    kind: "checkpoint" | "rotation",
    slot: ReturnType<typeof checkpointSlot>,
  ): Promise<SignedBy[] | undefined> {
    const out: SignedBy[] = [];
    for (const account of this.signers) {
      const signature = await this.guard.stored(account.address, kind, slot);
      if (signature === undefined) return undefined;
      out.push({ signer: account.address, signature });
    }
    return out;
  }

  private async signAll<K extends "Checkpoint" | "ValidatorSetRotation">(
    kind: K,
    message: K extends "Checkpoint" ? Checkpoint : ValidatorSetRotation,
    slot: ReturnType<typeof checkpointSlot>,
  ): Promise<SignedBy[]> {
    const digest = hashMessage(kind, message as never);
    const short = kind === "Checkpoint" ? "checkpoint" : "rotation";
    const out: SignedBy[] = [];
    for (const account of this.signers) {
      const signature = await this.guard.signOnce(account, short, slot, digest, kind, message);
      out.push({ signer: account.address, signature });
    }
    this.metrics.signed.inc({ kind: short }, out.length);
    this.log.info({ kind: short, slot: slot.slot, digest, keys: out.length }, "signed");
    return out;
  }

  private async outcome(kind: string, run: () => Promise<SignedBy[]>): Promise<SignedBy[]> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof ProposalRefused) {
        this.metrics.refused.inc({ kind, reason: error.code });
        this.log[error.code === "conflict" ? "warn" : "debug"](
          { kind, reason: error.code, err: error.message },
          "proposal refused",
        );
      }
      if (error instanceof RemoteSignerError) {
        this.metrics.refused.inc({ kind, reason: `remote-${error.reason}` });
        this.log.warn(
          { kind, reason: error.reason, err: error.shortMessage },
          "remote signer failed; nothing signed was stored or returned",
        );
      }
      throw error;
    }
  }
}

function mustEqual<T extends object>(fields: readonly (keyof T)[], proposal: T, expected: T): void {
  for (const field of fields) {
    const a = proposal[field];
    const b = expected[field];
    const same = typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b;
    // The refusal names the field, never the value this validator expected: an API caller must not learn a root it could then get signed.
    if (!same)
      throw new ProposalRefused("mismatch", `${String(field)} ${String(a)} is not what this validator's nodes show`);
  }
}
