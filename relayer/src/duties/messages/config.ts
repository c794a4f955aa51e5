/**
 * Config of the message executor (`duties.messages`): the BTTC chain it writes deposits to
 * (`chain`), the messaging contracts of every chain it relays between (`endpoints`), and which
 * withdrawals it pays the root-chain gas for (`withdrawals`, opt-in only).
 */
import { z } from "zod";

import { address, positiveInt } from "../../config/fields.ts";
import type { dutyBaseSchema } from "../configs.ts";

export const messageEndpointSchema = z.strictObject({
  /** Inbox on this chain (messages to this chain are executed here). */
  inbox: address,
  /** Outbox on this chain (messages from this chain are read from its logs). */
  outbox: address,
  /** The Outbox's deployment block: the first block read, and every leaf below a proof must be seen. */
  fromBlock: z.number().int().nonnegative().default(0),
  /**
   * The bridge on this chain (RootBridge on a root, ChildBridge on BTTC). When set, only messages
   * this bridge sent are executed: the Outbox is open to anyone, and a relayer paying gas for any
   * sender's messages can be drained.
   */
  bridge: address.optional(),
});

export const withdrawalPolicySchema = z.strictObject({
  /** Withdrawals paying out to one of these root-chain recipients are executed. */
  recipients: z.array(address).default([]),
  /** Withdrawals made by one of these BTTC accounts are executed. */
  withdrawers: z.array(address).default([]),
});

/**
 * The schema, built on the shared duty base (passed in by `configs.ts`, which imports this file:
 * a value import back would be a module cycle).
 */
export const messagesConfigSchema = (base: typeof dutyBaseSchema) =>
  base.extend({
    /**
     * Contracts per chain (keys of `chains`). `chain` (the duty's own chain) is BTTC: every message
     * from another endpoint to BTTC is a deposit (always executed); every message from BTTC to
     * another endpoint is a withdrawal (executed for opted-in users only).
     */
    endpoints: z.record(z.string(), messageEndpointSchema),
    withdrawals: withdrawalPolicySchema.default({ recipients: [], withdrawers: [] }),
    /** A message whose receiver refuses it (MessageFailed) is retried at most this many times in total. */
    maxFailedExecutions: z.number().int().min(1).max(20).default(3),
    /** Pause before re-executing a message the receiver refused (doubles with each failure). */
    retryDelayMs: positiveInt.default(30_000),
    /** Largest block range per eth_getLogs on the source chains. */
    maxRange: positiveInt.default(2_000),
  });

export type MessagesConfig = z.output<ReturnType<typeof messagesConfigSchema>>;
export type MessageEndpoint = z.output<typeof messageEndpointSchema>;
