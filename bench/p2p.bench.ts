/**
 * P2P transfer of 256 MiB on loopback, every piece verified against the content root: one seeder
 * to one leecher (unpaid and paid with vouchers), and four seeders to one leecher. Seeders run as
 * child processes (the `seed` CLI), the leecher in this process, files on tmpfs when available.
 * Each rate is compared with the tree-hashing rate (ContentTree of the same bytes in memory)
 * measured in the same run: verification hashes every byte once, so 1.0 is the ceiling. A second
 * reference, `raw_verified_mb_per_s`, streams the same file over one plain TCP connection whose
 * receiver verifies and writes each piece exactly as the downloader does, with no protocol at
 * all: the physical limit of this receive-verify-write path on this machine.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomFillSync } from "node:crypto";
import { closeSync, existsSync, ftruncateSync, mkdtempSync, openSync, rmSync, write, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

import { zeroAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { ContentTree, DEFAULT_PIECE_SIZE, hasherName, pieceGeometry, subtreeRoot } from "../sdk/src/commitment/index.ts";
import { download, type DownloadOptions } from "../sdk/src/p2p/index.ts";
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
}

function startSeeder(path: string, extra: string[] = [], raw = false): Promise<Seed> {
  const args = raw ? ["--input-type=module", "-e", RAW_SENDER, path] : [CLI, "seed", path, ...extra];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`seeder exited with ${code}`)));
    createInterface({ input: child.stdout! }).once("line", (line) => {
      const info = JSON.parse(line) as { port: number; content: { root: `0x${string}` }[] };
      resolve({ port: info.port, root: info.content[0]!.root });
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
  const paidArgs = ["--price", "1000000000000", "--credit", "512", "--chain-id", "199", "--pool", pool, "--token", zeroAddress, "--key", generatePrivateKey(), "--vouchers", join(dir, "vouchers")];
  const [raw, free, paid, ...four] = await Promise.all([startSeeder(path, [], true), startSeeder(path), startSeeder(path, paidArgs), startSeeder(path), startSeeder(path), startSeeder(path), startSeeder(path)]);
  const root = free!.root;
  const tree = ContentTree.fromBytes(data);
  const level = pieceGeometry(BigInt(SIZE), DEFAULT_PIECE_SIZE).level;

  /** Receives the raw stream into pieces, verifies each against the tree and writes it at its offset. */
  const rawTransfer = async (): Promise<number> => {
    const out = join(dir, `raw-${run++}`);
    const t0 = performance.now();
    const fd = openSync(out, "w+");
    ftruncateSync(fd, SIZE);
    let piece = Buffer.allocUnsafeSlow(DEFAULT_PIECE_SIZE);
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
            for (let off = 0; off < n; ) {
              const take = Math.min(DEFAULT_PIECE_SIZE - fill, n - off);
              piece.set(chunk.subarray(off, off + take), fill);
              fill += take;
              off += take;
              if (fill < DEFAULT_PIECE_SIZE) continue;
              if (!Buffer.from(subtreeRoot(piece, level)).equals(Buffer.from(tree.pieceRoot(index).slice(2), "hex"))) bad++;
              pending++;
              write(fd, piece, 0, DEFAULT_PIECE_SIZE, index * DEFAULT_PIECE_SIZE, () => pending--);
              index++;
              piece = Buffer.allocUnsafeSlow(DEFAULT_PIECE_SIZE);
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

  const treeHash = (): number => {
    const t0 = performance.now();
    ContentTree.fromBytes(data);
    return performance.now() - t0;
  };
  const transfer = async (ports: number[], options: Partial<DownloadOptions> = {}): Promise<number> => {
    const out = join(dir, `out-${run++}`);
    const t0 = performance.now();
    const result = await download({ root, size: BigInt(SIZE), out, peers: ports.map((port) => ({ host: "127.0.0.1", port })), ...options });
    const ms = performance.now() - t0;
    if (result.resumedPieces !== 0) throw new Error("bench download resumed: stale output");
    rmSync(out);
    return ms;
  };
  const payment = { account: payer, payment: { signer: payer, chainId: 199n, pool, token: zeroAddress, generation: 0n, maxPricePerPiece: 10n ** 12n } };

  // Warm up every path once, then interleave the timed runs so that load affects all alike.
  treeHash();
  await transfer([free!.port]);
  await transfer([paid!.port], payment);
  let treeMs = Number.POSITIVE_INFINITY;
  let freeMs = Number.POSITIVE_INFINITY;
  let paidMs = Number.POSITIVE_INFINITY;
  let fourMs = Number.POSITIVE_INFINITY;
  let rawMs = Number.POSITIVE_INFINITY;
  await rawTransfer();
  for (let i = 0; i < REPEAT; i++) {
    treeMs = Math.min(treeMs, treeHash());
    rawMs = Math.min(rawMs, await rawTransfer());
    freeMs = Math.min(freeMs, await transfer([free!.port]));
    paidMs = Math.min(paidMs, await transfer([paid!.port], payment));
    fourMs = Math.min(fourMs, await transfer(four.map((s) => s.port)));
  }
  const mb = SIZE / 1e6;
  const rate = (ms: number) => mb / (ms / 1000);
  await report("p2p", [
    { metric: "loopback_mb_per_s", value: rate(freeMs), unit: "MB/s", reference: "1 seeder process -> 1 leecher, 256 MiB, every piece verified", better: "higher" },
    { metric: "treehash_mb_per_s", value: rate(treeMs), unit: "MB/s", reference: `ContentTree.fromBytes of the same 256 MiB (${hasherName})`, better: "higher" },
    { metric: "loopback_ratio_vs_treehash", value: rate(freeMs) / rate(treeMs), unit: "ratio", reference: "ceiling ~1 (each byte hashed once)", target: 0.8, better: "higher" },
    { metric: "paid_mb_per_s", value: rate(paidMs), unit: "MB/s", reference: "same, with cumulative vouchers (credit 512 pieces = 128 MiB, ~0.4 s at this rate: <= 4 vouchers/s)", better: "higher" },
    { metric: "paid_slowdown_pct", value: (100 * (paidMs - freeMs)) / freeMs, unit: "%", reference: "paid vs unpaid, same run", target: 5, better: "lower" },
    { metric: "raw_verified_mb_per_s", value: rate(rawMs), unit: "MB/s", reference: "same bytes on one plain TCP stream, receiver verifies and writes each piece; no protocol", better: "higher" },
    { metric: "loopback_ratio_vs_raw_verified", value: rate(freeMs) / rate(rawMs), unit: "ratio", reference: "protocol overhead: 1.0 = none", better: "higher" },
    { metric: "four_seeders_mb_per_s", value: rate(fourMs), unit: "MB/s", reference: "4 seeder processes -> 1 leecher", better: "higher" },
  ]);
} finally {
  for (const child of children) child.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
