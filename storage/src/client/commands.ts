/** The client's commands: store, status, retrieve, repair. */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { bytesToHex, hexToBytes, type Address } from "viem";

import { dealStatusNames, getDeal, prepare, rebuildShards, restore, storageMarketAbi } from "@btt-network/sdk/storage";
import type { ChainContext } from "../shared/chain.ts";
import { ClientManifestError, NoHostsError } from "../shared/errors.ts";
import { discoverHosts } from "./discover.ts";
import { KEY_WARNING, readClientManifest, writeClientManifest, type ClientManifest } from "./manifest.ts";
import { placeAll } from "./placeAll.ts";
import { ServingPayer, type PaymentLimits } from "./pay.ts";
import { fetchShards, startShardSeeder, type FetchedShards } from "./shards.ts";

type Log = (line: string) => void;

export interface StoreOptions {
  readonly input: string;
  readonly manifestOut: string;
  readonly dataShards: number;
  readonly parityShards: number;
  readonly periods: bigint;
  /** Blocks per period (a multiple of the market's epoch). */
  readonly periodLength: bigint;
  readonly maxPricePerPeriod: bigint;
  readonly challengesPerPeriod: bigint;
  /** Blocks between now and the deals' start (time to pull and accept). */
  readonly leadBlocks: bigint;
}

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The next epoch boundary at least `lead` blocks ahead. */
async function nextStart(chain: ChainContext, lead: bigint): Promise<{ head: bigint; start: bigint }> {
  const head = await chain.publicClient.getBlockNumber({ cacheTime: 0 });
  return { head, start: ((head + lead) / chain.epochLength + 1n) * chain.epochLength };
}

export async function store(chain: ChainContext, options: StoreOptions, log: Log): Promise<ClientManifest> {
  const work = tempDir("btt-storage-store-");
  try {
    const prepared = await prepare({
      input: options.input,
      outDir: work,
      dataShards: options.dataShards,
      parityShards: options.parityShards,
    });
    const { manifest: file } = prepared;
    log(
      `prepared ${file.plainSize} bytes into ${options.dataShards} + ${options.parityShards} shards of ${file.shardSize} bytes`,
    );
    const count = options.dataShards + options.parityShards;
    const candidates = await discoverHosts(chain, {
      shardSize: file.shardSize,
      maxPricePerPeriod: options.maxPricePerPeriod,
    });
    if (candidates.length < count) {
      throw new NoHostsError(
        `${candidates.length} hosts match (price <= ${options.maxPricePerPeriod} per period, ${file.shardSize} bytes free, answering); ${count} are needed`,
        {
          hints: ["Raise --max-price, use fewer shards, or wait for more hosts"],
        },
      );
    }
    const escrow = candidates.slice(0, count).reduce((sum, c) => sum + c.price, 0n) * options.periods;
    await chain.ensureAllowance(escrow * 2n);
    const { start } = await nextStart(chain, options.leadBlocks);
    const seeder = await startShardSeeder(work);
    let placements;
    try {
      placements = await placeAll({
        chain,
        shards: file.shards.map((s) => ({ index: s.index, root: s.root, size: s.size })),
        candidates,
        start,
        periods: options.periods,
        periodLength: options.periodLength,
        challengesPerPeriod: options.challengesPerPeriod,
        deadline: start - 1n,
        seederPort: seeder.port,
        log,
      });
    } finally {
      await seeder.close();
    }
    const manifest: ClientManifest = {
      version: 1,
      warning: KEY_WARNING,
      chainId: chain.chainId,
      market: chain.market,
      client: chain.account.address,
      key: bytesToHex(prepared.key),
      file,
      until: start + options.periods * options.periodLength,
      periodLength: options.periodLength,
      pricePerPeriod: placements.map((p) => p.pricePerPeriod),
      shards: placements.map(({ pricePerPeriod: _, ...p }) => p),
      replaced: [],
    };
    writeClientManifest(options.manifestOut, manifest);
    log(`manifest written to ${options.manifestOut}`);
    log(`WARNING: ${KEY_WARNING}`);
    return manifest;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Reads a manifest and checks it belongs to this chain and market. */
export function openManifest(chain: ChainContext, path: string): ClientManifest {
  const manifest = readClientManifest(path);
  if (manifest.chainId !== chain.chainId || manifest.market !== chain.market) {
    throw new ClientManifestError(
      `${path} is for market ${manifest.market} on chain ${manifest.chainId}, not ${chain.market} on chain ${chain.chainId}`,
      { hints: ["Use the RPC URL and deployment manifest of the chain the file was stored on"] },
    );
  }
  return manifest;
}

export interface ShardStatus {
  readonly index: number;
  readonly host: Address;
  readonly dealId: string;
  readonly state: string;
  readonly proven: bigint;
  readonly missed: bigint;
  readonly escrowLeft: bigint;
  readonly healthy: boolean;
  readonly problem: string | undefined;
}

export async function status(chain: ChainContext, manifest: ClientManifest): Promise<ShardStatus[]> {
  const missedLogs = await chain.publicClient.getContractEvents({
    address: chain.market,
    abi: storageMarketAbi,
    eventName: "PeriodMissed",
    fromBlock: 0n,
  });
  return Promise.all(
    manifest.shards.map(async (s): Promise<ShardStatus> => {
      const deal = await getDeal(chain.publicClient, { market: chain.market, id: s.dealId });
      if (deal.status === 0) {
        throw new ClientManifestError(`Deal ${s.dealId} of shard ${s.index} is not on this market`, {
          hints: ["Check that this manifest was written for this deployment"],
        });
      }
      const missed = BigInt(missedLogs.filter((l) => l.args.id === s.dealId).length);
      const state = dealStatusNames[deal.status];
      const end = deal.start + deal.periods * deal.periodLength;
      let problem: string | undefined;
      if (state === "Completed" && end >= manifest.until)
        problem = undefined; // served its whole term
      else if (state !== "Active") problem = `deal ${state.toLowerCase()}`;
      else if (deal.misses > 0) problem = `${deal.misses} period(s) missed`;
      else if (end < manifest.until) problem = "deal ends before the file's duration";
      else if (state === "Active" && !(await answers(s.endpoint))) problem = "host does not answer";
      return {
        index: s.index,
        host: s.host,
        dealId: s.dealId,
        state,
        proven: deal.cursor - missed,
        missed,
        escrowLeft: state === "Active" ? (deal.periods - deal.cursor) * deal.pricePerPeriod : 0n,
        healthy: problem === undefined,
        problem,
      };
    }),
  );
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(new URL("/health", endpoint), { signal: AbortSignal.timeout(3_000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/** Throws when fewer than `k` shards came: the client's payment error if that is what stopped it, else `NoHostsError`. */
function assertEnoughShards(fetched: FetchedShards, k: number, what: string): void {
  const count = Object.keys(fetched.paths).length;
  if (count >= k) return;
  if (fetched.paymentErrors.length > 0) throw fetched.paymentErrors[0]!;
  throw new NoHostsError(`Only ${count} ${what} could be downloaded; ${k} are needed`, {
    hints: Object.entries(fetched.failures).map(([i, e]) => `shard ${i}: ${e}`),
  });
}

export async function retrieve(
  chain: ChainContext,
  manifest: ClientManifest,
  out: string,
  payment: PaymentLimits,
  log: Log,
) {
  const work = tempDir("btt-storage-retrieve-");
  try {
    const k = manifest.file.erasure.dataShards;
    const order = manifest.shards.map((s) => s.index);
    const fetched = await fetchShards(chain, manifest, k, work, order, new ServingPayer(chain, payment), log);
    assertEnoughShards(fetched, k, "shards");
    if (fetched.paid > 0n) log(`paid ${fetched.paid} to the hosts for serving`);
    const restored = await restore({
      manifest: manifest.file,
      key: hexToBytes(manifest.key),
      shards: fetched.paths,
      output: out,
    });
    log(`restored ${restored.plainSize} bytes to ${out} from shards ${restored.usedShards.join(", ")}`);
    return restored;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export interface RepairOptions {
  readonly manifestPath: string;
  readonly maxPricePerPeriod: bigint;
  readonly challengesPerPeriod: bigint;
  readonly leadBlocks: bigint;
  /** How downloads of the healthy shards pay hosts that ask for payment. */
  readonly payment: PaymentLimits;
}

/** Rebuilds every unhealthy shard from k healthy ones and places it with a new host; returns the repaired indices. */
export async function repair(chain: ChainContext, options: RepairOptions, log: Log): Promise<number[]> {
  const manifest = openManifest(chain, options.manifestPath);
  const shards = await status(chain, manifest);
  const broken = shards.filter((s) => !s.healthy);
  if (broken.length === 0) {
    log("every shard is healthy: nothing to repair");
    return [];
  }
  for (const s of broken) log(`shard ${s.index} on ${s.host}: ${s.problem}`);
  // New hosts first: without them nothing is downloaded (and paid for).
  const exclude = [...manifest.shards.map((s) => s.host), ...manifest.replaced.map((s) => s.host)];
  const candidates = await discoverHosts(chain, {
    shardSize: manifest.file.shardSize,
    maxPricePerPeriod: options.maxPricePerPeriod,
    exclude,
  });
  if (candidates.length < broken.length)
    throw new NoHostsError(
      `${candidates.length} new hosts match (not holding this file, price <= ${options.maxPricePerPeriod} per period, answering); ${broken.length} are needed`,
      { hints: ["Wait for more hosts, or raise --max-price"] },
    );
  const k = manifest.file.erasure.dataShards;
  const work = tempDir("btt-storage-repair-");
  try {
    const healthy = shards.filter((s) => s.healthy).map((s) => s.index);
    const fetched = await fetchShards(chain, manifest, k, work, healthy, new ServingPayer(chain, options.payment), log);
    assertEnoughShards(fetched, k, "healthy shards");
    const rebuiltDir = join(work, "rebuilt");
    mkdirSync(rebuiltDir);
    const outputs = Object.fromEntries(broken.map((s) => [s.index, join(rebuiltDir, `shard-${s.index}.bin`)]));
    const rebuilt = await rebuildShards({ manifest: manifest.file, shards: fetched.paths, outputs });
    log(`rebuilt shard(s) ${broken.map((s) => s.index).join(", ")} from shards ${rebuilt.usedShards.join(", ")}`);
    const { start } = await nextStart(chain, options.leadBlocks);
    const remaining = manifest.until > start ? manifest.until - start : 1n;
    const periods = (remaining + manifest.periodLength - 1n) / manifest.periodLength;
    await chain.ensureAllowance(
      candidates.slice(0, broken.length).reduce((sum, c) => sum + c.price, 0n) * periods * 2n,
    );
    const seeder = await startShardSeeder(rebuiltDir);
    let placements;
    try {
      placements = await placeAll({
        chain,
        shards: broken.map((s) => ({
          index: s.index,
          root: manifest.file.shards[s.index]!.root,
          size: manifest.file.shards[s.index]!.size,
        })),
        candidates,
        start,
        periods,
        periodLength: manifest.periodLength,
        challengesPerPeriod: options.challengesPerPeriod,
        deadline: start - 1n,
        seederPort: seeder.port,
        log,
      });
    } finally {
      await seeder.close();
    }
    const byIndex = new Map(placements.map((p) => [p.index, p]));
    const updated: ClientManifest = {
      ...manifest,
      shards: manifest.shards.map((s) => {
        const p = byIndex.get(s.index);
        return p === undefined
          ? s
          : {
              index: p.index,
              host: p.host,
              endpoint: p.endpoint,
              dealId: p.dealId,
              start: p.start,
              periods: p.periods,
            };
      }),
      pricePerPeriod: manifest.shards.map(
        (s, i) => byIndex.get(s.index)?.pricePerPeriod ?? manifest.pricePerPeriod[i]!,
      ),
      replaced: [
        ...manifest.replaced,
        ...broken.map((b) => ({ ...manifest.shards[b.index]!, reason: b.problem ?? "unhealthy" })),
      ],
    };
    writeClientManifest(options.manifestPath, updated);
    log(
      `manifest updated: shard(s) ${broken.map((s) => s.index).join(", ")} now with ${placements.map((p) => p.host).join(", ")}`,
    );
    return broken.map((s) => s.index);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
