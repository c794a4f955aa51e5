/**
 * Several relayer processes on one PostgreSQL database (DESIGN section 11): three `btt-relayer
 * start` children share the bridge's messages, are killed with SIGKILL at random moments and
 * restarted, and one is paused (SIGSTOP) longer than its lease. Every message is executed exactly
 * once, no nonce is used twice, nothing is left behind, and every process did some of the work.
 */
import type { ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";
import { erc20Abi, parseEventLogs } from "viem";

import { storageMarketAbi } from "../../sdk/src/storage/index.ts";

import {
  deployBridgeNetwork,
  depositMany,
  fundedUser,
  inboxEvents,
  withdrawMany,
  writeMessagesConfig,
  type BridgeNetwork,
} from "./support/bridge.ts";
import { waitFor, type TestConfig } from "./support/fixture.ts";
import { startHardhatNode, type HardhatNode } from "./support/node.ts";
import { startPostgres, type ThrowawayPostgres } from "../../devnet/postgres.ts";
import { prng, spawnRelayer, stopChild } from "./support/spawn.ts";
import { deployMarket, EPOCH, openPeriod, proofOf, writeProofFile, type Market } from "./support/storage.ts";

/** Messages per root and direction (200 deposits and 200 withdrawals in all). */
const PER_ROOT = Number(process.env.RELAYER_MULTI_PER_ROOT ?? 100);
const LEASE_MS = 2_000;

interface Slot {
  readonly name: string;
  child: ChildProcess;
  output: string[];
  /** Lines of this slot's processes that say a lease was lost or a write refused. */
  readonly fenced: string[];
}

describe("Relayer: several processes on one PostgreSQL database (relayers as child processes)", function () {
  this.timeout(600_000);
  let nodes: HardhatNode[];
  let net: BridgeNetwork;
  let server: ThrowawayPostgres;

  // Nodes of its own: the shared ones carry other files' history and mining settings (automine
  // switched off and on, interval mining), which slowed this file's 400 messages past its timeout
  // inside the whole suite while it passed alone.
  before(async function () {
    [server, nodes] = await Promise.all([
      startPostgres(),
      Promise.all([startHardhatNode(199), startHardhatNode(1), startHardhatNode(56)]),
    ]);
  });
  // A network of its own for each test: messages of one never reach the other's relayers.
  beforeEach(async function () {
    net = await deployBridgeNetwork(nodes[0]!, nodes.slice(1));
    net.checkpointer.start(100);
  });
  afterEach(async function () {
    await net?.checkpointer.stop();
  });
  after(async function () {
    await Promise.all([server?.stop(), ...(nodes ?? []).map((n) => n.stop())]);
  });

  async function database(): Promise<string> {
    return server.createDatabase("multi");
  }

  async function query(url: string, sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  }

  async function setUp(
    url: string,
    executorKey: `0x${string}`,
    withdrawers: `0x${string}`[],
    storageProofs?: Record<string, unknown>,
  ) {
    const written = writeMessagesConfig({
      net,
      key: executorKey,
      withdrawals: { withdrawers },
      messages: { batchSize: 20, intervalMs: 50 },
    });
    if (storageProofs !== undefined) {
      // The same key sends the proof batches: one account lease serialises both duties' nonces.
      const config = JSON.parse(readFileSync(written.file, "utf8")) as { duties: Record<string, unknown> };
      config.duties.storageProofs = { chain: "bttc", key: "executor", intervalMs: 100, ...storageProofs };
      writeFileSync(written.file, JSON.stringify(config, null, 2));
    }
    const configOf = (name: string): TestConfig => ({
      ...written,
      env: {
        ...written.env,
        BTT_RELAYER_STORE__URL: url,
        BTT_RELAYER_STORE__LEASE_MS: String(LEASE_MS),
        BTT_RELAYER_STORE__PROCESS_NAME: name,
      },
    });
    const start = (slot: Omit<Slot, "child" | "output"> & Partial<Slot>): Slot => {
      const { child, output } = spawnRelayer(configOf(slot.name));
      const watch = (chunk: Buffer) => {
        for (const line of chunk.toString().split("\n"))
          if (/lease lost|write refused|decisions not applied/.test(line)) slot.fenced.push(line);
      };
      child.stdout?.on("data", watch);
      child.stderr?.on("data", watch);
      return Object.assign(slot, { child, output }) as Slot;
    };
    /** Records of `duty` in `state` (0 before the relayers have migrated the database). */
    const count = async (duty: string, state: string): Promise<number> => {
      const rows = await query(url, "SELECT COUNT(*) AS n FROM duty_records WHERE duty = $1 AND state = $2", [
        duty,
        state,
      ]).catch(() => [{ n: 0 }]);
      return Number(rows[0]?.n ?? 0);
    };
    const done = () => count("messages", "executed");
    const proven = () => count("storageProofs.proof", "proven");
    return { start, done, proven };
  }

  /** On chain and in the store: each message executed once, one confirmed transaction each, every nonce used once. */
  async function checkExactlyOnce(
    url: string,
    executor: `0x${string}`,
    user: `0x${string}`,
    deposits: number,
    withdrawals: number,
    slots: readonly Slot[],
    baseline: readonly { deposits: number; withdrawals: number }[],
  ): Promise<void> {
    const { child } = net;
    for (const [i, root] of net.roots.entries()) {
      const executedDeposits = await inboxEvents(child, root.node.chainId);
      expect(executedDeposits.executed.length, "deposit executions").to.equal(baseline[i]!.deposits + deposits);
      expect(new Set(executedDeposits.executed.map(String)).size).to.equal(executedDeposits.executed.length);
      expect(executedDeposits.failed).to.deep.equal([]);
      const executedWithdrawals = await inboxEvents(root, child.node.chainId);
      expect(executedWithdrawals.executed.length).to.equal(baseline[i]!.withdrawals + withdrawals);
      expect(new Set(executedWithdrawals.executed.map(String)).size).to.equal(executedWithdrawals.executed.length);
      const deposited = BigInt(deposits) * 1_000n + (BigInt(deposits) * BigInt(deposits - 1)) / 2n;
      const withdrawn =
        withdrawals === 0 ? 0n : BigInt(withdrawals) * 1n + (BigInt(withdrawals) * BigInt(withdrawals - 1)) / 2n;
      expect(
        await child.client.readContract({
          address: root.childToken,
          abi: erc20Abi,
          functionName: "balanceOf",
          args: [user],
        }),
      ).to.equal(deposited - withdrawn);
    }
    const open = await query(url, "SELECT id, status FROM txs WHERE status NOT IN ('confirmed')");
    expect(open, "nothing stuck or dropped").to.deep.equal([]);
    // Every nonce of the account used once on each chain, whichever duty sent it.
    const sent: Record<string, number> = {};
    for (const row of await query(
      url,
      "SELECT chain, COUNT(*) AS n, COUNT(DISTINCT nonce) AS nonces FROM txs GROUP BY chain ORDER BY chain",
    )) {
      expect(Number(row.nonces), `no nonce used twice on ${row.chain}`).to.equal(Number(row.n));
      sent[String(row.chain)] = Number(row.n);
    }
    const rows = await query(
      url,
      `SELECT chain, COUNT(*) AS n, COUNT(DISTINCT record_id) AS records,
              SUM(CASE WHEN success = 1 THEN 1 ELSE 0 END) AS ok
       FROM txs WHERE duty = 'messages' GROUP BY chain ORDER BY chain`,
    );
    const byChain: Record<string, number> = {};
    for (const row of rows) {
      expect(Number(row.n), `one transaction per message on ${row.chain}`).to.equal(Number(row.records));
      expect(Number(row.ok), `all successful on ${row.chain}`).to.equal(Number(row.n));
      byChain[String(row.chain)] = Number(row.n);
    }
    expect(byChain).to.deep.equal(
      withdrawals === 0
        ? { bttc: deposits * net.roots.length }
        : { bttc: deposits * net.roots.length, ethereum: withdrawals, bnb: withdrawals },
    );
    for (const side of [child, ...net.roots]) {
      const name = side === child ? "bttc" : side.node.chainId === 1 ? "ethereum" : "bnb";
      expect(await side.client.getTransactionCount({ address: executor }), `nonces used on ${name}`).to.equal(
        sent[name] ?? 0,
      );
    }
    // Every process did some of the work: decided and recorded transactions.
    const created = await query(url, "SELECT DISTINCT split_part(created_by, ':', 1) AS slot FROM txs");
    expect(created.map((r) => r.slot).sort(), "processes that recorded transactions").to.deep.equal(
      slots.map((s) => s.name).sort(),
    );
  }

  /** Executions on each route so far (earlier tests used the same contracts). */
  async function executedSoFar(): Promise<{ deposits: number; withdrawals: number }[]> {
    return Promise.all(
      net.roots.map(async (root) => ({
        deposits: (await inboxEvents(net.child, root.node.chainId)).executed.length,
        withdrawals: (await inboxEvents(root, net.child.node.chainId)).executed.length,
      })),
    );
  }

  const seed = Number(process.env.RELAYER_CRASH_SEED ?? Date.now() % 1_000_000);

  it(`three processes carry ${2 * PER_ROOT} deposits and ${2 * PER_ROOT} withdrawals exactly once through kill -9 and restarts (seed ${seed})`, async function () {
    const random = prng(seed);
    const executor = await fundedUser(nodes);
    const user = await fundedUser(nodes);
    const url = await database();
    const baseline = await executedSoFar();
    // Proof batches too: 12 deals on BTTC, proven for two periods while the messages flow. Long
    // periods (400 blocks): the executions mine a block each, and must not close a proof window.
    const market: Market = await deployMarket(nodes[0]!, [6, 6], 40n * EPOCH);
    const proofs = join(market.dir, "proofs");
    const { start, done, proven } = await setUp(url, executor.key, [user.address], {
      market: market.address,
      fromBlock: market.fromBlock,
      sources: [{ dir: proofs }],
      maxProofsPerBatch: 3,
      batchSize: 2,
    });
    const writeProofs = async (period: bigint) => {
      await openPeriod(market, period);
      for (const deal of market.deals) writeProofFile(proofs, await proofOf(market, deal, period));
    };
    const slots = ["p1", "p2", "p3"].map((name) => start({ name, fenced: [] }));
    const kills: { slot: string; phase: string; atDone: number }[] = [];
    let phase = "deposits";
    let chaos = true;
    let chaosFailed: Error | undefined;
    // Kills a random process at a random moment, restarts it at once, until told to stop.
    const chaosLoop = (async () => {
      while (chaos) {
        // A start takes seconds on a loaded machine: kills far apart enough that work gets done.
        await new Promise((resolve) => setTimeout(resolve, 2_000 + Math.round(random() * 4_000)));
        if (!chaos) break;
        if (kills.filter((k) => k.phase === phase).length >= 4) continue;
        const slot = slots[Math.floor(random() * slots.length)]!;
        // A process that stopped by itself fails the test (stopChild says so) rather than hang it.
        await stopChild(slot.child, "SIGKILL");
        kills.push({ slot: slot.name, phase, atDone: await done() });
        start(slot);
      }
    })().catch((error: Error) => void (chaosFailed = error));
    // The waits end early (with the chaos loop's error) when it failed.
    const executed = async (n: number) => {
      if (chaosFailed !== undefined) throw chaosFailed;
      return (await done()) === n;
    };
    const deals = market.deals.length;
    try {
      await Promise.all([
        ...net.roots.map((root) => depositMany(root, user, [user.address], PER_ROOT)),
        writeProofs(0n),
      ]);
      const deposits = PER_ROOT * net.roots.length;
      await waitFor(`all ${deposits} deposits executed`, () => executed(deposits), 180_000, 200);
      await waitFor(`period 0 of ${deals} deals proven`, async () => (await proven()) === deals, 120_000, 200);
      phase = "withdrawals";
      await writeProofs(1n);
      for (const root of net.roots) await withdrawMany(net.child, root, user, [user.address], PER_ROOT);
      const total = deposits + PER_ROOT * net.roots.length;
      await waitFor(`all ${total} executed`, () => executed(total), 180_000, 200);
      await waitFor(`period 1 proven`, async () => (await proven()) === 2 * deals, 120_000, 200);
    } catch (error) {
      chaos = false;
      await chaosLoop;
      for (const slot of slots) await stopChild(slot.child, "SIGKILL", { mayHaveExited: true });
      throw new Error(
        `${(error as Error).message}; kills ${JSON.stringify(kills)}; checkpointer ${net.checkpointer.errors.slice(-3)}\n${slots.map((s) => `${s.name}:\n${s.output.slice(-10).join("")}`).join("\n")}`,
      );
    }
    chaos = false;
    await chaosLoop;
    if (chaosFailed !== undefined) throw chaosFailed;
    for (const slot of slots) {
      const code = await stopChild(slot.child, "SIGTERM").catch((error: Error) => {
        throw new Error(`${slot.name}: ${error.message}\n${slot.output.slice(-10).join("")}`);
      });
      expect(code, `${slot.name}: graceful shutdown on SIGTERM`).to.equal(0);
    }
    expect(kills.filter((k) => k.phase === "deposits").length, JSON.stringify(kills)).to.be.at.least(1);
    expect(kills.filter((k) => k.phase === "withdrawals").length, JSON.stringify(kills)).to.be.at.least(1);
    await checkExactlyOnce(url, executor.address, user.address, PER_ROOT, PER_ROOT, slots, baseline);
    // Every period proof accepted once (a second submission would be a ProofRejected), one
    // confirmed batch transaction per ProofsSubmitted.
    const logs = parseEventLogs({
      abi: storageMarketAbi,
      logs: await net.child.client.getLogs({ address: market.address, fromBlock: BigInt(market.fromBlock) }),
    });
    const batches = logs.filter((l) => l.eventName === "ProofsSubmitted");
    expect(batches.reduce((sum, l) => sum + (l.eventName === "ProofsSubmitted" ? l.args.accepted : 0n), 0n)).to.equal(
      BigInt(2 * deals),
    );
    expect(logs.filter((l) => l.eventName === "ProofRejected" || l.eventName === "PeriodMissed")).to.deep.equal([]);
    const proofTxs = await query(url, "SELECT COUNT(*) AS n FROM txs WHERE duty <> 'messages' AND success = 1");
    expect(Number(proofTxs[0]!.n), "one transaction per proof batch").to.equal(batches.length);
    // Leases were handed over on SIGTERM; no claim is left.
    const claims = await query(url, "SELECT COUNT(*) AS n FROM duty_records WHERE claim_holder IS NOT NULL");
    expect(Number(claims[0]!.n), "claims left behind").to.equal(0);
  });

  it("a process paused longer than its lease loses it: another takes over, and once woken it sends nothing under it", async function () {
    const executor = await fundedUser(nodes);
    const user = await fundedUser(nodes);
    const url = await database();
    const baseline = await executedSoFar();
    const { start, done } = await setUp(url, executor.key, [user.address]);
    const slots = ["q1", "q2"].map((name) => start({ name, fenced: [] }));
    const lease = `account:bttc:${executor.address.toLowerCase()}`;
    const holderOf = async (): Promise<{ holder: string; generation: number } | undefined> => {
      const rows = await query(url, "SELECT holder, generation FROM leases WHERE name = $1", [lease]).catch(() => []);
      return rows[0] === undefined
        ? undefined
        : { holder: String(rows[0].holder), generation: Number(rows[0].generation) };
    };
    const first = await waitFor("a process to hold the bttc account", holderOf, 60_000, 100);
    const paused = slots.find((slot) => first.holder.startsWith(`${slot.name}:`))!;
    const PER = 30;
    let takenAt = 0;
    try {
      await Promise.all(net.roots.map((root) => depositMany(root, user, [user.address], PER)));
      await waitFor("some deposits executed", async () => (await done()) >= 5, 120_000, 50);
      paused.child.kill("SIGSTOP");
      const taken = await waitFor(
        "the other process to take the account over",
        async () => {
          const now = await holderOf();
          return now !== undefined && now.holder !== first.holder ? now : undefined;
        },
        60_000,
        100,
      );
      expect(taken.generation).to.be.greaterThan(first.generation);
      const [row] = await query(url, "SELECT acquired_at FROM leases WHERE name = $1", [lease]);
      takenAt = Number(row!.acquired_at);
      const before = await done();
      await waitFor("executions by the other process", async () => (await done()) >= before + 5, 120_000, 100);
      paused.child.kill("SIGCONT");
      await waitFor("all deposits executed", async () => (await done()) === PER * net.roots.length, 180_000, 200);
      await waitFor("the woken process to notice it lost its lease", () => paused.fenced.length > 0, 30_000, 100);
    } catch (error) {
      paused.child.kill("SIGCONT");
      for (const slot of slots) slot.child.kill("SIGKILL");
      throw new Error(
        `${(error as Error).message}\n${slots.map((s) => `${s.name}:\n${s.output.slice(-10).join("")}`).join("\n")}`,
      );
    }
    // The paused process signed nothing between the takeover and taking the lease back (if it did, later).
    const [final] = await query(url, "SELECT holder, acquired_at FROM leases WHERE name = $1", [lease]);
    const until = final!.holder === first.holder ? Number(final!.acquired_at) : Number.MAX_SAFE_INTEGER;
    const late = await query(
      url,
      "SELECT a.hash, a.created_at FROM tx_attempts a WHERE a.signed_by = $1 AND a.created_at > $2 AND a.created_at < $3",
      [first.holder, takenAt, until],
    );
    for (const slot of slots) await stopChild(slot.child, "SIGTERM");
    expect(late, "attempts the paused process signed after it lost the lease").to.deep.equal([]);
    expect(paused.fenced.join("\n")).to.match(/lease lost/);
    await checkExactlyOnce(url, executor.address, user.address, PER, 0, slots, baseline);
  });
});
