import { expect } from "chai";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import Database from "better-sqlite3";
import type { Address } from "viem";

import { deployToken, fundedAccount, waitFor, writeConfig } from "./support/fixture.ts";
import { repoRoot, sharedNode, type HardhatNode } from "./support/node.ts";
import { healthOf, startInProcess, type StartedRelayer } from "./support/relayer.ts";

interface Report {
  ok: boolean;
  reasons: string[];
  store: { error: string | null };
}

async function health(relayer: StartedRelayer): Promise<{ status: number; body: Report }> {
  const { status, body } = await healthOf(relayer);
  return { status, body: body as Report };
}

/** Runs the CLI until it exits (bounded: killed after 120 s, which the output then says); its exit code and everything it printed. */
async function cliStart(file: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    [join(repoRoot, "relayer", "bin", "btt-relayer.js"), "start", "--config", file],
    {
      env: { PATH: process.env.PATH, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const started = Date.now();
  const timer = setTimeout(() => {
    output += `\n[killed: still running after ${Date.now() - started} ms]`;
    child.kill("SIGKILL");
  }, 120_000);
  const [code] = (await once(child, "exit")) as [number | null];
  clearTimeout(timer);
  return { code, output: `${output}\n[exit ${code} after ${Date.now() - started} ms]` };
}

describe("Relayer health and start-up as an operator sees them", function () {
  this.timeout(120_000);
  let node: HardhatNode;
  let token: Address;

  before(async function () {
    node = await sharedNode(31337);
    token = await deployToken(node);
  });

  it("/health says 503 with the reason when a duty has failed every run since start, and 200 once it succeeds", async function () {
    const payer = await fundedAccount(node, token, 1_000n);
    const config = writeConfig({ node, token, key: payer.key });
    writeFileSync(config.requestsFile, "[{ not json");
    const relayer = await startInProcess(config, {}, "silent");
    try {
      const failing = await waitFor("a failing duty on /health", async () => {
        const r = await health(relayer);
        return r.body.reasons.some((reason) => reason.startsWith("duty payout: no successful run since start"))
          ? r
          : undefined;
      });
      expect(failing.status).to.equal(503);
      expect(failing.body.ok).to.equal(false);
      writeFileSync(config.requestsFile, "[]");
      const fine = await waitFor("a healthy relayer", async () => {
        const r = await health(relayer);
        return r.status === 200 ? r : undefined;
      });
      expect(fine.body.reasons).to.deep.equal([]);
    } finally {
      await relayer.stop();
    }
  });

  it("never waits on a store locked by another process: /health answers, says the store cannot be written, and recovers", async function () {
    const payer = await fundedAccount(node, token, 1_000n);
    const config = writeConfig({ node, token, key: payer.key });
    const relayer = await startInProcess(config, {}, "silent");
    const other = new Database(join(config.dir, "relayer.db"));
    try {
      await waitFor("healthy first", async () => (await health(relayer)).status === 200);
      // Another process (here another connection) takes the write lock and keeps it.
      other.exec("BEGIN EXCLUSIVE");
      other.exec("CREATE TABLE IF NOT EXISTS backup_marker (x INTEGER)");
      const locked = await waitFor("the store reported", async () => {
        const r = await health(relayer);
        return r.body.store.error !== null ? r : undefined;
      });
      expect(locked.status).to.equal(503);
      expect(
        locked.body.reasons.some((reason) => /^store: cannot be written: .*(locked|busy)/i.test(reason)),
        JSON.stringify(locked.body.reasons),
      ).to.equal(true);
      // Still answering while the lock is held.
      expect((await health(relayer)).status).to.equal(503);
      other.exec("ROLLBACK");
      await waitFor("the store writable again", async () => (await health(relayer)).body.store.error === null);
    } finally {
      if (other.inTransaction) other.exec("ROLLBACK");
      other.close();
      await relayer.stop();
    }
  });

  it("/health says 503 when a chain head is older than maxHeadAgeSeconds", async function () {
    const payer = await fundedAccount(node, token, 1_000n);
    const relayer = await startInProcess(
      writeConfig({ node, token, key: payer.key, chain: { maxHeadAgeSeconds: 1 } }),
      {},
      "silent",
    );
    try {
      // The automining node makes no block while nobody sends a transaction.
      const stale = await waitFor("a stale head", async () => {
        const r = await health(relayer);
        return r.body.reasons.some((reason) => /^chain local: head \d+ is \d+ s old/.test(reason)) ? r : undefined;
      });
      expect(stale.status).to.equal(503);
    } finally {
      await relayer.stop();
    }
  });

  it("a second daemon on the same store exits 2 naming the first; a taken port exits 2 before any duty starts; an unopenable store says which and why", async function () {
    // Three CLI starts, each loading the relayer's sources: well over a minute on a loaded machine.
    this.timeout(480_000);
    const payer = await fundedAccount(node, token, 1_000n);
    const config = writeConfig({ node, token, key: payer.key });
    const first = await startInProcess(config, {}, "silent");
    try {
      const second = await cliStart(config.file, config.env);
      expect(second.code, second.output).to.equal(2);
      expect(second.output).to.include(
        `another relayer (pid ${process.pid}) is running on the store ${join(config.dir, "relayer.db")}`,
      );
    } finally {
      await first.stop();
    }

    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const taken = writeConfig({ node, token, key: payer.key });
      const text = JSON.parse((await import("node:fs")).readFileSync(taken.file, "utf8")) as Record<string, any>;
      text.http = { port };
      text.log = { level: "info" };
      writeFileSync(taken.file, JSON.stringify(text));
      const result = await cliStart(taken.file, taken.env);
      expect(result.code, result.output).to.equal(2);
      expect(result.output).to.include(
        `btt-relayer: cannot listen on 127.0.0.1:${port}: the port is in use (another relayer?)`,
      );
      expect(result.output).to.not.match(/\n\s+at /); // no stack trace
      expect(result.output).to.not.include('"msg":"checking chain"'); // nothing started before the port was bound
    } finally {
      blocker.close();
    }

    const nowhere = writeConfig({ node, token, key: payer.key });
    const text = JSON.parse((await import("node:fs")).readFileSync(nowhere.file, "utf8")) as Record<string, any>;
    text.store = { path: "no/such/folder/relayer.db" };
    writeFileSync(nowhere.file, JSON.stringify(text));
    const result = await cliStart(nowhere.file, nowhere.env);
    expect(result.code, result.output).to.equal(2);
    expect(result.output).to.match(
      /btt-relayer: cannot (open the relayer database|create the store's lock file) .*no\/such\/folder\/relayer\.db/,
    );
  });
});
