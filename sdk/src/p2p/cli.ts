#!/usr/bin/env node
/**
 * btt-p2p: seed and fetch content by (root, size).
 *
 *   btt-p2p info <file> [--peer host:port]
 *   btt-p2p seed <file|dir> [--port 6881] [--host 127.0.0.1] [--key 0x..]
 *        [--price <wei per piece> --chain-id <id> --pool <address> --token <address> (--rpc <url> | --trust-payers)
 *         [--credit <pieces>] [--max-unpaid <pieces>] [--vouchers <file.json>]]
 *        [--rate <bytes/s>] [--peer-rate <bytes/s>] [--slots 4]
 *   btt-p2p fetch (<link> | <root> <size> --peer host:port [--peer ...]) --out <file> [--key 0x..]
 *        [--chain-id <id> --pool <address> --token <address> --generation 0 --max-price <wei per piece> [--bid <wei per piece>]]
 *
 * Paths are relative to the directory the command was started from (also under `npm run p2p`).
 * The key may also come from BTT_P2P_KEY. `seed` prints one JSON line when it listens, with a
 * link that `fetch` takes in place of root, size and peers.
 */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

import {
  createPublicClient,
  getAddress,
  http,
  isAddress,
  isHex,
  type Address,
  type Hex,
  type LocalAccount,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { ContentTree, DEFAULT_PIECE_SIZE } from "../commitment/index.ts";
import { BttError } from "../errors.ts";
import { FileVoucherStore } from "../payments/store.ts";
import { download, type DownloadProgress, type PeerAddress } from "./downloader.ts";
import { formatLink, parseLink } from "./link.ts";
import { Seeder } from "./seeder.ts";
import { onChainSolvency } from "./solvency.ts";
import { DirectoryStore, FileSource, type ContentSource } from "./source.ts";

/** The port `seed` listens on unless told otherwise (BitTorrent's first port). */
export const DEFAULT_PORT = 6881;

class UsageError extends Error {}

const USAGE = `usage:
  btt-p2p info <file> [--peer HOST:PORT]       root, size and a link for fetch
  btt-p2p seed <file|dir> [--port N (default ${DEFAULT_PORT}, 0: any)] [--host H] [--key 0x..] [--rate B/s] [--peer-rate B/s] [--slots N]
               [--price WEI --chain-id ID --pool ADDR --token ADDR (--rpc URL | --trust-payers)
                [--credit PIECES (default 16)] [--max-unpaid PIECES] [--vouchers FILE]]
  btt-p2p fetch (LINK | <root> <size> --peer HOST:PORT [--peer ...]) --out FILE [--key 0x..]
               [--chain-id ID --pool ADDR --token ADDR --generation N --max-price WEI [--bid WEI]]
               [--timeout MS] [--quiet]
  Paths are relative to the directory you run the command from.
  --rpc checks on chain that each payer has reserved cover for this seeder before extending credit; --trust-payers skips that
  (private swarms, tests): credit is then bounded only by --max-unpaid across all payers.
  --bid offers WEI per piece (at most --max-price) to seeders that rank their upload slots by bid;
  it is paid for every piece verified after it, and sent only to seeders asking less.`;

const options = {
  port: { type: "string" },
  host: { type: "string" },
  key: { type: "string" },
  rate: { type: "string" },
  "peer-rate": { type: "string" },
  slots: { type: "string" },
  price: { type: "string" },
  credit: { type: "string" },
  "chain-id": { type: "string" },
  pool: { type: "string" },
  token: { type: "string" },
  vouchers: { type: "string" },
  rpc: { type: "string" },
  "trust-payers": { type: "boolean" },
  "max-unpaid": { type: "string" },
  peer: { type: "string", multiple: true },
  out: { type: "string" },
  generation: { type: "string" },
  "max-price": { type: "string" },
  bid: { type: "string" },
  timeout: { type: "string" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>["values"];

function integer(name: string, value: string | undefined, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required`);
    return fallback;
  }
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number, got "${value}"`);
  return n;
}

function big(name: string, value: string | undefined, fallback?: bigint): bigint {
  if (value === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required`);
    return fallback;
  }
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number, got "${value}"`);
  return BigInt(value);
}

function address(name: string, value: string | undefined): Address {
  if (value === undefined) throw new UsageError(`--${name} is required in paid mode`);
  if (!isAddress(value, { strict: false })) throw new UsageError(`--${name} must be a 0x address, got "${value}"`);
  return getAddress(value);
}

function accountFrom(values: Values, required: boolean): LocalAccount {
  const key = values.key ?? process.env.BTT_P2P_KEY;
  if (key === undefined) {
    if (required) throw new UsageError("a key is required in paid mode (--key or BTT_P2P_KEY)");
    return privateKeyToAccount(generatePrivateKey());
  }
  if (!isHex(key) || key.length !== 66)
    throw new UsageError("--key must be a 32-byte hex private key (0x + 64 hex digits)");
  return privateKeyToAccount(key);
}

function parsePeer(text: string): PeerAddress {
  const at = text.lastIndexOf(":");
  const port = Number(text.slice(at + 1));
  if (at <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535)
    throw new UsageError(`--peer must be host:port, got "${text}"`);
  return { host: text.slice(0, at).replace(/^\[|\]$/g, ""), port };
}

function mib(bytes: number | bigint): string {
  return `${(Number(bytes) / 2 ** 20).toFixed(1)} MiB`;
}

/**
 * The directory the user ran the command from. `npm run p2p` runs this CLI from the package root and
 * says where it was started (INIT_CWD); any other process that merely inherited npm's variables
 * (a test started by `npm test` spawning the CLI in its own directory) uses its working directory.
 */
function userPath(path: string): string {
  const script = process.env.npm_lifecycle_script ?? "";
  const runByNpmScript = process.env.INIT_CWD !== undefined && /p2p\/cli|btt-p2p/.test(script);
  return resolve(runByNpmScript ? process.env.INIT_CWD! : process.cwd(), path);
}

async function infoCommand(target: string | undefined, values: Values): Promise<void> {
  if (target === undefined) throw new UsageError("info needs a file");
  const path = userPath(target);
  const info = await stat(path).catch(() => undefined);
  if (info === undefined || !info.isFile()) throw new UsageError(`no such file: ${path}`);
  const tree = await ContentTree.fromSource(path, DEFAULT_PIECE_SIZE);
  const peers = (values.peer ?? [`127.0.0.1:${DEFAULT_PORT}`]).map(parsePeer);
  const { root, size } = tree.commitment;
  console.log(JSON.stringify({ path, root, size: size.toString(), link: formatLink({ root, size, peers }) }));
}

async function seedCommand(target: string | undefined, values: Values): Promise<void> {
  if (target === undefined) throw new UsageError("seed needs a file or directory");
  const path = userPath(target);
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) throw new UsageError(`no such file or directory: ${path}`);
  const paid = values.price !== undefined;
  const account = accountFrom(values, paid);
  if (paid && values.rpc === undefined && values["trust-payers"] !== true) {
    throw new UsageError("paid mode needs --rpc URL (to check each payer's reservation on chain) or --trust-payers");
  }
  // A file's piece layer is kept beside it, so a restart does not hash the whole file again.
  const content: ContentSource | DirectoryStore = info.isDirectory()
    ? await DirectoryStore.open(path)
    : await FileSource.open(path, { layerCache: `${path}.btt-layer.json` });
  const sources = content instanceof DirectoryStore ? content.list() : [content];
  const seeder = await Seeder.start({
    account,
    content,
    host: values.host ?? "127.0.0.1",
    port: integer("port", values.port, DEFAULT_PORT),
    uploadSlots: integer("slots", values.slots, 4),
    ...(values.rate === undefined ? {} : { rateLimit: integer("rate", values.rate) }),
    ...(values["peer-rate"] === undefined ? {} : { peerRateLimit: integer("peer-rate", values["peer-rate"]) }),
    ...(paid
      ? {
          payment: {
            pricePerPiece: big("price", values.price),
            // Small by default (4 MiB): what an unknown payer can take before its first voucher.
            creditPieces: integer("credit", values.credit, 16),
            ...(values["max-unpaid"] === undefined
              ? {}
              : { maxUnpaidPieces: integer("max-unpaid", values["max-unpaid"]) }),
            ...(values.rpc === undefined
              ? {}
              : { solvency: onChainSolvency(createPublicClient({ transport: http(values.rpc) })) }),
            chainId: big("chain-id", values["chain-id"]),
            pool: address("pool", values.pool),
            token: address("token", values.token),
            store: await FileVoucherStore.open(userPath(values.vouchers ?? `${path}.vouchers.json`)),
          },
        }
      : {}),
  });
  const reachable = {
    host: seeder.host === "0.0.0.0" || seeder.host === "::" ? "127.0.0.1" : seeder.host,
    port: seeder.port,
  };
  console.log(
    JSON.stringify({
      event: "listening",
      host: seeder.host,
      port: seeder.port,
      address: account.address,
      content: sources.map((s) => ({
        root: s.commitment.root,
        size: s.commitment.size.toString(),
        link: formatLink({ root: s.commitment.root, size: s.commitment.size, peers: [reachable] }),
      })),
    }),
  );
  // Peers and upload totals while it runs (stderr; a line when something changed).
  let shown = "";
  let lastBytes = 0;
  let lastAt = performance.now();
  const status = setInterval(() => {
    const now = performance.now();
    const rate = ((seeder.stats.bytesSent - lastBytes) / 2 ** 20 / ((now - lastAt) / 1000)).toFixed(1);
    lastBytes = seeder.stats.bytesSent;
    lastAt = now;
    const line = `peers ${seeder.peerCount}  sent ${mib(seeder.stats.bytesSent)}  ${rate} MiB/s${paid ? `  vouchers ${seeder.stats.vouchersAccepted}` : ""}`;
    if (line !== shown && values.quiet !== true) process.stderr.write(`${line}\n`);
    shown = line;
  }, 5_000);
  status.unref();
  const stop = async () => {
    await seeder.close();
    if (content instanceof DirectoryStore) await content.close();
    else await content.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
}

function bid(text: string, max: bigint): bigint {
  const value = big("bid", text);
  if (value > max) throw new UsageError(`--bid must be at most --max-price (${max}), got ${value}`);
  return value;
}

async function fetchCommand(positionals: string[], values: Values): Promise<void> {
  let root: string | undefined;
  let sizeText: string | undefined;
  let peers: PeerAddress[];
  const link = positionals[0] !== undefined && positionals.length === 1 ? parseLink(positionals[0]) : undefined;
  if (link !== undefined) {
    root = link.root;
    sizeText = link.size.toString();
    peers = [...link.peers, ...(values.peer ?? []).map(parsePeer)];
  } else {
    [root, sizeText] = positionals;
    if (root === undefined || !isHex(root) || root.length !== 66)
      throw new UsageError("fetch needs a link, or the content root (0x + 64 hex digits) and size");
    if (sizeText === undefined || !/^\d+$/.test(sizeText) || BigInt(sizeText) === 0n)
      throw new UsageError("fetch needs the content size in bytes (a positive whole number)");
    peers = (values.peer ?? []).map(parsePeer);
  }
  if (peers.length === 0) throw new UsageError("fetch needs at least one --peer host:port (or a link with peers)");
  if (values.out === undefined) throw new UsageError("fetch needs --out <file>");
  const out = userPath(values.out);
  if (await alreadyComplete(out, root as Hex, BigInt(sizeText))) {
    if (values.quiet !== true)
      process.stderr.write(`${out} is already complete and verified against the root: nothing to do\n`);
    console.log(JSON.stringify({ event: "done", path: out, size: sizeText, alreadyComplete: true }));
    return;
  }
  const paid = values.pool !== undefined;
  if (values.bid !== undefined && !paid)
    throw new UsageError("--bid needs paid mode (--pool, --token, --chain-id, --max-price)");
  const account = accountFrom(values, paid);
  const quiet = values.quiet === true;
  const tty = process.stderr.isTTY === true;
  let lastLine = 0;
  const show = (p: DownloadProgress, final = false) => {
    if (quiet) return;
    const now = Date.now();
    if (!final && !tty && now - lastLine < 1000) return;
    lastLine = now;
    const pct = ((100 * p.bytesDone) / Number(p.size)).toFixed(1);
    const line = `${mib(p.bytesDone)} / ${mib(p.size)} (${pct}%)  ${(p.bytesPerSecond / 2 ** 20).toFixed(1)} MiB/s  peers ${p.peers}${paid ? `  paid ${p.paid} wei` : ""}`;
    process.stderr.write(tty ? `\r${line}\x1b[K${final ? "\n" : ""}` : `${line}\n`);
  };
  const controller = new AbortController();
  process.once("SIGINT", () => controller.abort());
  const result = await download({
    root: root as Hex,
    size: BigInt(sizeText),
    out,
    peers,
    account,
    signal: controller.signal,
    onProgress: (p) => show(p, p.piecesDone === p.pieceCount),
    onRedial: (peer, attempt, delayMs) => {
      if (!quiet)
        process.stderr.write(
          `${tty ? "\n" : ""}${peer.host}:${peer.port} refused the connection (attempt ${attempt}), retrying in ${delayMs} ms\n`,
        );
    },
    ...(values.timeout === undefined ? {} : { requestTimeoutMs: integer("timeout", values.timeout) }),
    ...(paid
      ? {
          payment: {
            signer: account,
            chainId: big("chain-id", values["chain-id"]),
            pool: address("pool", values.pool),
            token: address("token", values.token),
            generation: big("generation", values.generation, 0n),
            maxPricePerPiece: big("max-price", values["max-price"]),
            ...(values.bid === undefined ? {} : { bid: bid(values.bid, big("max-price", values["max-price"])) }),
          },
        }
      : {}),
  });
  console.log(
    JSON.stringify({
      event: "done",
      path: result.path,
      size: result.size.toString(),
      resumedPieces: result.resumedPieces,
      requests: result.requests,
      paid: result.paid.toString(),
      peers: result.peers.map((p) => ({ ...p, paid: p.paid.toString(), bid: p.bid?.toString() })),
    }),
  );
}

/** True if `out` already holds exactly the content `(root, size)` (hashed to check). */
async function alreadyComplete(out: string, root: Hex, size: bigint): Promise<boolean> {
  const info = await stat(out).catch(() => undefined);
  if (info === undefined || !info.isFile() || BigInt(info.size) !== size) return false;
  const tree = await ContentTree.fromSource(out, DEFAULT_PIECE_SIZE);
  return tree.commitment.root.toLowerCase() === root.toLowerCase();
}

/** Runs the CLI; returns the exit code (0 ok, 1 failure, 2 usage). */
export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const [command, ...rest] = parsed.positionals;
  try {
    if (parsed.values.help === true || command === undefined) {
      console.error(USAGE);
      return command === undefined && parsed.values.help !== true ? 2 : 0;
    }
    if (command === "info") await infoCommand(rest[0], parsed.values);
    else if (command === "seed") await seedCommand(rest[0], parsed.values);
    else if (command === "fetch") await fetchCommand(rest, parsed.values);
    else throw new UsageError(`unknown command "${command}"`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`error: ${error.message}\n${USAGE}`);
      return 2;
    }
    if (error instanceof BttError) {
      console.error(`\nerror: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code !== 0) process.exit(code);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
