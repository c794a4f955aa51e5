/**
 * The chain side of the message executor: one `LogWatcher` per source chain over its Outbox's
 * `MessageSent` logs, and per-run views of what the destination Inboxes and source chains say
 * (checkpointed count and root, heads, canonical block hashes), memoised for one duty run so that
 * a hundred records cost a handful of reads. Proofs are built from the leaves the store recorded
 * (every message of a stream is recorded, executed or not), never by re-reading the whole stream.
 */
import { decodeEventLog, getAbiItem, toEventSelector, type Address, type Hex, type PublicClient } from "viem";
import { readContract } from "viem/actions";

import { inboxAbi, MessageTree, outboxAbi } from "@btt-network/sdk/bridge";
import { blockHashAt } from "../../chain/client.ts";
import type { WatchedLog } from "../../chain/LogWatcher.ts";
import type { Store } from "../../store/Store.ts";

const messageSent = getAbiItem({ abi: outboxAbi, name: "MessageSent" });
export const messageSentTopic = toEventSelector(messageSent);

export interface SentMessage {
  readonly destChainId: bigint;
  readonly nonce: bigint;
  readonly sender: Address;
  readonly target: Address;
  readonly payload: Hex;
  readonly leaf: Hex;
}

export function decodeMessageSent(log: WatchedLog): SentMessage | undefined {
  try {
    const { args } = decodeEventLog({
      abi: [messageSent],
      data: log.data,
      topics: log.topics as [Hex, ...Hex[]],
      strict: true,
    });
    return args;
  } catch {
    return undefined; // not a MessageSent of this ABI
  }
}

/**
 * `sourceChainId:destChainId:nonce` with the nonce zero-padded to 10 digits (a stream holds at
 * most 2^32 messages), so records of a stream sort, and are executed, in nonce order.
 */
export function messageId(
  sourceChainId: bigint | string,
  destChainId: bigint | string,
  nonce: bigint | string,
): string {
  return `${sourceChainId}:${destChainId}:${String(nonce).padStart(10, "0")}`;
}

export interface InboxView {
  /** Messages `[0, count)` of the stream are checkpointed. */
  readonly count: bigint;
  readonly root: Hex;
}

/** Reads memoised for the length of one duty run. */
export class RunView {
  private readonly clients: ReadonlyMap<string, PublicClient>;
  private readonly store: Store;
  private readonly duty: string;
  private readonly memo = new Map<string, Promise<unknown>>();
  private readonly said = new Set<string>();

  constructor(clients: ReadonlyMap<string, PublicClient>, store: Store, duty: string) {
    this.clients = clients;
    this.store = store;
    this.duty = duty;
  }

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let value = this.memo.get(key) as Promise<T> | undefined;
    if (value === undefined) {
      value = load();
      this.memo.set(key, value);
      value.catch(() => this.memo.delete(key)); // a failed read is tried again by the next caller
    }
    return value;
  }

  /** True the first time `key` is asked in this run (one warning per stream per run, not per record). */
  firstTime(key: string): boolean {
    if (this.said.has(key)) return false;
    this.said.add(key);
    return true;
  }

  client(chain: string): PublicClient {
    const client = this.clients.get(chain);
    if (client === undefined) throw new Error(`chain '${chain}' is not configured`);
    return client;
  }

  head(chain: string): Promise<number> {
    return this.once(`head:${chain}`, async () => Number(await this.client(chain).getBlockNumber({ cacheTime: 0 })));
  }

  blockHash(chain: string, block: number): Promise<Hex | undefined> {
    return this.once(`block:${chain}:${block}`, async () => {
      return blockHashAt(this.client(chain), block);
    });
  }

  inbox(dest: string, inbox: Address, sourceChainId: bigint): Promise<InboxView> {
    return this.once(`inbox:${dest}:${sourceChainId}`, async () => {
      const state = await readContract(this.client(dest), {
        address: inbox,
        abi: inboxAbi,
        functionName: "sourceState",
        args: [sourceChainId],
      });
      return { count: state.messageCount, root: state.lastRoot };
    });
  }

  isExecuted(dest: string, inbox: Address, sourceChainId: bigint, nonce: bigint): Promise<boolean> {
    return readContract(this.client(dest), {
      address: inbox,
      abi: inboxAbi,
      functionName: "isExecuted",
      args: [sourceChainId, nonce],
    });
  }

  /**
   * The tree of the stream's first `view.count` messages from the recorded leaves, if every one of
   * them is recorded (and not orphaned) and they reproduce the checkpointed root; otherwise the
   * reason why not.
   */
  tree(sourceChainId: string, destChainId: string, view: InboxView): Promise<MessageTree | string> {
    return this.once(`tree:${sourceChainId}:${destChainId}:${view.count}:${view.root}`, async () => {
      const rows = await this.store.recordsWithPrefix<string, { nonce: string; leaf: Hex }>(
        this.duty,
        `${sourceChainId}:${destChainId}:`,
      );
      const count = Number(view.count);
      const leaves: Hex[] = new Array<Hex>(count);
      for (const row of rows) {
        if (row.state === "orphaned") continue;
        const data = row.data;
        const nonce = Number(data.nonce);
        if (nonce < count) leaves[nonce] = data.leaf;
      }
      for (let i = 0; i < count; i++)
        if (leaves[i] === undefined) return `message ${i} of the stream is not recorded yet`;
      const tree = MessageTree.fromLeaves(leaves);
      if (tree.root !== view.root)
        return `the recorded messages give root ${tree.root}, the checkpoint has ${view.root}`;
      return tree;
    });
  }
}
