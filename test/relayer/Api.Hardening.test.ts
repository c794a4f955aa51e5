import { expect } from "chai";
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readFileSync } from "node:fs";
import { request } from "node:https";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { MAX_CHECKPOINT_BLOCKS } from "../../sdk/src/bridge/index.ts";
import { expectedCheckpoint, firstStartBlock, ProposalRefused } from "../../relayer/src/consensus/expected.ts";
import type { BridgeReads } from "../../relayer/src/consensus/reads.ts";
import { HealthState } from "../../relayer/src/observability/health.ts";
import { startHttpServer, type AuthenticatedApi } from "../../relayer/src/observability/http.ts";
import { RelayerMetrics } from "../../relayer/src/observability/metrics.ts";
import { repoRoot } from "./support/node.ts";

const TOKEN = "a-token-of-at-least-16-chars";

/** Sends `head` (and `body` chunks as given) on a raw socket; resolves with what the server answered before it closed, or after `limitMs`. */
function raw(
  port: number,
  head: string,
  body: readonly Buffer[] = [],
  limitMs = 10_000,
): Promise<{ text: string; reset: boolean; bodySent: number }> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    let reset = false;
    let bodySent = 0;
    const timer = setTimeout(() => socket.destroy(), limitMs);
    socket.on("data", (chunk) => (text += chunk.toString("latin1")));
    socket.on("error", (error: NodeJS.ErrnoException) => (reset ||= error.code === "ECONNRESET"));
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ text, reset, bodySent });
    });
    socket.write(head);
    for (const chunk of body)
      socket.write(chunk, (error) => {
        if (error === undefined || error === null) bodySent += chunk.length;
      });
  });
}

function statusOf(text: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
}

describe("Relayer signature API: size cap before reading and before auth, rate limits, canonical first checkpoints", function () {
  this.timeout(60_000);
  let handled = 0;
  const api: AuthenticatedApi = {
    prefix: "/v1/",
    authToken: TOKEN,
    async handle() {
      handled++;
      return { status: 200, body: { ok: true } };
    },
  };
  let server: Awaited<ReturnType<typeof startHttpServer>>;
  let port: number;
  let metrics: RelayerMetrics;

  beforeEach(async function () {
    handled = 0;
    metrics = new RelayerMetrics({ defaults: false });
    server = await startHttpServer({
      host: "127.0.0.1",
      port: 0,
      metrics,
      health: new HealthState(),
      api,
      rateLimit: { perSecond: 1, burst: 5 },
    });
    port = Number(new URL(server.url).port);
  });
  afterEach(async function () {
    await server.close();
  });

  it("answers 413 to a declared 8 MiB body before reading it and before checking the token", async function () {
    // No body is ever sent: a server that waited to read it (or to authenticate first) would not answer 413.
    for (const auth of [
      "",
      `authorization: Bearer wrong-token-wrong-token\r\n`,
      `authorization: Bearer ${TOKEN}\r\n`,
    ]) {
      const answer = await raw(
        port,
        `POST /v1/sign/checkpoint HTTP/1.1\r\nhost: x\r\n${auth}content-type: application/json\r\ncontent-length: ${8 * 1024 * 1024}\r\n\r\n`,
      );
      expect(statusOf(answer.text), answer.text).to.equal(413);
      expect(answer.text).to.match(/connection: close/i);
    }
    expect(handled).to.equal(0);
  });

  it("answers 413 to a 70 KiB body (declared or chunked) instead of resetting the connection", async function () {
    const body = Buffer.alloc(70 * 1024, 0x20);
    const declared = await raw(
      port,
      `POST /v1/sign/checkpoint HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${TOKEN}\r\ncontent-length: ${body.length}\r\n\r\n`,
      [body],
    );
    expect(statusOf(declared.text), declared.text).to.equal(413);
    const chunk = (b: Buffer) => Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from("\r\n")]);
    const chunked = await raw(
      port,
      `POST /v1/sign/checkpoint HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${TOKEN}\r\ntransfer-encoding: chunked\r\n\r\n`,
      [chunk(body.subarray(0, 40 * 1024)), chunk(body.subarray(40 * 1024)), Buffer.from("0\r\n\r\n")],
    );
    expect(statusOf(chunked.text), chunked.text).to.equal(413);
    expect(handled).to.equal(0);
    // An honest request still gets through.
    const ok = await fetch(`${server.url}/v1/sign/checkpoint`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}` },
      body: "{}",
    });
    expect(ok.status).to.equal(200);
    const counted = await metrics.registry.metrics();
    expect(counted).to.match(/relayer_http_requests_total\{route="api",status="413"\} 2\n/);
    expect(counted).to.match(/relayer_http_requests_total\{route="api",status="200"\} 1\n/);
  });

  it("rate limits per token (429 with Retry-After) and failed authentications per client", async function () {
    const ask = (token: string) =>
      fetch(`${server.url}/v1/signatures/0x${"00".repeat(32)}`, { headers: { authorization: `Bearer ${token}` } });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await ask(TOKEN)).status);
    expect(statuses.slice(0, 5)).to.deep.equal([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).to.include(429);
    const limited = await ask(TOKEN);
    if (limited.status === 429) expect(Number(limited.headers.get("retry-after"))).to.be.greaterThanOrEqual(1);
    const guesses: number[] = [];
    for (let i = 0; i < 8; i++) guesses.push((await ask(`guess-${i}-guess-guess-guess`)).status);
    expect(guesses.slice(0, 5)).to.deep.equal([401, 401, 401, 401, 401]);
    expect(guesses.slice(5)).to.include(429);
    expect(await metrics.registry.metrics()).to.match(/relayer_http_requests_total\{route="api",status="401"\} 5\n/);
  });

  it("a stream's first checkpoint starts on the canonical grid: a token holder cannot get overlapping first ranges signed", async function () {
    const from = 100n;
    const confirmed = from + 5n * MAX_CHECKPOINT_BLOCKS + 17n;
    const canonical = firstStartBlock(from, confirmed);
    expect(canonical).to.equal(from + 4n * MAX_CHECKPOINT_BLOCKS);
    expect(firstStartBlock(from, from + 10n)).to.equal(from);
    const reads = {
      chainId: (chain: string) => (chain === "ethereum" ? 1n : 199n),
      contracts: () => ({
        fromBlock: Number(from),
        inbox: "0x0000000000000000000000000000000000000001",
        validatorSet: "0x0000000000000000000000000000000000000002",
      }),
      confirmedHead: async () => confirmed,
      inboxState: async () => ({ messageCount: 0n, nextStartBlock: 0n, checkpoints: 0n }),
      verifierEpoch: async () => 1n,
      outboxAt: async () => ({ count: 0n, root: `0x${"00".repeat(32)}` }),
      client: () => {
        throw new Error("reached the chain reads: the range was accepted");
      },
    } as unknown as BridgeReads;
    const ends = { source: "ethereum", dest: "bttc" };
    const accepted: bigint[] = [];
    // Twenty starts of the caller's choosing, each with a range the signer would otherwise accept.
    for (let i = 0n; i < 20n; i++) {
      const start = canonical - MAX_CHECKPOINT_BLOCKS - 300n + i * 97n;
      try {
        await expectedCheckpoint(reads, ends, start, start + 10n);
      } catch (error) {
        if (error instanceof ProposalRefused) {
          expect(error.code).to.equal("stale");
          continue;
        }
        accepted.push(start);
      }
    }
    for (const start of [canonical, canonical - MAX_CHECKPOINT_BLOCKS]) {
      const error = await expectedCheckpoint(reads, ends, start, start + 10n).catch((e: unknown) => e);
      expect(error, String(start)).to.not.be.instanceOf(ProposalRefused);
      accepted.push(start);
    }
    // Whatever was accepted lies on the grid, so no two first ranges (at most MAX_CHECKPOINT_BLOCKS long) overlap.
    for (const start of accepted) expect((start - from) % MAX_CHECKPOINT_BLOCKS, String(start)).to.equal(0n);
  });

  it("serves HTTPS when http.tls is set, and a peer reaches it over https:// (its CA given through NODE_EXTRA_CA_CERTS)", async function () {
    const dir = mkdtempSync(join(tmpdir(), "btt-tls-"));
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
      ],
      { stdio: "ignore" },
    );
    const signed = {
      ...api,
      handle: async () => ({ status: 200, body: { signatures: [{ signer: "0x01", signature: "0x02" }] } }),
    };
    const tls = await startHttpServer({
      host: "127.0.0.1",
      port: 0,
      metrics: new RelayerMetrics({ defaults: false }),
      health: new HealthState(),
      api: signed,
      tls: { cert: readFileSync(join(dir, "cert.pem")), key: readFileSync(join(dir, "key.pem")) },
    });
    try {
      expect(tls.url).to.match(/^https:\/\/127\.0\.0\.1:\d+$/);
      const status = await new Promise<number>((resolve, reject) =>
        request(`${tls.url}/health`, { ca: readFileSync(join(dir, "cert.pem")) }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        })
          .on("error", reject)
          .end(),
      );
      expect(status).to.equal(503); // answered over TLS (a fresh relayer is still starting)
      // A peer relayer's submitter asking for signatures over https.
      const script = [
        `const { peerSource } = await import(${JSON.stringify(join(repoRoot, "relayer/src/signatures/sources.ts"))});`,
        `const source = peerSource({ url: ${JSON.stringify(tls.url)}, token: ${JSON.stringify(TOKEN)}, timeoutMs: 5000 });`,
        "const checkpoint = { sourceChainId: 1n, destChainId: 199n, destContract: '0x0000000000000000000000000000000000000001', epoch: 1n, startBlock: 1n, endBlock: 2n, blockRoot: '0x' + '00'.repeat(32), messageRoot: '0x' + '00'.repeat(32), messageCount: 0n };",
        "console.log(JSON.stringify(await source.checkpoint(checkpoint)));",
      ].join("\n");
      // Asynchronously: this process serves the request.
      const child = await promisify(execFile)(
        process.execPath,
        ["--conditions=btt-source", "--input-type=module", "-e", script],
        {
          env: { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: join(dir, "cert.pem") },
          encoding: "utf8",
          timeout: 30_000,
        },
      );
      expect(child.stderr).to.equal("");
      expect(JSON.parse(child.stdout)).to.deep.equal([{ signer: "0x01", signature: "0x02" }]);
    } finally {
      await tls.close();
    }
  });
});
