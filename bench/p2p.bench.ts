/**
 * P2P transfer of 256 MiB on loopback, every piece verified against the content root: one seeder
 * to one leecher (unpaid and paid with vouchers), and four seeders to one leecher. Seeders run as
 * child processes (the `seed` CLI), the leecher in this process, files on tmpfs when available.
 * Each rate is compared with the tree-hashing rate (ContentTree of the same bytes in memory)
 * measured in the same run: verification hashes every byte once, so 1.0 is the ceiling. A second
 * reference, `raw_verified_mb_per_s`, streams the same file over one plain TCP connection whose
 * receiver verifies and writes each piece exactly as the downloader does, with no protocol at
 * all: the physical limit of this receive-verify-write path on this machine.
 *
 * Also: 4 seeders -> 1 against 1 -> 1 in the same run; the CLI's own end-to-end rate (process
 * start to verified file) beside the library's; the leecher's CPU seconds per byte against those
 * of building the tree of the same bytes (`process.cpuUsage`, so the seeders' share of the two
 * cores does not blur it), and the raw reference's receiver CPU on the same scale (what reading,
 * hashing and writing the bytes cost with no protocol at all); and a seeder's RSS under a request
 * flood from peers that never read.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomFillSync } from "node:crypto";
import {
  closeSync,
  existsSync,
  ftruncateSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  write,
  writeFileSync,
} from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

import { zeroAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { ContentTree, DEFAULT_PIECE_SIZE, hasherName, pieceGeometry, subtreeRoot } from "@btt-network/sdk/commitment";
import { download, formatLink, type DownloadOptions } from "@btt-network/sdk/p2p";
import { ID, RawPeer, frame, requestFrame } from "../test/sdk/p2p/support/rawPeer.ts";
import { report } from "./lib/report.ts";

const SIZE = 256 * 1024 * 1024;
const REPEAT = 5;
const CLI = join(import.meta.dirname, "../sdk/src/p2p/cli.ts");
const dir = mkdtempSync(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "btt-p2p-bench-"));
const children: ChildProcess[] = [];

/** A plain TCP sender of one file in 1 MiB writes (the raw reference), run as a child process. */
const RAW_SENDER = `
import { createServer } from "node:net";
import { open } from "node:fs/promises";
const server = createServer(async (socket) => {
  const h = await open(process.argv[1], "r");
  const size = (await h.stat()).size;
  for (let off = 0; off < size; off += 1 << 20) {
    const buf = Buffer.allocUnsafeSlow(1 << 20);
    const { bytesRead } = await h.read(buf, 0, buf.length, off);
    if (!socket.write(buf.subarray(0, bytesRead))) await new Promise((r) => socket.once("drain", r));
  }
  await h.close();
  socket.end();
});
server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: server.address().port, content: [{ root: "0x" }] })));
`;

interface Seed {
  readonly port: number;
  readonly root: `0x${string}`;
  readonly pid: number;
}

/** Resident set size of a process, from /proc (Linux). */
function rssOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match === null ? Number.NaN : Number(match[1]) * 1024;
}

/** CPU seconds (user + system) of `fn` in this process. */
async function cpuSeconds<T>(fn: () => Promise<T> | T): Promise<{ value: T; cpu: number; ms: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, cpu: (c.user + c.system) / 1e6, ms };
}

function startSeeder(path: string, extra: string[] = [], raw = false): Promise<Seed> {
  const args = raw
    ? ["--input-type=module", "-e", RAW_SENDER, path]
    : [CLI, "seed", path, "--port", "0", "--quiet", ...extra];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`seeder exited with ${code}`)));
    createInterface({ input: child.stdout! }).once("line", (line) => {
      const info = JSON.parse(line) as { port: number; content: { root: `0x${string}` }[] };
      resolve({ port: info.port, root: info.content[0]!.root, pid: child.pid as number });
    });
  });
}

let run = 0;
try {
  const data = new Uint8Array(SIZE);
  for (let offset = 0; offset < SIZE; offset += 1 << 26) randomFillSync(data, offset, 1 << 26);
  const path = join(dir, "content");
  writeFileSync(path, data);

  const pool = privateKeyToAccount(generatePrivateKey()).address;
  const payer = privateKeyToAccount(generatePrivateKey());
  // No chain here: the paid seeder trusts payers (its unpaid credit is still bounded by --max-unpaid).
  const paidArgs = [
    "--price",
    "1000000000000",
    "--credit",
    "512",
    "--max-unpaid",
    "2560",
    "--trust-payers",
    "--chain-id",
    "199",
    "--pool",
    pool,
    "--token",
    zeroAddress,
    "--key",
    generatePrivateKey(),
    "--vouchers",
    join(dir, "vouchers.json"),
  ];
  const [raw, free, paid, ...four] = await Promise.all([
    startSeeder(path, [], true),
    startSeeder(path),
    startSeeder(path, paidArgs),
    startSeeder(path),
    startSeeder(path),
    startSeeder(path),
    startSeeder(path),
  ]);
  const flooded = await startSeeder(path);
  const root = free!.root;
  const tree = ContentTree.fromBytes(data);
  const level = pieceGeometry(BigInt(SIZE), DEFAULT_PIECE_SIZE).level;

  /** Receives the raw stream into pieces, verifies each against the tree and writes it at its offset. */
  const rawTransfer = async (): Promise<number> => {
    const out = join(dir, `raw-${run++}`);
    const t0 = performance.now();
    const fd = openSync(out, "w+");
    ftruncateSync(fd, SIZE);
    // Piece buffers are reused once written, as the downloader does (a fresh one per piece made
    // this reference pay for page faults and collections that the downloader does not).
    let piece = Buffer.allocUnsafeSlow(DEFAULT_PIECE_SIZE);
    const free: (typeof piece)[] = [];
    let fill = 0;
    let index = 0;
    let pending = 0;
    let bad = 0;
    await new Promise<void>((resolve, reject) => {
      const socket = connect({
        host: "127.0.0.1",
        port: raw!.port,
        onread: {
          buffer: Buffer.allocUnsafeSlow(1 << 20),
          callback: (n: number, chunk: Uint8Array) => {
            for (let off = 0; off < n;) {
              const take = Math.min(DEFAULT_PIECE_SIZE - fill, n - off);
              piece.set(chunk.subarray(off, off + take), fill);
              fill += take;
              off += take;
              if (fill < DEFAULT_PIECE_SIZE) continue;
              if (!Buffer.from(subtreeRoot(piece, level)).equals(Buffer.from(tree.pieceRoot(index).slice(2), "hex")))
                bad++;
              pending++;
              const written = piece;
              write(fd, written, 0, DEFAULT_PIECE_SIZE, index * DEFAULT_PIECE_SIZE, () => {
                pending--;
                free.push(written);
              });
              index++;
              piece = free.pop() ?? Buffer.allocUnsafeSlow(DEFAULT_PIECE_SIZE);
              fill = 0;
            }
            return true;
          },
        },
      });
      socket.on("end", () => resolve());
      socket.on("error", reject);
    });
    while (pending > 0) await new Promise((r) => setImmediate(r));
    closeSync(fd);
    const ms = performance.now() - t0;
    rmSync(out);
    if (bad !== 0 || index !== SIZE / DEFAULT_PIECE_SIZE) throw new Error("raw reference transfer is wrong");
    return ms;
  };

  let treeCpu = Number.POSITIVE_INFINITY;
  let leecherCpu = Number.POSITIVE_INFINITY;
  let fourCpu = Number.POSITIVE_INFINITY;
  let rawCpu = Number.POSITIVE_INFINITY;
  const treeHash = async (): Promise<number> => {
    const { ms, cpu } = await cpuSeconds(() => ContentTree.fromBytes(data));
    treeCpu = Math.min(treeCpu, cpu);
    return ms;
  };
  const rawRun = async (): Promise<number> => {
    const { value: ms, cpu } = await cpuSeconds(rawTransfer);
    rawCpu = Math.min(rawCpu, cpu);
    return ms;
  };
  const transfer = async (
    ports: number[],
    options: Partial<DownloadOptions> = {},
    measureCpu = false,
  ): Promise<number> => {
    const out = join(dir, `out-${run++}`);
    const {
      value: result,
      ms,
      cpu,
    } = await cpuSeconds(() =>
      download({
        root,
        size: BigInt(SIZE),
        out,
        peers: ports.map((port) => ({ host: "127.0.0.1", port })),
        ...options,
      }),
    );
    if (measureCpu && ports.length === 1) leecherCpu = Math.min(leecherCpu, cpu);
    if (measureCpu && ports.length > 1) fourCpu = Math.min(fourCpu, cpu);
    if (result.resumedPieces !== 0) throw new Error("bench download resumed: stale output");
    rmSync(out);
    return ms;
  };
  /** The CLI end to end: process start to verified file, fetching by link. */
  const cliTransfer = async (port: number): Promise<number> => {
    const out = join(dir, `cli-${run++}`);
    const t0 = performance.now();
    const child = spawn(
      process.execPath,
      [
        CLI,
        "fetch",
        formatLink({ root, size: BigInt(SIZE), peers: [{ host: "127.0.0.1", port }] }),
        "--out",
        out,
        "--quiet",
      ],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    const ms = performance.now() - t0;
    if (code !== 0) throw new Error(`CLI fetch exited with ${code}`);
    rmSync(out);
    return ms;
  };
  /** Seeder RSS growth while 8 authenticated peers pipeline requests and never read. */
  const floodRss = async (): Promise<number> => {
    const content = { root, size: BigInt(SIZE), pieceSize: DEFAULT_PIECE_SIZE };
    const before = rssOf(flooded.pid);
    const requests: Buffer[] = [];
    for (let i = 0; requests.length * 17 < 1 << 16; i++)
      requests.push(requestFrame((i * 7) % 1024, (i % 16) << 14, 1 << 14));
    const chunk = Buffer.concat(requests);
    const peers = await Promise.all(
      Array.from({ length: 8 }, () =>
        RawPeer.handshake(flooded.port, privateKeyToAccount(generatePrivateKey()), content),
      ),
    );
    let peak = before;
    await Promise.all(
      peers.map(async (p) => {
        await p.until(() => p.count(ID.haveAll) > 0);
        p.socket.write(frame(ID.interested));
        p.socket.pause();
        for (let sent = 0; sent < 16 << 20 && !p.closed; sent += chunk.length) {
          if (!p.socket.write(chunk)) {
            let timer: NodeJS.Timeout | undefined;
            const drained = await Promise.race([
              new Promise<boolean>((resolve) => p.socket.once("drain", () => resolve(true))),
              new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 2_000))),
            ]);
            clearTimeout(timer);
            peak = Math.max(peak, rssOf(flooded.pid));
            if (!drained) break; // backpressure: the seeder stopped reading this peer
          }
        }
      }),
    );
    peak = Math.max(peak, rssOf(flooded.pid));
    for (const p of peers) p.close();
    return peak - before;
  };
  const payment = {
    account: payer,
    payment: { signer: payer, chainId: 199n, pool, token: zeroAddress, generation: 0n, maxPricePerPiece: 10n ** 12n },
  };

  // Warm up every path once, then interleave the timed runs so that load affects all alike.
  await treeHash();
  await transfer([free!.port]);
  await transfer([paid!.port], payment);
  await transfer(four.map((s) => s.port));
  let treeMs = Number.POSITIVE_INFINITY;
  let freeMs = Number.POSITIVE_INFINITY;
  let paidMs = Number.POSITIVE_INFINITY;
  let fourMs = Number.POSITIVE_INFINITY;
  let rawMs = Number.POSITIVE_INFINITY;
  let cliMs = Number.POSITIVE_INFINITY;
  await rawTransfer();
  for (let i = 0; i < REPEAT; i++) {
    treeMs = Math.min(treeMs, await treeHash());
    rawMs = Math.min(rawMs, await rawRun());
    freeMs = Math.min(freeMs, await transfer([free!.port], {}, true));
    fourMs = Math.min(
      fourMs,
      await transfer(
        four.map((s) => s.port),
        {},
        true,
      ),
    );
    paidMs = Math.min(paidMs, await transfer([paid!.port], payment));
    cliMs = Math.min(cliMs, await cliTransfer(free!.port));
  }
  const floodGrowth = await floodRss();
  const mb = SIZE / 1e6;
  const rate = (ms: number) => mb / (ms / 1000);
  await report("p2p", [
    {
      metric: "loopback_mb_per_s",
      value: rate(freeMs),
      unit: "MB/s",
      reference: "1 seeder process -> 1 leecher, 256 MiB, every piece verified",
      better: "higher",
    },
    {
      metric: "treehash_mb_per_s",
      value: rate(treeMs),
      unit: "MB/s",
      reference: `ContentTree.fromBytes of the same 256 MiB (${hasherName})`,
      better: "higher",
    },
    {
      metric: "loopback_ratio_vs_treehash",
      value: rate(freeMs) / rate(treeMs),
      unit: "ratio",
      reference: "ceiling ~1 (each byte hashed once)",
      target: 0.8,
      better: "higher",
    },
    {
      metric: "paid_mb_per_s",
      value: rate(paidMs),
      unit: "MB/s",
      reference: "same, with cumulative vouchers (credit 512 pieces = 128 MiB, ~0.4 s at this rate: <= 4 vouchers/s)",
      better: "higher",
    },
    {
      metric: "paid_slowdown_pct",
      value: (100 * (paidMs - freeMs)) / freeMs,
      unit: "%",
      reference: "paid vs unpaid, same run",
      target: 5,
      better: "lower",
    },
    {
      metric: "raw_verified_mb_per_s",
      value: rate(rawMs),
      unit: "MB/s",
      reference: "same bytes on one plain TCP stream, receiver verifies and writes each piece; no protocol",
      better: "higher",
    },
    {
      metric: "loopback_ratio_vs_raw_verified",
      value: rate(freeMs) / rate(rawMs),
      unit: "ratio",
      reference: "protocol overhead: 1.0 = none",
      better: "higher",
    },
    {
      metric: "four_seeders_mb_per_s",
      value: rate(fourMs),
      unit: "MB/s",
      reference: "4 seeder processes -> 1 leecher",
      better: "higher",
    },
    {
      metric: "four_vs_one_ratio",
      value: rate(fourMs) / rate(freeMs),
      unit: "ratio",
      reference: "4 seeders -> 1 against 1 -> 1, same run (2 cores: 5 processes share them)",
      target: 1,
      better: "higher",
    },
    {
      metric: "cli_mb_per_s",
      value: rate(cliMs),
      unit: "MB/s",
      reference: "`btt-p2p fetch <link>`: process start to verified file, 1 seeder",
      better: "higher",
    },
    {
      metric: "cli_ratio_vs_library",
      value: rate(cliMs) / rate(freeMs),
      unit: "ratio",
      reference: "CLI end to end against the library's download() of the same seeder",
      better: "higher",
    },
    {
      metric: "leecher_cpu_ratio_vs_treehash",
      value: leecherCpu / treeCpu,
      unit: "ratio",
      reference: `leecher CPU s (process.cpuUsage, 1 -> 1) / CPU s of ContentTree.fromBytes of the same bytes (${leecherCpu.toFixed(2)} / ${treeCpu.toFixed(2)})`,
      target: 1.5,
      better: "lower",
    },
    {
      metric: "raw_verified_cpu_ratio_vs_treehash",
      value: rawCpu / treeCpu,
      unit: "ratio",
      reference: `receiver CPU s of the no-protocol reference (socket read, one copy, hash, write: the floor of this path) / tree-hash CPU s (${rawCpu.toFixed(2)} / ${treeCpu.toFixed(2)})`,
      better: "lower",
    },
    {
      metric: "leecher_cpu_ratio_vs_raw_verified",
      value: leecherCpu / rawCpu,
      unit: "ratio",
      reference:
        "leecher CPU s (1 -> 1) / receiver CPU s of the no-protocol reference: the protocol's own CPU cost, 1.0 = none",
      better: "lower",
    },
    {
      metric: "four_seeders_leecher_cpu_ratio_vs_treehash",
      value: fourCpu / treeCpu,
      unit: "ratio",
      reference: `leecher CPU s (4 -> 1) / tree-hash CPU s (${fourCpu.toFixed(2)} / ${treeCpu.toFixed(2)}): per-connection cost`,
      better: "lower",
    },
    {
      metric: "seeder_rss_growth_under_request_flood_mb",
      value: floodGrowth / 2 ** 20,
      unit: "MiB",
      reference: "seeder process RSS growth while 8 peers pipeline up to 16 MiB of requests each and never read",
      better: "lower",
    },
  ]);
} finally {
  for (const child of children) child.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
