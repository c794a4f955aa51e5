/**
 * A viem public client per configured chain (HTTP or WebSocket JSON-RPC), without viem's own
 * retries: reads go through `withBackoff`, writes are retried by cause in the executor.
 */
import { BlockNotFoundError, createPublicClient, http, webSocket, type Hex, type PublicClient } from "viem";
import { getBlock } from "viem/actions";

import type { ChainConfig } from "../config/schema.ts";
import { withBackoff } from "./backoff.ts";

export function createChainClient(config: ChainConfig): PublicClient {
  const options = { timeout: config.rpcTimeoutMs, retryCount: 0 };
  const batch = { batch: { batchSize: 100, wait: 0 } };
  const transport = /^wss?:/.test(config.rpcUrl)
    ? webSocket(config.rpcUrl, options)
    : http(config.rpcUrl, { ...options, ...batch });
  return createPublicClient({ transport, pollingInterval: config.pollIntervalMs, cacheTime: 0 });
}

/** The hash of the canonical block at `number`, or undefined when the node has no such block (yet). Retried with backoff. */
export function blockHashAt(client: PublicClient, number: number | bigint): Promise<Hex | undefined> {
  return withBackoff(
    async () => {
      try {
        return (await getBlock(client, { blockNumber: BigInt(number) })).hash ?? undefined;
      } catch (error) {
        if (error instanceof BlockNotFoundError) return undefined;
        throw error;
      }
    },
    { attempts: 3, baseMs: 100 },
  );
}
