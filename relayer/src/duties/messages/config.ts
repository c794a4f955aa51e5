/**
 * Config of the message executor (`duties.messages`): the BTTC chain it writes deposits to
 * (`chain`), the messaging contracts of every chain it relays between (`endpoints`), and which
 * withdrawals it pays the root-chain gas for (`withdrawals`, opt-in only).
 */
import type { Address } from "viem";
import { z } from "zod";

import { address, positiveInt } from "../../config/fields.ts";
import { contractFor, type ChainManifests } from "../../config/manifests.ts";
import { dutyBaseSchema } from "../base.ts";

export const messageEndpointSchema = z.strictObject({
  /** Inbox on this chain (messages to this chain are executed here). Default: the chain manifest's. */
  inbox: address.optional(),
  /** Outbox on this chain (messages from this chain are read from its logs). Default: the chain manifest's. */
  outbox: address.optional(),
  /**
   * The Outbox's deployment block: the first block read, and every leaf below a proof must be seen.
   * The manifest's creation block of the same Outbox raises it.
   */
  fromBlock: z.number().int().nonnegative().default(0),
  /**
   * The bridge on this chain (RootBridge on a root, ChildBridge on BTTC). When set, only messages
   * this bridge sent are executed: the Outbox is open to anyone, and a relayer paying gas for any
   * sender's messages can be drained. Default: the manifest's childBridge (on `chain`) or rootBridge.
   */
  bridge: address.optional(),
});

export const withdrawalPolicySchema = z.strictObject({
  /** Withdrawals paying out to one of these root-chain recipients are executed. */
  recipients: z.array(address).default([]),
  /** Withdrawals made by one of these BTTC accounts are executed. */
  withdrawers: z.array(address).default([]),
});

export const messagesConfigSchema = dutyBaseSchema.extend({
  /**
   * Contracts per chain (keys of `chains`). `chain` (the duty's own chain) is BTTC: every message
   * from another endpoint to BTTC is a deposit (always executed); every message from BTTC to
   * another endpoint is a withdrawal (executed for opted-in users only).
   */
  endpoints: z.record(z.string(), messageEndpointSchema).optional(),
  withdrawals: withdrawalPolicySchema.default({ recipients: [], withdrawers: [] }),
  /** A message whose receiver refuses it (MessageFailed) is retried at most this many times in total. */
  maxFailedExecutions: z.number().int().min(1).max(20).default(3),
  /** Pause before re-executing a message the receiver refused (doubles with each failure). */
  retryDelayMs: positiveInt.default(30_000),
  /** Largest block range per eth_getLogs on the source chains. */
  maxRange: positiveInt.default(2_000),
});

/** As configured (contracts may be left to the chains' manifests). */
export type MessagesConfigInput = z.output<typeof messagesConfigSchema>;
/** An endpoint once resolved: Inbox and Outbox always known. */
export type MessageEndpoint = Omit<z.output<typeof messageEndpointSchema>, "inbox" | "outbox"> & {
  readonly inbox: Address;
  readonly outbox: Address;
};
/** As the duty runs it (`resolveMessages`). */
export type MessagesConfig = Omit<MessagesConfigInput, "endpoints"> & {
  readonly endpoints: Readonly<Record<string, MessageEndpoint>>;
};

/**
 * `endpoints` with every gap filled from the chains' manifests: every chain with a manifest plus
 * every configured endpoint (a configured endpoint's fields win over its manifest's); per endpoint the manifest's inbox, outbox and bridge (childBridge on `chain`, BTTC;
 * rootBridge elsewhere) unless configured. An Inbox or Outbox neither gives is a `ConfigError`.
 */
export function resolveMessages(config: MessagesConfigInput, manifests: ChainManifests): MessagesConfig {
  // Configured endpoints are merged over the manifests' (overriding one field of one endpoint keeps every other route).
  const configured: Readonly<Record<string, z.output<typeof messageEndpointSchema>>> = {
    ...Object.fromEntries([...manifests.keys()].map((chain) => [chain, { fromBlock: 0 }])),
    ...config.endpoints,
  };
  const endpoints: Record<string, MessageEndpoint> = {};
  for (const [chain, given] of Object.entries(configured)) {
    const field = (key: string) => `duties.messages.endpoints.${chain}.${key}`;
    const inbox = contractFor(manifests, chain, "inbox", given.inbox, field("inbox"));
    const outbox = contractFor(manifests, chain, "outbox", given.outbox, field("outbox"));
    const bridgeKey = chain === config.chain ? "childBridge" : "rootBridge";
    const bridge = given.bridge ?? manifests.get(chain)?.contracts[bridgeKey]?.address;
    const fromBlock = Math.max(given.fromBlock, Number(outbox.fromBlock));
    endpoints[chain] = {
      inbox: inbox.address,
      outbox: outbox.address,
      fromBlock,
      ...(bridge === undefined ? {} : { bridge }),
    };
  }
  return { ...config, endpoints };
}
