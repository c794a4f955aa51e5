/**
 * Pulling a shard over the connection the client opened (DESIGN section 17): the client opens an
 * HTTP upgrade (`GET /pull/<deal id>?ticket=...`, `Upgrade: btt-p2p/1`) to the host's endpoint, so
 * that a client behind NAT can store; on that one socket the host is the P2P downloader (dialing
 * side: it sends `hello`) and the client is the seeder. Each side bridges the socket to its P2P
 * core through a one-shot loopback hop, so the core's downloader and seeder run unchanged: every
 * piece is verified against the deal's root before it is written.
 */
import { request } from "node:http";
import { connect, createServer, type AddressInfo, type Socket } from "node:net";
import type { Duplex } from "node:stream";

import type { Hex, LocalAccount } from "viem";

import { download, type DownloadProgress, type DownloadResult } from "@btt-network/sdk/p2p";
import { OfferRefusedError } from "./errors.ts";

export const UPGRADE_PROTOCOL = "btt-p2p/1";

function splice(a: Duplex, b: Socket, head: Buffer): void {
  if (head.length > 0) b.write(head);
  a.pipe(b);
  b.pipe(a);
  a.on("error", () => b.destroy());
  b.on("error", () => a.destroy());
  a.on("close", () => b.destroy());
  b.on("close", () => a.destroy());
}

export interface PullOptions {
  readonly socket: Duplex;
  readonly head: Buffer;
  readonly root: Hex;
  readonly size: bigint;
  /** Where the shard lands (`<out>.part` until every piece verified). */
  readonly out: string;
  readonly account: LocalAccount;
  readonly stallTimeoutMs: number;
  readonly onProgress?: (progress: DownloadProgress) => void;
}

/** Host side: downloads (root, size) from the client over its upgraded socket; rejects unless every piece verified. */
export async function pullOverSocket(options: PullOptions): Promise<DownloadResult> {
  let used = false;
  const bridge = createServer((local) => {
    if (used) return void local.destroy(); // one connection per pull: the client's socket
    used = true;
    splice(options.socket, local, options.head);
  });
  await new Promise<void>((resolve) => bridge.listen(0, "127.0.0.1", resolve));
  const { port } = bridge.address() as AddressInfo;
  try {
    return await download({
      root: options.root,
      size: options.size,
      out: options.out,
      peers: [{ host: "127.0.0.1", port }],
      account: options.account,
      stallTimeoutMs: options.stallTimeoutMs,
      requestTimeoutMs: Math.min(10_000, options.stallTimeoutMs),
      connectRetryMs: 1,
      hashWorkers: 0,
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    });
  } finally {
    bridge.close();
    options.socket.destroy();
  }
}

/**
 * Client side: opens the pull connection to `endpoint` for deal `id` and bridges it to the local
 * seeder on `seederPort`. Resolves when the host closes the connection (the pull is over: the
 * host's offer status says how it went); rejects with `OfferRefusedError` when the host refuses
 * the pull itself.
 */
export function servePull(endpoint: string, id: Hex, ticket: string, seederPort: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const url = new URL(`/pull/${id}?ticket=${encodeURIComponent(ticket)}`, endpoint);
    const req = request(url, {
      method: "GET",
      headers: { connection: "Upgrade", upgrade: UPGRADE_PROTOCOL },
    });
    req.on("upgrade", (_res, socket, head) => {
      const local = connect({ host: "127.0.0.1", port: seederPort });
      local.once("connect", () => splice(socket, local, head));
      socket.once("close", () => resolve());
      local.once("error", (error) => reject(error));
    });
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => {
        let reason = `http_${res.statusCode}`;
        let message = body;
        try {
          const parsed = JSON.parse(body) as { reason?: string; message?: string };
          reason = parsed.reason ?? reason;
          message = parsed.message ?? message;
        } catch {
          // not JSON: keep the raw body
        }
        reject(new OfferRefusedError(reason, `The host refused the pull of deal ${id}: ${message}`));
      });
    });
    req.on("error", reject);
    req.end();
  });
}
