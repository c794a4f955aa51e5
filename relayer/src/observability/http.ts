/**
 * The operator's HTTP endpoint: GET /metrics (Prometheus text) and GET /health (JSON, 200 when
 * every chain answers and no duty is halted, 503 otherwise). Binds to 127.0.0.1 by default.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import type { HealthState } from "./health.ts";
import type { RelayerMetrics } from "./metrics.ts";

export interface HttpServerHandle {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

export async function startHttpServer(options: {
  host: string;
  port: number;
  metrics: RelayerMetrics;
  health: HealthState;
}): Promise<HttpServerHandle> {
  const server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
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
