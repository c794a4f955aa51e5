/**
 * The operator's HTTP endpoint: GET /metrics (Prometheus text) and GET /health (JSON, 200 when
 * every chain answers and no duty is halted, 503 otherwise). Binds to 127.0.0.1 by default.
 *
 * An authenticated API (the validator signature API) may be mounted under a prefix: every request
 * under it needs `Authorization: Bearer <http.authToken>` (compared in constant time) when a token
 * is configured, carries at most 64 KiB of JSON (a larger declared body is refused with 413 before
 * it is read and before authentication; a chunked one at the cap), is rate limited per token (and
 * failed authentications per client address; 429 with Retry-After), and gets JSON back. Every
 * answer is counted by route and status (`relayer_http_requests_total`).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";

import { HttpBindError } from "../errors.ts";
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

export interface HttpServerOptions {
  host: string;
  port: number;
  metrics: RelayerMetrics;
  health: HealthState;
  api?: AuthenticatedApi | undefined;
  /** Signature API requests per second and burst, per bearer token (and failed authentications per client address). */
  rateLimit?: { readonly perSecond: number; readonly burst: number } | undefined;
  /** PEM certificate chain and key: HTTPS instead of HTTP. */
  tls?: { readonly cert: string | Buffer; readonly key: string | Buffer } | undefined;
}

/**
 * Binds the server (a taken port is an `HttpBindError`). The authenticated API can be mounted
 * later (`mount`): the server answers /health and /metrics from the start, and 503 under the
 * API's paths until then.
 */
export async function startHttpServer(
  options: HttpServerOptions,
): Promise<HttpServerHandle & { mount(api: AuthenticatedApi): void }> {
  let api = options.api;
  const limit = options.rateLimit ?? { perSecond: 20, burst: 60 };
  const buckets = new TokenBuckets(limit.perSecond, limit.burst);
  const requests = options.metrics.httpRequests;
  const handler: RequestListener = (request, response) => {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    if (api !== undefined && path.startsWith(api.prefix)) {
      response.on("finish", () => requests.inc({ route: "api", status: String(response.statusCode) }));
      serveApi(api, request, response, path, buckets);
      return;
    }
    const route = path === "/metrics" || path === "/health" ? path.slice(1) : "other";
    response.on("finish", () => requests.inc({ route, status: String(response.statusCode) }));
    // Nothing here reads a body: one sent anyway is not read, and the connection is closed after the answer.
    if (request.headers["content-length"] !== undefined && request.headers["content-length"] !== "0")
      closeAfter(request, response);
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
    if (api === undefined && path.startsWith("/v1/")) {
      reply(response, 503, { error: "the relayer is starting; ask again shortly", reason: "starting" });
      return;
    }
    response.writeHead(404).end();
  };
  const server: Server =
    options.tls === undefined
      ? createServer(handler)
      : createTlsServer({ cert: options.tls.cert, key: options.tls.key }, handler);
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE" || error.code === "EACCES" || error.code === "EADDRNOTAVAIL"
          ? new HttpBindError(
              `cannot listen on ${options.host}:${options.port}: ${error.code === "EADDRINUSE" ? "the port is in use (another relayer?)" : error.code}`,
              {
                cause: error,
                hints: ["Set http.port (BTT_RELAYER_HTTP__PORT) to a free port, or stop the process using it."],
              },
            )
          : error,
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    url: `${options.tls === undefined ? "http" : "https"}://${options.host}:${address.port}`,
    mount(mounted) {
      api = mounted;
    },
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

/** The answer goes out without reading the rest of the request body; then the connection is closed. */
function closeAfter(request: IncomingMessage, response: ServerResponse): void {
  response.shouldKeepAlive = false;
  response.setHeader("connection", "close");
  response.on("finish", () => request.socket.destroySoon());
}

/** A request over the cap is answered 413 before its body is read, and before authentication. */
function refuseTooLarge(request: IncomingMessage, response: ServerResponse): void {
  closeAfter(request, response);
  reply(response, 413, { error: `request body over ${MAX_BODY} bytes` });
}

function serveApi(
  api: AuthenticatedApi,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  buckets: TokenBuckets,
): void {
  const declared = request.headers["content-length"];
  if (declared !== undefined && !(Number(declared) <= MAX_BODY)) return refuseTooLarge(request, response);
  const client = request.socket.remoteAddress ?? "unknown";
  if (api.authToken !== undefined && !tokenMatches(request.headers.authorization, api.authToken)) {
    closeAfter(request, response);
    if (!buckets.take(`auth-failure:${client}`)) return tooMany(response, buckets);
    response.setHeader("www-authenticate", "Bearer");
    reply(response, 401, { error: "missing or wrong bearer token" });
    return;
  }
  const presented = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
  const key =
    presented === undefined ? `client:${client}` : `token:${createHash("sha256").update(presented).digest("hex")}`;
  if (!buckets.take(key)) {
    closeAfter(request, response);
    return tooMany(response, buckets);
  }
  const method = request.method ?? "GET";
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  request.on("data", (chunk: Buffer) => {
    if (tooLarge) return;
    size += chunk.length;
    if (size > MAX_BODY) {
      // Chunked bodies have no length up front: stop at the cap, answer, close.
      tooLarge = true;
      chunks.length = 0;
      request.pause();
      refuseTooLarge(request, response);
      return;
    }
    chunks.push(chunk);
  });
  request.on("error", () => reply(response, 400, { error: "request aborted" }));
  request.on("end", () => {
    if (tooLarge) return;
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

function tooMany(response: ServerResponse, buckets: TokenBuckets): void {
  response.setHeader("retry-after", String(buckets.retryAfterSeconds));
  reply(response, 429, { error: "too many requests; slow down", reason: "rate-limited" });
}

/** Token buckets by key (bounded: the oldest keys are forgotten first). */
class TokenBuckets {
  private readonly rate: number;
  private readonly burst: number;
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(perSecond: number, burst: number) {
    this.rate = perSecond;
    this.burst = burst;
  }

  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(1 / this.rate));
  }

  take(key: string, now = Date.now()): boolean {
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.rate);
    bucket.at = now;
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.buckets.delete(this.buckets.keys().next().value!);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
