/**
 * The operator's HTTP endpoint: GET /metrics (Prometheus text) and GET /health (JSON, 200 when
 * every chain answers and no duty is halted, 503 otherwise). Binds to 127.0.0.1 by default.
 *
 * An authenticated API (the validator signature API) may be mounted under a prefix: every request
 * under it needs `Authorization: Bearer <http.authToken>` (compared in constant time) when a token
 * is configured, carries at most 64 KiB of JSON, and gets JSON back.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import type { HealthState } from "./health.ts";
import type { RelayerMetrics } from "./metrics.ts";

export interface HttpServerHandle {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
}

export interface AuthenticatedApi {
  /** Path prefix, e.g. "/v1/". */
  readonly prefix: string;
  /** Required bearer token; undefined only on a loopback-bound server (checked by whoever mounts the API). */
  readonly authToken: string | undefined;
  handle(method: string, path: string, body: unknown): Promise<ApiResponse>;
}

const MAX_BODY = 64 * 1024;

/** Whether a host name binds to the loopback interface only. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Constant-time bearer token check (hashes first, so lengths leak nothing either). */
export function tokenMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer (.+)$/.exec(header ?? "")?.[1] ?? "";
  const a = createHash("sha256").update(presented).digest();
  const b = createHash("sha256").update(token).digest();
  return timingSafeEqual(a, b) && presented.length > 0;
}

export async function startHttpServer(options: {
  host: string;
  port: number;
  metrics: RelayerMetrics;
  health: HealthState;
  api?: AuthenticatedApi | undefined;
}): Promise<HttpServerHandle> {
  const api = options.api;
  const server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    if (api !== undefined && path.startsWith(api.prefix)) {
      serveApi(api, request, response, path);
      return;
    }
    if (request.method !== "GET") {
      response.writeHead(405, { allow: "GET" }).end();
      return;
    }
    if (path === "/metrics") {
      options.metrics.registry
        .metrics()
        .then((text) => response.writeHead(200, { "content-type": options.metrics.registry.contentType }).end(text))
        .catch(() => response.writeHead(500).end());
      return;
    }
    if (path === "/health") {
      const report = options.health.report();
      response.writeHead(report.ok ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify(report));
      return;
    }
    response.writeHead(404).end();
  });
  server.keepAliveTimeout = 5_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    url: `http://${options.host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

function serveApi(api: AuthenticatedApi, request: IncomingMessage, response: ServerResponse, path: string): void {
  if (api.authToken !== undefined && !tokenMatches(request.headers.authorization, api.authToken)) {
    request.resume();
    response.setHeader("www-authenticate", "Bearer");
    reply(response, 401, { error: "missing or wrong bearer token" });
    return;
  }
  const method = request.method ?? "GET";
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  request.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY) {
      tooLarge = true;
      request.destroy();
      return;
    }
    chunks.push(chunk);
  });
  request.on("error", () => reply(response, 400, { error: "request aborted" }));
  request.on("close", () => {
    if (tooLarge) reply(response, 413, { error: `request body over ${MAX_BODY} bytes` });
  });
  request.on("end", () => {
    let body: unknown;
    if (method !== "GET") {
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        reply(response, 400, { error: "the body is not valid JSON" });
        return;
      }
    }
    api
      .handle(method, path, body)
      .then((result) => reply(response, result.status, result.body))
      // Details stay in the relayer's logs (they may name RPC endpoints).
      .catch(() => reply(response, 500, { error: "internal error; see the relayer's logs" }));
  });
}
