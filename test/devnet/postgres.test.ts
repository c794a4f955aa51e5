/**
 * `npm start -- --postgres`: the devnet's relayer daemons with their stores on one throwaway
 * PostgreSQL server, one database per role, the executor role as two processes (relayer-c and
 * relayer-c2) sharing its database. The story's deployment (its token mappings travel through the
 * daemons) and its deposits from every root run on them: every
 * message is executed once, no nonce is used twice, both executor processes hold some of the
 * shared leases, and the server's data is gone once it is stopped, also when the process that
 * started it is killed with SIGKILL (its watcher process stops the server).
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import pg from "pg";
import { encodeEventTopics } from "viem";

import { startDevnet, type Devnet } from "../../devnet/devnet.ts";
import { portIsFree, repoRoot } from "../../devnet/node.ts";
import { dataDirExists, startPostgres, type ThrowawayPostgres } from "../../devnet/postgres.ts";
import { DEFAULT_EXECUTORS, MAX_EXECUTORS, startRelayers, type DevnetRelayers } from "../../devnet/relayers.ts";
import { parseStartArgs, UsageError } from "../../devnet/startArgs.ts";
import { describeStores, describeWork, workByProcess } from "../../devnet/relayerWork.ts";
import { runDeposits } from "../../devnet/story/bridge.ts";
import { cast, closeChains, openChains, type ChainUrls, type Chains } from "../../devnet/story/chains.ts";
import { deployAll, type Deployment } from "../../devnet/story/deploy.ts";
import { BTT } from "../../devnet/story/profile.ts";
import { Validators } from "../../devnet/story/relay.ts";
import { createReporter } from "../../devnet/story/report.ts";
import { selfStakes } from "../../devnet/story/staking.ts";
import { inboxAbi } from "../../sdk/src/bridge/index.ts";
import { waitFor } from "../relayer/support/fixture.ts";

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("devnet: the relayers on one PostgreSQL server, the executor role in two processes (npm start -- --postgres)", function () {
  this.timeout(300_000);
  let devnet: Devnet;
  let server: ThrowawayPostgres;
  let chains: Chains | undefined;
  let relayers: DevnetRelayers | undefined;
  let deployment: Deployment;
  const lines: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), "btt-pg-relayers-"));

  before(async function () {
    [devnet, server] = await Promise.all([startDevnet(), startPostgres()]);
    const reporter = createReporter((line) => lines.push(line));
    const urls = devnet.urls as ChainUrls;
    chains = await openChains(reporter, urls);
    const validators = new Validators(selfStakes.map((s) => s / BTT));
    const alice = chains.bttc.wallet(cast.alice).account.address;
    deployment = await deployAll(chains, validators, reporter, async (contracts) => {
      relayers = await startRelayers({
        urls,
        contracts,
        validatorKeys: validators.privateKeys,
        withdrawers: [alice],
        hosts: 1,
        dir,
        postgres: { server }, // the executor role in DEFAULT_EXECUTORS (2) processes
      });
      return relayers;
    });
    await runDeposits(chains, deployment, relayers!, reporter);
  });

  after(async function () {
    await relayers?.stop();
    if (chains !== undefined) await closeChains(chains);
    await devnet?.stop();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs each role on its own database of the one server, the executor role as relayer-c and relayer-c2 on one", () => {
    const r = relayers!;
    expect(r.daemons.map((d) => d.role.name)).to.deep.equal(["relayer-a", "relayer-b", "relayer-c", "relayer-c2"]);
    expect(Object.keys(r.databases!)).to.deep.equal(["relayer-a", "relayer-b", "relayer-c"]);
    expect(new Set(Object.values(r.databases!)).size).to.equal(3);
    const [a, b, c, c2] = r.daemons;
    expect(c2!.store).to.equal(c!.store);
    expect(new Set([a!.store, b!.store, c!.store]).size).to.equal(3);
    for (const d of r.daemons) {
      expect(d.store, d.role.name).to.match(/^postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/relayer_[abc]_/);
      expect(d.child.exitCode, d.role.name).to.equal(null);
    }
    // The copy: the same account, keys, duties and config as relayer-c, but its own port and process name.
    expect(c2!.account).to.equal(c!.account);
    expect(c2!.validators).to.deep.equal(c!.validators);
    expect(c2!.duties).to.deep.equal(["signer", "messages", "storageProofs"]);
    const config = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    const [cc, cc2] = [config(c!.configFile), config(c2!.configFile)];
    expect({ ...cc2, http: undefined, store: undefined }).to.deep.equal({ ...cc, http: undefined, store: undefined });
    expect([cc.store, cc2.store]).to.deep.equal([
      { processName: "relayer-c", leaseMs: 5_000 },
      { processName: "relayer-c2", leaseMs: 5_000 },
    ]);
    // No password in any file: the URL travels through the environment.
    for (const d of r.daemons) expect(readFileSync(d.configFile, "utf8")).to.not.include("postgres://");
    expect(describeStores(r)).to.have.length(3);
    expect(
      describeStores(r).filter((l) =>
        l.startsWith("relayer-c and relayer-c2 on PostgreSQL database postgres://postgres:***@"),
      ),
    ).to.have.length(1);
  });

  it("both executor processes take part: each holds some of the shared database's leases", async () => {
    const url = relayers!.databases!["relayer-c"]!;
    const holders = await waitFor("leases held by relayer-c and relayer-c2", async () => {
      const rows = await query<{ holder: string; n: string }>(
        url,
        `SELECT split_part(holder, ':', 1) AS holder, COUNT(*) AS n FROM leases
         WHERE name NOT LIKE 'process:%' AND expires_at > (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::bigint
         GROUP BY 1 ORDER BY 1`,
      );
      return rows.length === 2 ? rows.map((row) => row.holder) : undefined;
    });
    expect(holders).to.deep.equal(["relayer-c", "relayer-c2"]);
  });

  it("executes every message exactly once (the chains and the shared database agree), no nonce used twice", async () => {
    await relayers!.stop();
    const executedOn = async (network: "bttc" | "tron" | "ethereum" | "bnb", inbox: `0x${string}`) => {
      const chain = devnet.chains.find((c) => c.network === network)!;
      const logs = await chain.node.rpc<{ topics: string[] }[]>("eth_getLogs", [
        { address: inbox, fromBlock: "0x0", toBlock: "latest" },
      ]);
      const [topic] = encodeEventTopics({ abi: inboxAbi, eventName: "MessageExecuted" });
      const keys = logs.filter((l) => l.topics[0] === topic).map((l) => `${l.topics[1]}:${l.topics[2]}`);
      expect(new Set(keys).size, `${network} executions`).to.equal(keys.length);
      return keys.length;
    };
    // 6 token mappings and 5 deposits, all on BTTC.
    expect(await executedOn("bttc", deployment.bttc.inbox)).to.equal(11);
    for (const root of ["tron", "ethereum", "bnb"] as const)
      expect(await executedOn(root, deployment.roots[root].inbox)).to.equal(0);
    const url = relayers!.databases!["relayer-c"]!;
    const rows = await query<{ chain: string; n: string; records: string; nonces: string }>(
      url,
      `SELECT chain, COUNT(*) AS n, COUNT(DISTINCT record_id) AS records, COUNT(DISTINCT nonce) AS nonces
       FROM txs WHERE duty = 'messages' GROUP BY chain ORDER BY chain`,
    );
    const byChain = Object.fromEntries(rows.map((row) => [row.chain, Number(row.n)]));
    expect(byChain).to.deep.equal({ bttc: 11 });
    for (const row of rows) {
      expect(Number(row.records), `one transaction per message on ${row.chain}`).to.equal(Number(row.n));
      expect(Number(row.nonces), `no nonce used twice on ${row.chain}`).to.equal(Number(row.n));
    }
    // Which process executed how many (the printout of npm start -- --postgres).
    const work = await workByProcess(relayers!.databases!);
    const messages = work.filter((w) => w.duty === "messages");
    expect(messages.reduce((n, w) => n + w.records, 0)).to.equal(11);
    for (const w of messages) expect(["relayer-c", "relayer-c2"]).to.include(w.process);
    expect(describeWork(work).join("\n")).to.match(/^relayer-c2?: \d+ messages executed/m);
    for (const d of relayers!.daemons) expect(d.child.exitCode, d.role.name).to.equal(0);
  });

  it("deletes the server's data when it stops", async () => {
    await server.stop();
    expect(dataDirExists(server)).to.equal(false);
    expect(await portIsFree(server.port)).to.equal(true);
  });

  it("stops the server and deletes its data when the process that started it is killed with SIGKILL", async () => {
    const script = [
      `import { startPostgres } from ${JSON.stringify(join(repoRoot, "devnet", "postgres.ts"))};`,
      "const server = await startPostgres({ guard: true });",
      "console.log(JSON.stringify({ dataDir: server.dataDir, port: server.port }));",
      "setInterval(() => {}, 1 << 30);",
    ].join("\n");
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const [chunk] = (await once(child.stdout!, "data")) as [Buffer];
    const started = JSON.parse(chunk.toString()) as { dataDir: string; port: number };
    expect(existsSync(started.dataDir)).to.equal(true);
    expect(await portIsFree(started.port)).to.equal(false);
    child.kill("SIGKILL");
    await waitFor("the data directory deleted", () => !existsSync(started.dataDir), 30_000);
    expect(await portIsFree(started.port)).to.equal(true);
  });
});

describe("devnet: npm start's options", function () {
  it("parses --keep, --postgres and --executors N (or =N)", () => {
    expect(parseStartArgs([])).to.deep.equal({ keep: false, postgres: false, executors: undefined });
    expect(parseStartArgs(["--postgres", "--keep"])).to.deep.equal({
      keep: true,
      postgres: true,
      executors: undefined,
    });
    expect(parseStartArgs(["--postgres", "--executors", "3"]).executors).to.equal(3);
    expect(parseStartArgs(["--executors=1", "--postgres"]).executors).to.equal(1);
    expect(parseStartArgs(["--postgres", `--executors=${MAX_EXECUTORS}`]).executors).to.equal(MAX_EXECUTORS);
    expect(DEFAULT_EXECUTORS).to.equal(2);
  });

  const bad: [string[], string][] = [
    [["--executors", "2"], "--executors needs --postgres"],
    [["--postgres", "--executors", "0"], "--executors 0: a whole number from 1 to 8"],
    [["--postgres", `--executors=${MAX_EXECUTORS + 1}`], `--executors ${MAX_EXECUTORS + 1}: a whole number`],
    [["--postgres", "--executors", "two"], "--executors two: a whole number"],
    [["--postgres", "--executors=1.5"], "--executors 1.5: a whole number"],
    [["--postgres", "--executors"], "--executors (missing): a whole number"],
    [["--pg"], "Unknown argument(s) --pg. Usage: npm start"],
  ];
  for (const [args, message] of bad)
    it(`refuses ${args.join(" ")} with a UsageError`, () => {
      expect(() => parseStartArgs(args))
        .to.throw(UsageError, message)
        .with.property("message")
        .that.includes("Usage: npm start [-- [--keep] [--postgres [--executors N]]]");
    });
});
