/**
 * P2P transfer of 256 MiB on loopback, every piece verified against the content root: one seeder
 * to one leecher (unpaid and paid with vouchers), and four seeders to one leecher. Seeders run as
 * child processes (the `seed` CLI), the leecher in this process, files on tmpfs when available.
 * Each rate is compared with the tree-hashing rate (ContentTree of the same bytes in memory)
 * measured in the same run: verification hashes every byte once, so 1.0 is the ceiling.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomFillSync } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

import { zeroAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { ContentTree, hasherName } from "../sdk/src/commitment/index.ts";
import { accountVoucherSigner, download, type DownloadOptions } from "../sdk/src/p2p/index.ts";
import { report } from "./lib/report.ts";

const SIZE = 256 * 1024 * 1024;
const REPEAT = 5;
const CLI = join(import.meta.dirname, "../sdk/src/p2p/cli.ts");
const dir = mkdtempSync(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "btt-p2p-bench-"));
const children: ChildProcess[] = [];

interface Seed {
  readonly port: number;
  readonly root: `0x${string}`;
}

function startSeeder(path: string, extra: string[] = []): Promise<Seed> {
  const child = spawn(process.execPath, [CLI, "seed", path, ...extra], { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`seeder exited with ${code}`)));
    createInterface({ input: child.stdout! }).once("line", (line) => {
      const info = JSON.parse(line) as { port: number; content: { root: `0x${string}` }[] };
      resolve({ port: info.port, root: info.content[0]!.root });
    });
  });
}

try {
  const data = new Uint8Array(SIZE);
  for (let offset = 0; offset < SIZE; offset += 1 << 26) randomFillSync(data, offset, 1 << 26);
  const path = join(dir, "content");
  writeFileSync(path, data);

  const pool = privateKeyToAccount(generatePrivateKey()).address;
  const payer = privateKeyToAccount(generatePrivateKey());
  const paidArgs = ["--price", "1000000000000", "--credit", "512", "--chain-id", "199", "--pool", pool, "--token", zeroAddress, "--key", generatePrivateKey(), "--vouchers", join(dir, "vouchers")];
  const [free, paid, ...four] = await Promise.all([startSeeder(path), startSeeder(path, paidArgs), startSeeder(path), startSeeder(path), startSeeder(path), startSeeder(path)]);
  const root = free!.root;

  const treeHash = (): number => {
    const t0 = performance.now();
    ContentTree.fromBytes(data);
    return performance.now() - t0;
  };
  let run = 0;
  const transfer = async (ports: number[], options: Partial<DownloadOptions> = {}): Promise<number> => {
    const out = join(dir, `out-${run++}`);
    const t0 = performance.now();
    const result = await download({ root, size: BigInt(SIZE), out, peers: ports.map((port) => ({ host: "127.0.0.1", port })), ...options });
    const ms = performance.now() - t0;
    if (result.resumedPieces !== 0) throw new Error("bench download resumed: stale output");
    rmSync(out);
    return ms;
  };
  const payment = { account: payer, payment: { signer: accountVoucherSigner(payer), chainId: 199n, pool, token: zeroAddress, generation: 0n, maxPricePerPiece: 10n ** 12n } };

  // Warm up every path once, then interleave the timed runs so that load affects all alike.
  treeHash();
  await transfer([free!.port]);
  await transfer([paid!.port], payment);
  let treeMs = Number.POSITIVE_INFINITY;
  let freeMs = Number.POSITIVE_INFINITY;
  let paidMs = Number.POSITIVE_INFINITY;
  let fourMs = Number.POSITIVE_INFINITY;
  for (let i = 0; i < REPEAT; i++) {
    treeMs = Math.min(treeMs, treeHash());
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
    { metric: "four_seeders_mb_per_s", value: rate(fourMs), unit: "MB/s", reference: "4 seeder processes -> 1 leecher", better: "higher" },
  ]);
} finally {
  for (const child of children) child.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
