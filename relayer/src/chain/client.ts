/**
 * A viem public client per configured chain (HTTP or WebSocket JSON-RPC), without viem's own
 * retries: reads go through `withBackoff`, writes are retried by cause in the executor.
 */
import { createPublicClient, http, webSocket, type PublicClient } from "viem";

import type { ChainConfig } from "../config/schema.ts";

export function createChainClient(config: ChainConfig): PublicClient {
  const options = { timeout: config.rpcTimeoutMs, retryCount: 0 };
  const batch = { batch: { batchSize: 100, wait: 0 } };
  const transport = /^wss?:/.test(config.rpcUrl) ? webSocket(config.rpcUrl, options) : http(config.rpcUrl, { ...options, ...batch });
  return createPublicClient({ transport, pollingInterval: config.pollIntervalMs, cacheTime: 0 });
}
