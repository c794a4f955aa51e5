/**
 * Step 3: Alice prepares a file (AES-256-GCM, Reed-Solomon data + parity shards, one commitment
 * per shard), stores each shard under a deal with its own host, paid in USDT_e bridged from
 * Ethereum; hosts prove their shard for two periods (each writes its proof file, the storage-proof
 * daemon batches them across hosts and submits), are paid per proven period and claim. The file is then restored from a subset of the shards.
 */
import { randomBytes } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { erc20Abi, type Address, type Hex } from "viem";

import { ContentTree } from "@btt-network/sdk/commitment";
import {
  acceptDeal,
  buildPeriodProof,
  claim,
  getCredit,
  getDealStatus,
  pokeSeed,
  prepare,
  restore,
  setHost,
  signDeal,
  type PeriodProof,
} from "@btt-network/sdk/storage";
import type { DevnetRelayers } from "../relayers.ts";
import { cast, type Chains } from "./chains.ts";
import { market as marketParams, type Deployment } from "./deploy.ts";
import { BTT, type Profile } from "./profile.ts";
import { awaitProofs, type RelayTiming } from "./relay.ts";
import { expectEqual, expectTrue, mib, units, type Reporter } from "./report.ts";

const PERIODS = 2n;
const PERIOD_LENGTH = 2n * marketParams.epoch;
export const pricePerPeriod = 5n * BTT;
export const collateral = 20n * BTT;

export interface StorageOutcome {
  /** The original file (seeded in step 4) and its size. */
  readonly filePath: string;
  readonly restoredPath: string;
  readonly shards: number;
  /** What each host earned (USDT_e, after claiming). */
  readonly hostEarnings: readonly bigint[];
  /** What Alice paid in total. */
  readonly clientPaid: bigint;
  /** Alice's USDT_e after the deals (she also handed each host its collateral). */
  readonly clientBalance: bigint;
  readonly marketBalance: bigint;
  /** How long the storage-proof daemon took per period (from the hosts' proof files to acceptance). */
  readonly timings: readonly RelayTiming[];
}

export async function runStorage(
  chains: Chains,
  d: Deployment,
  profile: Profile,
  dir: string,
  relayers: DevnetRelayers,
  reporter: Reporter,
): Promise<StorageOutcome> {
  const bttc = chains.bttc;
  const market = d.bttc.market;
  const usdt = d.bttc.usdt.ethereum;
  const client = bttc.wallet(cast.alice);
  const shardCount = profile.dataShards + profile.parityShards;
  const hosts = cast.hosts.slice(0, shardCount).map((i) => bttc.wallet(i));
  const balanceOf = (account: Address) =>
    bttc.publicClient.readContract({ address: usdt, abi: erc20Abi, functionName: "balanceOf", args: [account] });
  const approve = async (wallet: typeof client, amount: bigint) =>
    bttc.mined(
      wallet.writeContract({
        address: usdt,
        abi: erc20Abi,
        functionName: "approve",
        args: [market, amount],
        account: wallet.account,
        chain: wallet.chain,
      }),
    );

  // ------------------------------------------------------------------ prepare
  const original = randomBytes(profile.fileSize);
  const filePath = join(dir, "movie.bin");
  await writeFile(filePath, original);
  const t0 = performance.now();
  const prepared = await prepare({
    input: filePath,
    outDir: join(dir, "shards"),
    dataShards: profile.dataShards,
    parityShards: profile.parityShards,
  });
  const { manifest } = prepared;
  reporter.ok(
    `prepared ${mib(profile.fileSize)} (${profile.fileSize} bytes) into ${profile.dataShards} data + ${profile.parityShards} parity shards of ${mib(manifest.shardSize)} (AES-256-GCM, Reed-Solomon, one commitment per shard; ${(performance.now() - t0).toFixed(0)} ms)`,
  );

  // ------------------------------------------------------------------ hosts and deals
  for (const host of hosts) {
    await bttc.mined(
      client.writeContract({
        address: usdt,
        abi: erc20Abi,
        functionName: "transfer",
        args: [host.account.address, collateral],
        account: client.account,
        chain: client.chain,
      }),
    );
    await approve(host, collateral);
    await bttc.mined(
      setHost(host, {
        market,
        capacity: 1n << 30n,
        pricePerGiBPerPeriod: BTT,
        collateralPerGiB: BTT,
        endpoint: "tcp://127.0.0.1:6881",
      }),
      "setHost",
    );
  }
  const escrow = BigInt(shardCount) * PERIODS * pricePerPeriod;
  await approve(client, escrow);
  const clientStart = await balanceOf(client.account.address);
  const hostStart = await Promise.all(hosts.map((h) => balanceOf(h.account.address)));
  const now = await bttc.publicClient.getBlockNumber({ cacheTime: 0 });
  const start = ((now + 20n) / marketParams.epoch + 1n) * marketParams.epoch;
  const ids: Hex[] = [];
  for (const [i, host] of hosts.entries()) {
    const shard = manifest.shards[i]!;
    const terms = {
      chainId: bttc.chainId,
      market,
      client: client.account.address,
      host: host.account.address,
      root: shard.root,
      size: shard.size,
      start,
      periods: PERIODS,
      periodLength: PERIOD_LENGTH,
      pricePerPeriod,
      collateral,
      challengesPerPeriod: 3n,
      nonce: BigInt(i),
      deadline: now + 100n,
    };
    const signed = await signDeal({ signer: client, terms });
    const accepted = await acceptDeal(host, { market, terms, signature: signed.signature });
    await bttc.mined(accepted.hash, "acceptDeal");
    expectEqual(accepted.id, signed.id, `deal id of shard ${i}`);
    ids.push(accepted.id);
  }
  expectEqual(await balanceOf(client.account.address), clientStart - escrow, "Alice's USDT_e after escrow");
  reporter.ok(
    `${ids.length} deals signed by Alice and accepted by ${hosts.length} hosts: ${PERIODS} periods of ${PERIOD_LENGTH} blocks at ${units(pricePerPeriod)} USDT_e, ${units(collateral)} USDT_e collateral each`,
  );

  // ------------------------------------------------------------------ two proven periods
  const timings: RelayTiming[] = [];
  const trees = await Promise.all(prepared.shardPaths.map((p) => ContentTree.fromSource(p)));
  for (let period = 0n; period < PERIODS; period++) {
    const periodStart = start + period * PERIOD_LENGTH;
    const latest = await bttc.publicClient.getBlockNumber({ cacheTime: 0 });
    if (latest < periodStart + 1n) await bttc.networkHelpers.mineUpTo(periodStart + 1n);
    // A host pokes the period's seed, each host proves 3 random segments of its shard against it and
    // writes the proof where the storage-proof daemon reads it; the daemon batches them.
    await bttc.mined(pokeSeed(hosts[0]!, { market, epoch: periodStart / marketParams.epoch }));
    const fromBlock = await bttc.publicClient.getBlockNumber({ cacheTime: 0 });
    const since = performance.now();
    for (const [i, id] of ids.entries()) {
      const proof = await buildPeriodProof(bttc.publicClient, {
        market,
        id,
        period,
        shardPath: prepared.shardPaths[i]!,
        tree: trees[i],
      });
      await writeProof(relayers.proofDir(i), proof);
    }
    const outcome = await awaitProofs(bttc, market, ids, period, relayers, fromBlock, since);
    const accepted = outcome.batches.reduce((a, b) => a + b.accepted, 0n);
    expectEqual(accepted, BigInt(ids.length), `proofs accepted in period ${period}`);
    for (const batch of outcome.batches) await bttc.mined(batch.hash, `submitProofs (${batch.accepted} deals)`);
    timings.push({ what: `period ${period} proofs → accepted`, ms: outcome.latencyMs });
    reporter.ok(
      `period ${period}: seed poked, ${ids.length} hosts proved 3 random segments of their shard each; the daemon submitted them in ${outcome.batches.length} batch(es) after ${(outcome.latencyMs / 1_000).toFixed(1)} s; paid ${units(pricePerPeriod)} USDT_e each`,
    );
  }
  for (const id of ids)
    expectEqual(
      (await getDealStatus(bttc.publicClient, { market, id })).status,
      "Completed",
      `deal ${id.slice(0, 10)} status`,
    );
  const hostEarnings: bigint[] = [];
  for (const [i, host] of hosts.entries()) {
    expectEqual(
      await getCredit(bttc.publicClient, { market, account: host.account.address }),
      PERIODS * pricePerPeriod + collateral,
      `host ${i} credit`,
    );
    await bttc.mined(claim(host, { market }), "claim (storage)");
    hostEarnings.push((await balanceOf(host.account.address)) - hostStart[i]!);
    expectEqual(hostEarnings[i], PERIODS * pricePerPeriod, `host ${i} earnings`);
  }
  const marketBalance = await balanceOf(market);
  expectEqual(marketBalance, 0n, "USDT_e left in the StorageMarket");
  reporter.ok(
    `deals completed; each host claimed ${units(PERIODS * pricePerPeriod)} USDT_e earned plus its collateral back; market holds 0`,
  );

  // ------------------------------------------------------------------ restore from a subset
  const chosen = Array.from({ length: profile.dataShards }, (_, i) => shardCount - 1 - i).sort((a, b) => a - b);
  const restoredPath = join(dir, "restored.bin");
  const shards = Object.fromEntries(chosen.map((i) => [i, prepared.shardPaths[i]!]));
  const restored = await restore({ manifest: prepared.manifestPath, key: prepared.key, shards, output: restoredPath });
  expectTrue((await readFile(restoredPath)).equals(original), "the restored file differs from the original");
  reporter.ok(
    `file restored from shards ${restored.usedShards.join(", ")} (parity included) and identical to the original`,
  );
  return {
    filePath,
    restoredPath,
    shards: shardCount,
    hostEarnings,
    clientPaid: escrow,
    clientBalance: await balanceOf(client.account.address),
    marketBalance,
    timings,
  };
}

/** A host's proof file: written under a temporary name and renamed, so the daemon never reads half of it. */
async function writeProof(dir: string, proof: PeriodProof): Promise<void> {
  const file = join(dir, `${proof.id}-${proof.period}.json`);
  await writeFile(`${file}.tmp`, JSON.stringify({ id: proof.id, period: proof.period.toString(), data: proof.data }));
  await rename(`${file}.tmp`, file);
}
