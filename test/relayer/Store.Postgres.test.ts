import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";

import { expect } from "chai";
import type { Address } from "viem";

import { StoreError } from "../../relayer/src/errors.ts";
import { PgStore } from "../../relayer/src/store/PgStore.ts";
import {
  balanceOf,
  deployToken,
  fundedAccount,
  payoutRequests,
  publicClientFor,
  waitFor,
  writeConfig,
} from "./support/fixture.ts";
import { repoRoot, sharedNode, type HardhatNode } from "./support/node.ts";
import { startPostgres, type ThrowawayPostgres } from "../../devnet/postgres.ts";
import { healthOf, startInProcess } from "./support/relayer.ts";

/** Runs the CLI until it exits (bounded). */
async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [join(repoRoot, "relayer", "bin", "btt-relayer.js"), ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const [code] = (await once(child, "exit")) as [number | null];
  clearTimeout(timer);
  return { code, output };
}

describe("Relayer on PostgreSQL: shared by several processes, database restarts, status", function () {
  this.timeout(180_000);
  let server: ThrowawayPostgres;
  let node: HardhatNode;
  let token: Address;

  before(async function () {
    server = await startPostgres();
    node = await sharedNode(31337);
    token = await deployToken(node);
  });
  after(async function () {
    await server?.stop();
  });

  async function database(): Promise<string> {
    return server.createDatabase("pgstore");
  }

  it("the database restarts in the middle of traffic: /health says so (503), the relayer resumes, every payout is sent once", async function () {
    const url = await database();
    const client = publicClientFor(node);
    const requests = payoutRequests(60, "restart");
    const total = requests.reduce((sum, r) => sum + BigInt(r.amount), 0n);
    const payer = await fundedAccount(node, token, total);
    const config = writeConfig({ node, token, key: payer.key, requests });
    const relayer = await startInProcess(config, { BTT_RELAYER_STORE__URL: url }, "warn");
    try {
      const paid = async () =>
        (await relayer.store.countRecordsByState("payout")).find((r) => r.state === "paid")?.count ?? 0;
      await waitFor("a few payouts", async () => (await paid()) >= 5, 60_000, 20);
      await server.halt();
      try {
        const down = await waitFor(
          "health to report the store",
          async () => {
            const report = await healthOf(relayer);
            return report.status === 503 && report.body.store.error !== null ? report.body : undefined;
          },
          30_000,
          200,
        );
        expect((down.reasons as string[]).some((r) => r.startsWith("store:"))).to.equal(true);
      } finally {
        await server.start();
      }
      await waitFor("all payouts after the restart", async () => (await paid()) === 60, 120_000, 100);
      await waitFor("health to recover", async () => (await healthOf(relayer)).status === 200, 30_000, 200);
    } finally {
      await relayer.stop();
    }
    for (const request of requests) expect(await balanceOf(client, token, request.to)).to.equal(BigInt(request.amount));
    expect(await client.getTransactionCount({ address: payer.address })).to.equal(60);
    const store = await PgStore.open(url);
    try {
      const txs = await Promise.all(requests.map((r) => store.txsOfRecord("payout", r.id)));
      expect(txs.map((t) => t.length)).to.deep.equal(requests.map(() => 1)); // one transaction per payout
      expect(
        txs
          .flat()
          .map((t) => t.nonce)
          .sort((a, b) => a! - b!),
      ).to.deep.equal(requests.map((_, i) => i));
    } finally {
      await store.close();
    }
  });

  it("several processes open one database at once (no daemon lock), each its own holder, also after a restart", async function () {
    const url = await database();
    const [first, second] = await Promise.all([PgStore.open(url), PgStore.open(url)]);
    try {
      expect(first.holder).to.not.equal(second.holder);
      expect(await first.acquireLease("duty:payout", 5_000)).to.equal(1);
      expect(await second.acquireLease("duty:payout", 5_000)).to.equal(undefined);
      await server.restart();
      await waitFor("both stores to work again", () => first.heartbeat(Date.now()).then(() => true), 30_000, 200);
      await second.heartbeat(Date.now());
      expect(await first.acquireLease("duty:payout", 5_000), "renewed: same generation").to.equal(1);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it("an unreachable database is a StoreError naming it without its password; the CLI exits 2", async function () {
    const url = `postgres://relayer:s3cret-pw@127.0.0.1:${server.port + 1}/nothing`;
    const error = await PgStore.open(url, { statementTimeoutMs: 2_000 }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(StoreError);
    expect((error as Error).message).to.include("cannot open the relayer database postgres://relayer:***@127.0.0.1");
    expect((error as Error).message).to.not.include("s3cret-pw");
    const payer = await fundedAccount(node, token, 1n);
    const config = writeConfig({ node, token, key: payer.key, requests: [] });
    const result = await cli(["start", "--config", config.file], { ...config.env, BTT_RELAYER_STORE__URL: url });
    expect(result.code, result.output).to.equal(2);
    expect(result.output).to.include("cannot open the relayer database").and.not.include("s3cret-pw");
  });

  it("`btt-relayer status` reads a PostgreSQL store", async function () {
    const url = await database();
    const store = await PgStore.open(url);
    try {
      await store.insertRecord("payout", "a", "queued", {});
      await store.insertRecord("payout", "b", "paid", {});
    } finally {
      await store.close();
    }
    const payer = await fundedAccount(node, token, 1n);
    const config = writeConfig({ node, token, key: payer.key, requests: [] });
    const result = await cli(["status", "--config", config.file, "--json"], {
      ...config.env,
      BTT_RELAYER_STORE__URL: url,
    });
    expect(result.code, result.output).to.equal(0);
    const parsed = JSON.parse(result.output) as { records: { duty: string; state: string; count: number }[] };
    expect(parsed.records).to.deep.equal([
      { duty: "payout", state: "paid", count: 1 },
      { duty: "payout", state: "queued", count: 1 },
    ]);
  });
});
