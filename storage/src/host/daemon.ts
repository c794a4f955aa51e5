/**
 * The host daemon: announces its terms, takes offers on its HTTP endpoint, pulls each shard over
 * the connection the client opened (every piece verified), accepts the deal on chain only then,
 * proves every period (Prover), seeds its shards over the P2P core (paid per verified piece by
 * vouchers unless its price is 0: PaidServing), and keeps its state in SQLite.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { basename, dirname, join } from "node:path";
import type { Duplex } from "node:stream";

import { getAddress, isAddress, maxUint256, type Address, type Hex } from "viem";

import type { StorageDeal } from "@btt-network/sdk/messages";

import { ContentTree } from "@btt-network/sdk/commitment";
import { DirectoryStore, FileSource, Seeder } from "@btt-network/sdk/p2p";
import { acceptDeal, DealStatus, getHost, setHost } from "@btt-network/sdk/storage";
import { connectChain, findDeal, type ChainContext } from "../shared/chain.ts";
import { ConfigError, describeError } from "../shared/errors.ts";
import { toJson } from "../shared/json.ts";
import { createLogger, type Logger } from "../shared/log.ts";
import { offerSchema, type OfferStatus, type RefusalReason } from "../shared/offer.ts";
import { PROMETHEUS_CONTENT_TYPE } from "../shared/metrics.ts";
import { pullOverSocket, UPGRADE_PROTOCOL } from "../shared/tunnel.ts";
import { checkOffer } from "./checks.ts";
import { readHostConfigFile, reloadedConfig, type HostConfig } from "./config.ts";
import { hostMetrics } from "./metrics.ts";
import { Prover } from "./prover.ts";
import { PaidServing } from "./serving.ts";
import { statusOf } from "./status.ts";
import { HostStore, type DealRow } from "./store.ts";

const MAX_BODY = 64 << 10;

export class HostDaemon {
  private server: Server | undefined;
  private seeder: Seeder | undefined;
  private serving: PaidServing | undefined;
  private readonly content = new DirectoryStore();
  private readonly trees = new Map<Hex, ContentTree>();
  private readonly progress = new Map<Hex, number>();
  private loop: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private lastPass: { at: number; error?: string } | undefined;
  private prover!: Prover;

  private current: HostConfig;
  private reloading: Promise<void> = Promise.resolve();
  readonly chain: ChainContext;
  readonly store: HostStore;
  private readonly log: Logger;

  private constructor(config: HostConfig, chain: ChainContext, store: HostStore, log: Logger) {
    this.current = config;
    this.chain = chain;
    this.store = store;
    this.log = log;
  }

  static async start(config: HostConfig): Promise<HostDaemon> {
    const log = createLogger({ component: "btt-host" });
    mkdirSync(join(config.dataDir, "shards"), { recursive: true });
    const store = new HostStore(join(config.dataDir, "host.db"));
    const chain = await connectChain({
      rpcUrl: config.rpcUrl,
      key: config.key,
      manifest: config.manifest,
      market: config.market,
      pollingIntervalMs: Math.min(config.pollMs, 250),
    });
    const daemon = new HostDaemon(config, chain, store, log);
    await daemon.boot();
    return daemon;
  }

  /** The config in force (its terms change on `reload`). */
  get config(): HostConfig {
    return this.current;
  }

  /**
   * SIGHUP: re-reads the config file and announces the new terms when they differ from the chain's.
   * A file that cannot be read, or that changes more than the terms, is refused and logged; the host
   * keeps running on the config it had. Reloads run one at a time.
   */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(async () => {
      try {
        this.current = reloadedConfig(this.current, readHostConfigFile(this.current.configPath));
        await this.announce();
        this.log.info("config reloaded", { path: this.current.configPath });
      } catch (error) {
        this.log.error("config reload failed", { error: describeError(error) });
      }
    });
    return this.reloading;
  }

  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://${this.config.listen.host}:${port}`;
  }

  private async boot(): Promise<void> {
    await this.recover();
    for (const row of this.store.deals(["accepted"]))
      await this.serveShard(row).catch((error: Error) => {
        this.log.warn("shard unavailable", { id: row.id, error: error.message });
      });
    this.serving = await PaidServing.open(this.config, this.chain, this.store);
    this.seeder = await Seeder.start({
      account: this.chain.account,
      content: this.content,
      host: this.config.p2p.host,
      port: this.config.p2p.port,
      ...(this.serving === undefined ? {} : { payment: this.serving.seederPayment() }),
    });
    this.server = createServer((req, res) => void this.route(req, res));
    this.server.on(
      "upgrade",
      (req: IncomingMessage, socket: Duplex, head: Buffer) => void this.onPull(req, socket, head),
    );
    await listen(this.server, this.config.listen.host, this.config.listen.port);
    await this.chain.ensureAllowance(maxUint256 / 2n);
    await this.announce();
    this.prover = new Prover(this.config, this.chain, this.store, this.trees, this.log);
    this.log.info("host started", {
      address: this.chain.account.address,
      url: this.url,
      p2p: this.seeder.port,
      pricePerPiece: this.serving?.terms.pricePerPiece ?? 0n,
    });
    this.schedule(0);
  }

  /** Settles what a crash interrupted: an offer mid-pull is refused (its partial bytes deleted), an acceptance is read back from the chain. */
  private async recover(): Promise<void> {
    for (const row of this.store.deals(["offered", "pulling"])) {
      this.discardShard(row.shard);
      this.store.setState(row.id, "refused", { reason: "interrupted" });
      this.log.warn("offer interrupted by a restart: refused", { id: row.id, was: row.state });
    }
    for (const row of this.store.deals(["accepting"])) {
      if ((await findDeal(this.chain, row.id)) === undefined) {
        this.discardShard(row.shard);
        this.store.setState(row.id, "refused", { reason: "interrupted" });
      } else this.store.setState(row.id, "accepted");
    }
  }

  /** Deletes a shard and everything written beside it (partial file, sidecar, its temporary copies, layer cache). */
  private discardShard(shard: string): void {
    const name = basename(shard);
    for (const f of readdirSync(dirname(shard)))
      if (f.startsWith(name)) rmSync(join(dirname(shard), f), { force: true });
  }

  /** Announces the configured terms on chain when they differ from the registry's. */
  private async announce(): Promise<void> {
    const endpoint = this.config.endpoint ?? this.url;
    const current = await getHost(this.chain.publicClient, {
      market: this.chain.market,
      host: this.chain.account.address,
    });
    const { capacity, pricePerGiBPerPeriod, collateralPerGiB } = this.config;
    if (
      current.capacity === capacity &&
      current.pricePerGiBPerPeriod === pricePerGiBPerPeriod &&
      current.collateralPerGiB === collateralPerGiB &&
      current.endpoint === endpoint
    )
      return;
    await this.chain.mined(
      setHost(this.chain.wallet, {
        market: this.chain.market,
        capacity,
        pricePerGiBPerPeriod,
        collateralPerGiB,
        endpoint,
      }),
      "setHost",
    );
    this.log.info("terms announced", { capacity, pricePerGiBPerPeriod, collateralPerGiB, endpoint });
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.loop = setTimeout(() => {
      this.running = this.prover
        .run()
        .then(() => this.claimServing())
        .then(() => void (this.lastPass = { at: Date.now() }))
        .catch((error: Error) => {
          this.lastPass = { at: Date.now(), error: error.message.split("\n")[0]! };
          this.log.warn("prover pass failed", { error: this.lastPass.error });
        })
        .finally(() => this.schedule(this.config.pollMs));
    }, delay);
  }

  /** Claims the vouchers paid for serving once they reach the threshold (a failure is logged and tried next pass). */
  private async claimServing(): Promise<void> {
    if (this.serving === undefined) return;
    try {
      const paid = await this.serving.claimIfDue();
      if (paid > 0n) this.log.info("serving vouchers claimed", { amount: paid });
    } catch (error) {
      this.log.warn("serving claim failed", { error: (error as Error).message.split("\n")[0] });
    }
  }

  private async serveShard(row: DealRow): Promise<void> {
    const source = await FileSource.open(row.shard, { layerCache: `${row.shard}.layer.json` });
    this.content.add(source);
    this.trees.set(row.id, new ContentTree(source.commitment, source.geometry.pieceSize, source.pieceRoots));
  }

  // --- HTTP --------------------------------------------------------------------------------------

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://host");
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(toJson(body));
    };
    try {
      if (req.method === "GET" && url.pathname === "/health") return send(200, this.health());
      if (req.method === "GET" && url.pathname === "/metrics") {
        const figures =
          this.serving === undefined
            ? undefined
            : {
                unclaimed: await this.serving.claimable(),
                bytesSent: this.seeder!.stats.bytesSent,
                vouchers: this.seeder!.stats.vouchersAccepted,
              };
        res.writeHead(200, { "content-type": PROMETHEUS_CONTENT_TYPE });
        return void res.end(hostMetrics(statusOf(this.store), figures));
      }
      if (req.method === "GET" && url.pathname === "/info") {
        return send(200, {
          address: this.chain.account.address,
          p2p: { host: this.config.p2p.host, port: this.seeder!.port },
          pricePerGiBPerPeriod: this.config.pricePerGiBPerPeriod,
          collateralPerGiB: this.config.collateralPerGiB,
          ...(this.serving === undefined ? {} : { serving: this.serving.terms }),
        });
      }
      const payer = /^\/payments\/(0x[0-9a-fA-F]{40})$/.exec(url.pathname)?.[1];
      if (req.method === "GET" && payer !== undefined && isAddress(payer)) {
        if (this.serving === undefined) return send(404, { message: "this host serves free" });
        return send(200, await this.serving.paidBy(getAddress(payer)));
      }
      if (req.method === "GET" && url.pathname === "/proofs") return this.serveProofs(req, url, send);
      if (req.method === "POST" && url.pathname === "/offers") return send(...(await this.onOffer(req)));
      const match = /^\/offers\/(0x[0-9a-f]{64})$/.exec(url.pathname);
      if (req.method === "GET" && match) {
        const status = this.offerStatus(match[1] as Hex);
        return status === undefined ? send(404, { reason: "unknown", message: "no such offer" }) : send(200, status);
      }
      send(404, { message: "not found" });
    } catch (error) {
      this.log.error("request failed", { path: url.pathname, error: (error as Error).message });
      send(500, { message: "internal error" });
    }
  }

  health() {
    const deals = this.store.deals();
    return {
      ok: this.lastPass?.error === undefined,
      address: this.chain.account.address,
      market: this.chain.market,
      lastPass: this.lastPass,
      deals: {
        accepted: deals.filter((d) => d.state === "accepted").length,
        pulling: deals.filter((d) => d.state === "pulling").length,
      },
    };
  }

  /** The proofs ready for relayers (serve mode), for `Authorization: Bearer <token>` or `?token=<token>` only. */
  private serveProofs(req: IncomingMessage, url: URL, send: (status: number, body: unknown) => void): void {
    const token = this.config.proofToken;
    const given = (req.headers.authorization ?? "").replace(/^Bearer /, "") || url.searchParams.get("token") || "";
    if (this.config.proofs !== "serve" || token === undefined)
      return send(404, { message: "this host submits its own proofs" });
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    if (a.length !== b.length || !timingSafeEqual(a, b))
      return send(401, { message: "a valid proof token is required" });
    const proofs = this.store.periods(["ready"]).map((p) => JSON.parse(p.proof!) as unknown);
    send(200, proofs);
  }

  private async onOffer(req: IncomingMessage): Promise<[number, unknown]> {
    let body = "";
    for await (const chunk of req) {
      body += String(chunk);
      if (body.length > MAX_BODY) return [413, { reason: "malformed", message: "offer too large" }];
    }
    let parsed;
    try {
      parsed = offerSchema.safeParse(JSON.parse(body));
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || !parsed.success) {
      return [400, { reason: "malformed", message: parsed?.error.issues[0]?.message ?? "not JSON" }];
    }
    const offer = { terms: parsed.data.terms, signature: parsed.data.signature as Hex };
    const check = await checkOffer(offer, this.config, this.chain, this.store);
    if (!check.ok) {
      this.log.info("offer refused", { reason: check.reason, message: check.message });
      return [check.reason === "duplicate" ? 409 : 422, { reason: check.reason, message: check.message }];
    }
    const ticket = randomBytes(24).toString("hex");
    this.store.insertOffer({
      id: check.id,
      terms: toJson(offer.terms),
      signature: offer.signature,
      ticket,
      size: offer.terms.size.toString(),
      shard: join(this.config.dataDir, "shards", `${check.id}.shard`),
    });
    this.log.info("offer taken; waiting for the pull", { id: check.id, size: offer.terms.size });
    return [202, { id: check.id, ticket }];
  }

  offerStatus(id: Hex): OfferStatus | undefined {
    const row = this.store.deal(id);
    if (row === undefined) return undefined;
    return {
      id,
      state: row.state,
      ...(row.reason === null ? {} : { reason: row.reason.split(":")[0] as RefusalReason, message: row.reason }),
      ...(this.progress.has(id) ? { bytes: this.progress.get(id)! } : {}),
    };
  }

  // --- pulls -------------------------------------------------------------------------------------

  private async onPull(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? "/", "http://host");
    const match = /^\/pull\/(0x[0-9a-f]{64})$/.exec(url.pathname);
    const refuse = (status: number, reason: string, message: string) => {
      const body = toJson({ reason, message });
      socket.end(
        `HTTP/1.1 ${status} Refused\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    };
    if (match === null || req.headers.upgrade !== UPGRADE_PROTOCOL)
      return refuse(400, "malformed", "expected GET /pull/<deal id> with Upgrade: btt-p2p/1");
    const id = match[1] as Hex;
    const row = this.store.deal(id);
    const ticket = Buffer.from(url.searchParams.get("ticket") ?? "");
    if (row === undefined || ticket.length !== row.ticket.length || !timingSafeEqual(ticket, Buffer.from(row.ticket)))
      return refuse(403, "unknown", "no offer with this id and ticket");
    if (!this.store.transition(id, "offered", "pulling")) return refuse(409, "duplicate", `the offer is ${row.state}`);
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nupgrade: ${UPGRADE_PROTOCOL}\r\nconnection: Upgrade\r\n\r\n`);
    const terms = JSON.parse(row.terms) as Record<string, string>;
    const root = terms.root as Hex;
    const size = BigInt(row.size);
    this.log.info("pulling shard", { id, root, size });
    try {
      await pullOverSocket({
        socket,
        head,
        root,
        size,
        out: row.shard,
        account: this.chain.account,
        stallTimeoutMs: this.config.pullStallMs,
        onProgress: (p) => this.progress.set(id, p.bytesDone),
      });
    } catch (error) {
      const message = (error as Error).message.split("\n")[0]!;
      const details = JSON.stringify((error as { details?: unknown }).details ?? {});
      const reason = /ban|verif|layer|mismatch|bad piece/i.test(`${message} ${details}`)
        ? "root_mismatch"
        : "pull_failed";
      this.discardShard(row.shard);
      this.store.setState(id, "refused", { reason: `${reason}: ${message} ${details}` });
      this.log.warn("pull failed: offer refused", { id, reason, message, details });
      return;
    } finally {
      this.progress.delete(id);
    }
    await this.accept(row, root, size);
  }

  private async accept(row: DealRow, root: Hex, size: bigint): Promise<void> {
    const id = row.id;
    let source: FileSource | undefined;
    try {
      // The downloader verified every piece; the tree is built once more from what is on disk, and
      // kept as the piece-layer cache the seeder and the prover use.
      source = await FileSource.open(row.shard, { layerCache: `${row.shard}.layer.json` });
      if (source.commitment.root !== root || source.commitment.size !== size) {
        await source.close();
        source = undefined;
        this.discardShard(row.shard);
        this.store.setState(id, "refused", { reason: "root_mismatch: the stored bytes do not match the deal's root" });
        return;
      }
      this.store.setState(id, "accepting");
      const terms = parseTerms(row.terms);
      const hash = await this.chain.exclusive(async () => {
        const sent = await acceptDeal(this.chain.wallet, {
          market: this.chain.market,
          terms,
          signature: row.signature,
        });
        this.store.setState(id, "accepting", { tx: sent.hash });
        await this.chain.mined(sent.hash, "acceptDeal");
        return sent.hash;
      });
      if ((await findDeal(this.chain, id)) === undefined) throw new Error("the deal is not on chain after acceptDeal");
      this.store.setState(id, "accepted");
      this.content.add(source);
      this.trees.set(id, new ContentTree(source.commitment, source.geometry.pieceSize, source.pieceRoots));
      this.log.info("deal accepted", { id, hash, status: DealStatus.Active });
    } catch (error) {
      await source?.close();
      const message = (error as Error).message.split("\n")[0]!;
      this.discardShard(row.shard);
      this.store.setState(id, "refused", { reason: `accept_failed: ${message}` });
      this.log.warn("accept failed: offer refused", { id, message });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.loop);
    await this.running?.catch(() => undefined);
    await this.reloading;
    const closed = new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
    await closed;
    await this.seeder?.close();
    await this.serving?.close();
    await this.content.close();
    this.store.close();
  }
}

/** The deal terms stored with an offer (JSON, decimal strings). */
function parseTerms(json: string): StorageDeal {
  const t = JSON.parse(json) as Record<string, string>;
  const big = (k: string) => BigInt(t[k]!);
  return {
    chainId: big("chainId"),
    market: t.market as Address,
    client: t.client as Address,
    host: t.host as Address,
    root: t.root as Hex,
    size: big("size"),
    start: big("start"),
    periods: big("periods"),
    periodLength: big("periodLength"),
    pricePerPeriod: big("pricePerPeriod"),
    collateral: big("collateral"),
    challengesPerPeriod: big("challengesPerPeriod"),
    nonce: big("nonce"),
    deadline: big("deadline"),
  };
}

/** Binds the host's HTTP server; a port in use is a ConfigError that names it (not an unhandled 'error' event). */
async function listen(server: Server, host: string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) =>
      reject(
        new ConfigError(
          `cannot listen on ${host}:${port}: ${error.code === "EADDRINUSE" ? "the port is in use" : (error.code ?? error.message)}`,
          { cause: error, hints: ["set listen.port in the config to a free port, or stop the program using it"] },
        ),
      );
    server.once("error", failed);
    server.listen(port, host, () => {
      server.off("error", failed);
      resolve();
    });
  });
}
