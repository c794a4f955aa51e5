import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";

import { expect } from "chai";
import { privateKeyToAccount } from "viem/accounts";

import { DEFAULT_PIECE_SIZE } from "../../../sdk/src/commitment/index.ts";
import { BLOCK_SIZE, Bitfield, FileSource, type Sidecar } from "../../../sdk/src/p2p/index.ts";
import { MemoryVoucherStore } from "../../../sdk/src/payments/index.ts";
import { seed, tempDir, writeRandomFile } from "./support/helpers.ts";

const CLI = join(import.meta.dirname, "..", "..", "..", "sdk", "src", "p2p", "cli.ts");

function sidecarCount(out: string, pieces: number): number {
  try {
    const sidecar = JSON.parse(readFileSync(`${out}.part.json`, "utf8")) as Sidecar;
    return new Bitfield(pieces, Buffer.from(sidecar.verified, "base64")).count;
  } catch {
    return 0;
  }
}

/** Runs the CLI with `args` to its exit without blocking the event loop (unlike spawnSync). */
function runCli(args: string[], cwd?: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("p2p CLI", function () {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it("fetch killed with SIGKILL half-way resumes without re-downloading verified pieces", async () => {
    const pieces = 64;
    const size = pieces * DEFAULT_PIECE_SIZE;
    const { path, data } = writeRandomFile(tmp.dir, "src", size);
    const s = await seed(path, { peerRateLimit: 8 << 20 }); // ~2 s: the kill lands mid-way even under load
    try {
      const out = join(tmp.dir, "out");
      const args = [
        CLI,
        "fetch",
        s.source.commitment.root,
        String(size),
        "--peer",
        `127.0.0.1:${s.seeder.port}`,
        "--out",
        out,
        "--quiet",
      ];
      const child = spawn(process.execPath, args, { stdio: "ignore" });
      const exited = new Promise((r) => child.on("exit", r));
      const deadline = Date.now() + 20_000;
      while (sidecarCount(out, pieces) < pieces / 4 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      child.kill("SIGKILL");
      await exited;
      const kept = sidecarCount(out, pieces);
      expect(kept).to.be.within(pieces / 4, pieces - 1);
      expect(existsSync(out)).to.equal(false);

      const before = s.seeder.stats.requests;
      const second = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
      let stdout = "";
      second.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      const code = await new Promise((r) => second.on("exit", r));
      expect(code).to.equal(0);
      const done = JSON.parse(stdout.trim()) as { resumedPieces: number; requests: number };
      expect(readFileSync(out).equals(data)).to.equal(true);
      expect(done.resumedPieces).to.equal(kept);
      expect(done.requests).to.equal((pieces - done.resumedPieces) * (DEFAULT_PIECE_SIZE / BLOCK_SIZE));
      expect(s.seeder.stats.requests - before).to.equal(done.requests);
    } finally {
      await s.close();
    }
  });

  it("explains bad usage and exits with 2", async () => {
    // The CLI processes run side by side: each spends its time loading modules.
    const run = (...args: string[]) => runCli(args);
    const paid = [
      "--pool",
      `0x${"11".repeat(20)}`,
      "--token",
      `0x${"00".repeat(20)}`,
      "--chain-id",
      "199",
      "--key",
      `0x${"22".repeat(32)}`,
    ];
    const [missingOut, badPeer, badRoot, paidNoKey, bidUnpaid, bidTooHigh] = await Promise.all([
      run("fetch", `0x${"ab".repeat(32)}`, "100", "--peer", "127.0.0.1:1"),
      run("fetch", `0x${"ab".repeat(32)}`, "100", "--peer", "nowhere", "--out", "x"),
      run("fetch", "0x12", "100"),
      run("seed", "/etc/hostname", "--price", "1"),
      run("fetch", `0x${"ab".repeat(32)}`, "100", "--peer", "127.0.0.1:1", "--out", "x", "--bid", "5"),
      run(
        "fetch",
        `0x${"ab".repeat(32)}`,
        "100",
        "--peer",
        "127.0.0.1:1",
        "--out",
        "x",
        ...paid,
        "--max-price",
        "4",
        "--bid",
        "5",
      ),
    ]);
    expect(missingOut.status).to.equal(2);
    expect(missingOut.stderr).to.match(/fetch needs --out <file>/);
    expect(badPeer.status).to.equal(2);
    expect(badPeer.stderr).to.match(/--peer must be host:port/);
    expect(badRoot.stderr).to.match(/content root/);
    expect(paidNoKey.stderr).to.match(/a key is required in paid mode/);
    expect(bidUnpaid.status).to.equal(2);
    expect(bidUnpaid.stderr).to.match(/--bid needs paid mode/);
    expect(bidTooHigh.status).to.equal(2);
    expect(bidTooHigh.stderr).to.match(/--bid must be at most --max-price \(4\), got 5/);
  });

  it("fetch --bid pays the bid for every verified piece of a paid seeder", async () => {
    const pieces = 6;
    const size = pieces * DEFAULT_PIECE_SIZE;
    const { path } = writeRandomFile(tmp.dir, "src", size);
    const pool = `0x${"11".repeat(20)}` as const;
    const token = `0x${"00".repeat(20)}` as const;
    const store = new MemoryVoucherStore();
    const s = await seed(path, { payment: { pricePerPiece: 10n, creditPieces: 4, chainId: 199n, pool, token, store } });
    try {
      const args = [
        CLI,
        "fetch",
        s.source.commitment.root,
        String(size),
        "--peer",
        `127.0.0.1:${s.seeder.port}`,
        "--out",
        join(tmp.dir, "out"),
        "--quiet",
      ];
      const paid = [
        "--pool",
        pool,
        "--token",
        token,
        "--chain-id",
        "199",
        "--key",
        `0x${"22".repeat(32)}`,
        "--max-price",
        "100",
        "--bid",
        "25",
      ];
      const child = spawn(process.execPath, [...args, ...paid], { stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      const code = await new Promise((r) => child.on("exit", r));
      expect(code).to.equal(0);
      const done = JSON.parse(stdout.trim().split("\n").at(-1)!) as { paid: string; peers: { bid: string }[] };
      expect(done.paid).to.equal(String(25 * pieces));
      expect(done.peers[0]?.bid).to.equal("25");
      await s.seeder.drained();
      const best = (await store.get(privateKeyToAccount(`0x${"22".repeat(32)}`).address, token))?.voucher;
      expect(best?.cumulativeAmount).to.equal(25n * BigInt(pieces));
    } finally {
      await s.close();
    }
  });

  it("reports an unreachable peer as a clear error with exit code 1", () => {
    const r = spawnSync(
      process.execPath,
      [CLI, "fetch", `0x${"ab".repeat(32)}`, "100", "--peer", "127.0.0.1:1", "--out", join(tmp.dir, "o")],
      { encoding: "utf8" },
    );
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/No peer left to download from/);
    expect(r.stderr).to.match(/ECONNREFUSED/);
  });

  it("fetch retries a refused connection with backoff and completes once the seeder listens", async () => {
    const size = 3 * DEFAULT_PIECE_SIZE + 5;
    const { path, data } = writeRandomFile(tmp.dir, "src", size);
    // A loopback port with no listener yet: the first dial is refused.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const source = await FileSource.open(path);
    const root = source.commitment.root;
    await source.close();
    const out = join(tmp.dir, "out");
    const child = spawn(
      process.execPath,
      [CLI, "fetch", root, String(size), "--peer", `127.0.0.1:${port}`, "--out", out],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    const exited = once(child, "exit") as Promise<[number | null]>;
    let s: Awaited<ReturnType<typeof seed>> | undefined;
    try {
      const attempts: string[] = [];
      for await (const line of createInterface({ input: child.stderr })) {
        if (/refused the connection/.test(line)) attempts.push(line);
        // The seeder appears only after the CLI has logged its first refused attempt.
        if (attempts.length === 1 && s === undefined) s = await seed(path, { host: "127.0.0.1", port });
      }
      const [status] = await exited;
      expect(status).to.equal(0);
      expect(attempts[0]).to.match(
        new RegExp(`127\\.0\\.0\\.1:${port} refused the connection \\(attempt 1\\), retrying in 100 ms`),
      );
      expect(readFileSync(out).equals(data)).to.equal(true);
      expect(s!.seeder.stats.bytesSent).to.be.at.least(size);
    } finally {
      if (child.exitCode === null) child.kill("SIGTERM");
      await s?.close();
    }
  });

  it("a newcomer's session: seed and fetch from their own directory with relative paths and the shareable link", async () => {
    const home = join(tmp.dir, "home");
    const other = join(tmp.dir, "elsewhere");
    mkdirSync(home);
    mkdirSync(other);
    const size = 6 * DEFAULT_PIECE_SIZE + 11;
    const { data } = writeRandomFile(home, "movie.bin", size);
    const cli = (cwd: string, ...args: string[]) =>
      spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8" });

    const info = cli(home, "info", "movie.bin", "--peer", "127.0.0.1:7000");
    expect(info.status, info.stderr).to.equal(0);
    const described = JSON.parse(info.stdout) as { root: string; size: string; link: string };
    expect(described.size).to.equal(String(size));
    expect(described.link).to.equal(`btt://${described.root}/${size}?peer=127.0.0.1:7000`);

    const seeder = spawn(process.execPath, [CLI, "seed", "movie.bin", "--port", "0"], {
      cwd: home,
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const [line] = (await once(createInterface({ input: seeder.stdout }), "line")) as [string];
      const listening = JSON.parse(line) as { port: number; content: { root: string; link: string }[] };
      const link = listening.content[0]!.link;
      expect(listening.content[0]!.root).to.equal(described.root);
      expect(existsSync(join(home, "movie.bin.btt-layer.json"))).to.equal(true); // a restart reuses the layer

      const fetched = cli(other, "fetch", link, "--out", "copy.bin");
      expect(fetched.status, fetched.stderr).to.equal(0);
      expect(readFileSync(join(other, "copy.bin")).equals(data)).to.equal(true);
      expect(fetched.stderr).to.match(/MiB\/s/);
      expect(fetched.stderr).to.not.match(/paid/); // free mode says nothing about payment

      const again = cli(other, "fetch", link, "--out", "copy.bin");
      expect(again.status).to.equal(0);
      expect(again.stderr).to.match(/already complete and verified/);

      // A wrong size is refused by name, and a failed attempt leaves no partial file behind.
      const wrong = cli(
        other,
        "fetch",
        described.root,
        String(size + 1),
        "--peer",
        `127.0.0.1:${listening.port}`,
        "--out",
        "wrong.bin",
      );
      expect(wrong.status).to.equal(1);
      expect(wrong.stderr).to.match(/does not serve this content/);
      expect(existsSync(join(other, "wrong.bin.part"))).to.equal(false);
    } finally {
      seeder.kill("SIGTERM");
      await once(seeder, "exit");
    }
  });

  it("fetch pointed at an ordinary BitTorrent peer says that it is one", async () => {
    const server = createServer((socket) => {
      socket.on("error", () => undefined);
      socket.write(
        Buffer.concat([Buffer.from([19]), Buffer.from("BitTorrent protocol"), Buffer.alloc(8), Buffer.alloc(40, 1)]),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const r = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          [
            CLI,
            "fetch",
            `0x${"ab".repeat(32)}`,
            "100",
            "--peer",
            `127.0.0.1:${port}`,
            "--out",
            join(tmp.dir, "bt.bin"),
          ],
          { stdio: ["ignore", "ignore", "pipe"] },
        );
        let stderr = "";
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("exit", (status) => resolve({ status, stderr }));
      });
      expect(r.status).to.equal(1);
      expect(r.stderr).to.match(/ordinary BitTorrent client/);
    } finally {
      server.close();
    }
  });
});
