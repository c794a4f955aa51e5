/**
 * Step 3b: the storage network as programs. k + m + 1 `btt-host` daemons run as processes (their
 * keys generated here, funded with gas and USDT_e collateral by Alice); Alice stores the story's
 * file through `btt-storage store` (hosts found on chain, shards pulled by the hosts, deals
 * accepted), the hosts prove a period on their own; then the host of shard 0 is stopped for good,
 * misses, is slashed (Bob reports the miss), and `btt-storage repair`
 * rebuilds shard 0 onto the spare host; `btt-storage retrieve` restores the file from shards that
 * include the repaired one. Configs, logs and stores: `.devnet/hosts/host-<i>/`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { erc20Abi, parseEventLogs, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { getDeal, reportMissed, storageMarketAbi } from "@btt-network/sdk/storage";
import { readClientManifest } from "../../storage/src/client/manifest.ts";
import { HostStore } from "../../storage/src/host/store.ts";
import { hostStatus } from "../../storage/src/host/status.ts";
import { fundedAccounts } from "../accounts.ts";
import { freePort, repoRoot } from "../node.ts";
import type { DevnetRelayers } from "../relayers.ts";
import { cast, type Chains } from "./chains.ts";
import { market as marketParams, type Deployment } from "./deploy.ts";
import { BTT, type Profile } from "./profile.ts";
import { expectEqual, expectTrue, units, type Reporter } from "./report.ts";

/** The most the story's client pays a host per piece it downloads (the hosts ask their default, 10^12 wei). */
const SERVING_PRICE_LIMIT = 10n ** 12n;

/** Terms every devnet host announces (USDT_e per GiB): an 8 MiB shard costs 0.5 per period and 1 of collateral. */
const PRICE_PER_GIB = 64n * BTT;
const COLLATERAL_PER_GIB = 128n * BTT;
const PERIODS = 4n;
/** Long enough for every host's proof, seed poke and claim inside one period window. */
const PERIOD_LENGTH = 4n * marketParams.epoch;

export interface HostEarning {
  readonly name: string;
  readonly address: Address;
  readonly proven: number;
  readonly missed: number;
  readonly claimed: bigint;
  readonly note: string;
}

export interface HostsOutcome {
  readonly hosts: readonly HostEarning[];
  readonly restoredPath: string;
}

interface Daemon {
  readonly name: string;
  readonly key: Hex;
  readonly address: Address;
  readonly dir: string;
  readonly url: string;
  child: ChildProcess | undefined;
}

const live = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

async function until<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function periodState(daemon: Daemon, id: Hex, period: bigint): string | undefined {
  let store: HostStore | undefined;
  try {
    store = new HostStore(join(daemon.dir, "data", "host.db"), { readonly: true });
    return store.period(id, period)?.state;
  } catch {
    return undefined;
  } finally {
    store?.close();
  }
}

export async function runHosts(
  chains: Chains,
  d: Deployment,
  profile: Profile,
  filePath: string,
  dir: string,
  rpcUrl: string,
  relayers: DevnetRelayers,
  reporter: Reporter,
): Promise<HostsOutcome> {
  const bttc = chains.bttc;
  const usdt = d.bttc.usdt.ethereum;
  const alice = bttc.wallet(cast.alice);
  const aliceKey = fundedAccounts()[cast.alice]!.privateKey;
  const deployment = join(relayers.dir, "deployments", "bttc.json");
  const hostsDir = join(relayers.dir, "..", "hosts");
  rmSync(hostsDir, { recursive: true, force: true });
  const shardCount = profile.dataShards + profile.parityShards;
  const daemons: Daemon[] = [];

  const startDaemon = async (daemon: Daemon) => {
    const log = createWriteStream(join(daemon.dir, "host.log"), { flags: "a" });
    const child = spawn(
      process.execPath,
      [join(repoRoot, "storage", "bin", "btt-host.js"), "start", "--config", join(daemon.dir, "host.json")],
      {
        env: { PATH: process.env.PATH, NODE_OPTIONS: process.env.NODE_OPTIONS, BTT_HOST_KEY: daemon.key },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    live.add(child);
    child.once("exit", () => live.delete(child));
    daemon.child = child;
    await until(`${daemon.name} to answer /health`, async () => {
      if (child.exitCode !== null)
        throw new Error(`${daemon.name} exited ${child.exitCode}; see ${join(daemon.dir, "host.log")}`);
      try {
        return (await fetch(`${daemon.url}/health`)).ok ? true : undefined;
      } catch {
        return undefined;
      }
    });
  };
  const stopDaemon = async (daemon: Daemon) => {
    const child = daemon.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  const cli = (args: readonly string[]) =>
    new Promise<{ code: number; stderr: string; stdout: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        [join(repoRoot, "storage", "bin", "btt-storage.js"), ...args, "--rpc", rpcUrl, "--deployment", deployment],
        {
          env: { PATH: process.env.PATH, NODE_OPTIONS: process.env.NODE_OPTIONS, BTT_STORAGE_KEY: aliceKey },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      live.add(child);
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      child.on("exit", (code) => {
        live.delete(child);
        resolve({ code: code ?? -1, stderr, stdout });
      });
    });
  const run = async (what: string, args: readonly string[]) => {
    const result = await cli(args);
    if (result.code !== 0) throw new Error(`btt-storage ${what} failed (exit ${result.code}):\n${result.stderr}`);
    return result;
  };

  try {
    // ------------------------------------------------------------------ hosts as processes
    for (let i = 0; i <= shardCount; i++) {
      const key = generatePrivateKey();
      const address = privateKeyToAccount(key).address;
      const daemonDir = join(hostsDir, `host-${i + 1}`);
      mkdirSync(daemonDir, { recursive: true });
      const port = await freePort();
      writeFileSync(
        join(daemonDir, "host.json"),
        JSON.stringify(
          {
            rpcUrl,
            manifest: deployment,
            dataDir: "data",
            capacity: String(1n << 30n),
            pricePerGiBPerPeriod: PRICE_PER_GIB.toString(),
            collateralPerGiB: COLLATERAL_PER_GIB.toString(),
            listen: { host: "127.0.0.1", port },
            proofs: "submit",
            pollMs: 200,
          },
          null,
          2,
        ),
      );
      await bttc.mined(
        alice.sendTransaction({ to: address, value: 10n * BTT, account: alice.account, chain: alice.chain }),
      );
      await bttc.mined(
        alice.writeContract({
          address: usdt,
          abi: erc20Abi,
          functionName: "transfer",
          args: [address, 5n * BTT],
          account: alice.account,
          chain: alice.chain,
        }),
      );
      daemons.push({
        name: `host-${i + 1}`,
        key,
        address,
        dir: daemonDir,
        url: `http://127.0.0.1:${port}`,
        child: undefined,
      });
    }
    const spare = daemons[shardCount]!;
    await Promise.all(daemons.slice(0, shardCount).map(startDaemon));
    reporter.ok(
      `${shardCount} btt-host daemons running (pids ${daemons
        .slice(0, shardCount)
        .map((h) => h.child!.pid)
        .join(
          ", ",
        )}), each announcing ${units(PRICE_PER_GIB)} USDT_e per GiB-period and ${units(COLLATERAL_PER_GIB)} collateral per GiB on chain`,
    );

    // ------------------------------------------------------------------ store
    const manifestPath = join(dir, "movie.btt.json");
    const stored = await run("store", [
      "store",
      filePath,
      "--manifest-out",
      manifestPath,
      "--data-shards",
      String(profile.dataShards),
      "--parity-shards",
      String(profile.parityShards),
      "--periods",
      PERIODS.toString(),
      "--period-length",
      PERIOD_LENGTH.toString(),
      "--lead-blocks",
      "30",
    ]);
    expectTrue(
      /WARNING: This manifest holds the key/.test(stored.stderr),
      "btt-storage store did not warn that the manifest holds the key",
    );
    const manifest = readClientManifest(manifestPath);
    const byAddress = new Map(daemons.map((h) => [h.address, h]));
    const owners = manifest.shards.map((s) => byAddress.get(s.host)!);
    expectEqual(new Set(owners.map((o) => o?.name)).size, shardCount, "distinct hosts holding the shards");
    reporter.ok(
      `btt-storage store: ${shardCount} shards pulled by ${owners.map((o) => o.name).join(", ")} over the connections Alice opened, deals accepted; manifest written with mode 0600 (it holds the key)`,
    );

    // ------------------------------------------------------------------ one period proven by the daemons
    const ids = manifest.shards.map((s) => s.dealId);
    const deal0 = await getDeal(bttc.publicClient, { market: d.bttc.market, id: ids[0]! });
    const mineTo = async (block: bigint) => {
      const head = await bttc.publicClient.getBlockNumber({ cacheTime: 0 });
      if (head < block) await bttc.networkHelpers.mineUpTo(block);
    };
    const proved = async (indices: readonly number[], period: bigint) => {
      for (const i of indices) {
        await until(`${owners[i]!.name} to prove period ${period}`, () =>
          periodState(owners[i]!, ids[i]!, period) === "proven" ? true : undefined,
        );
      }
    };
    await mineTo(deal0.start + 1n);
    await proved(
      owners.map((_, i) => i),
      0n,
    );
    reporter.ok(`period 0: every daemon poked or read the seed, proved its shard and submitted the proof itself`);

    // ------------------------------------------------------------------ a host stops for good
    const lost = owners[0]!;
    await stopDaemon(lost);
    await mineTo(deal0.start + PERIOD_LENGTH + 1n);
    await proved(owners.map((_, i) => i).slice(1), 1n);
    await mineTo(deal0.start + 2n * PERIOD_LENGTH + 1n);
    // Anyone may report a missed period (the devnet's storage-proof daemon leaves reports to the story).
    const report = await bttc.mined(
      reportMissed(bttc.wallet(cast.bob), { market: d.bttc.market, id: ids[0]! }),
      "reportMissed",
    );
    const [miss] = parseEventLogs({ abi: storageMarketAbi, logs: report.logs, eventName: "PeriodMissed" });
    expectTrue(miss !== undefined && miss.args.slashed! > 0n, `${lost.name}'s missed period was not slashed`);
    reporter.ok(
      `${lost.name} stopped for good: period 1 missed, reported by Bob; ${units(miss.args.slashed!)} USDT_e of its collateral slashed (${units(miss.args.bounty!)} bounty to Bob), ${units(miss.args.refund!)} refunded to Alice`,
    );

    // The hosts serve shards paid per verified piece (vouchers on BTTC's payment pool): the client's
    // downloads for repair and retrieval deposit what they need, within this budget.
    const paying = ["--max-piece-price", SERVING_PRICE_LIMIT.toString(), "--budget", BTT.toString()];

    // ------------------------------------------------------------------ repair onto the spare host
    await startDaemon(spare);
    const status = await run("status", ["status", manifestPath, "--json"]);
    const flagged = (JSON.parse(status.stdout) as { index: number; healthy: boolean }[]).filter((s) => !s.healthy);
    expectEqual(flagged.map((s) => s.index).join(","), "0", "shards btt-storage status flags for repair");
    await run("repair", ["repair", manifestPath, "--lead-blocks", "30", ...paying]);
    const repaired = readClientManifest(manifestPath);
    expectEqual(repaired.shards[0]!.host, spare.address, "host of shard 0 after the repair");
    const newDeal = await getDeal(bttc.publicClient, { market: d.bttc.market, id: repaired.shards[0]!.dealId });
    await mineTo(newDeal.start + 1n);
    await until(`${spare.name} to prove the repaired shard`, () =>
      periodState(spare, repaired.shards[0]!.dealId, 0n) === "proven" ? true : undefined,
    );
    reporter.ok(
      `btt-storage repair: shard 0 rebuilt from ${profile.dataShards} healthy shard(s) and placed with ${spare.name}, which proved it; manifest updated atomically`,
    );

    // ------------------------------------------------------------------ retrieve through the repaired shard
    const restoredPath = join(dir, "restored-by-btt-storage.bin");
    const retrieved = await run("retrieve", ["retrieve", manifestPath, "--out", restoredPath, ...paying]);
    expectTrue(
      retrieved.stderr.includes(`shard 0: downloaded from ${spare.address}`),
      "the retrieval did not use the repaired shard",
    );
    expectTrue(
      readFileSync(restoredPath).equals(readFileSync(filePath)),
      "the file retrieved by btt-storage differs from the original",
    );
    reporter.ok(
      `btt-storage retrieve: the file restored from shards including the repaired one, identical to the original`,
    );

    // ------------------------------------------------------------------ earnings
    await Promise.all(daemons.map(stopDaemon));
    const hosts = daemons.map((h): HostEarning => {
      const s = hostStatus(join(h.dir, "data", "host.db"));
      const note =
        h === lost
          ? "held shard 0; stopped for good, slashed"
          : h === spare
            ? "took the repaired shard 0"
            : `holds shard ${owners.indexOf(h)}`;
      return {
        name: h.name,
        address: h.address,
        proven: s.periods.proven,
        missed: s.periods.missed,
        claimed: s.claimed,
        note,
      };
    });
    return { hosts, restoredPath };
  } finally {
    await Promise.all(daemons.map(stopDaemon));
  }
}
