/**
 * The storage programs on a 256 MiB file (issue 21), measured against references in the same run:
 * - store_ratio_vs_prepare: `btt-storage store` onto 5 local `btt-host` processes (prepare, hosts
 *   found on chain, 5 verified pulls, acceptance) / `prepare` alone;
 * - retrieve_ratio_vs_loopback: `btt-storage retrieve` rate (file bytes / wall time: 3 shards over
 *   P2P, restore and decryption) / the P2P core's loopback rate moving one shard in process;
 * - repair_shard_ms: `btt-storage repair` after a host is gone (3 shards downloaded, the lost one
 *   rebuilt, placed with a sixth host and accepted).
 * Each CLI run includes its process start-up. Runs on a `hardhat node` process.
 */
import { join } from "node:path";

import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { download, FileSource, Seeder } from "@btt-network/sdk/p2p";
import { readClientManifest } from "../../storage/src/client/manifest.ts";
import {
  account,
  createHost,
  deployNetwork,
  startHardhatNode,
  storageCli,
  tempDir,
  BTT,
  type HostProcess,
} from "../../test/storage/support/network.ts";
import type { BenchRow } from "./report.ts";

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

export async function benchStoragePrograms(input: string, size: number, prepareMs: number): Promise<BenchRow[]> {
  const node = await startHardhatNode(199);
  const net = await deployNetwork(node);
  const hosts: HostProcess[] = [];
  try {
    const client = await account(net, 1_000_000n * BTT);
    for (let i = 0; i < 6; i++) hosts.push(await createHost(net, { pullStallMs: 60_000 }));
    await Promise.all(hosts.slice(0, 5).map((h) => h.start()));
    const dir = tempDir("btt-bench-programs-");
    const manifestPath = join(dir, "file.btt.json");
    const cli = async (args: string[]) => {
      const result = await storageCli(net, client.key, args);
      if (result.code !== 0) throw new Error(`btt-storage ${args[0]} failed: ${result.stderr}`);
      return result;
    };
    const store = await timed(() =>
      cli(["store", input, "--manifest-out", manifestPath, "--periods", "4", "--lead-blocks", "40"]),
    );
    const retrieve = await timed(() => cli(["retrieve", manifestPath, "--out", join(dir, "restored.bin")]));

    // Reference: the P2P core moving one shard on loopback in process, every piece verified.
    const manifest = readClientManifest(manifestPath);
    const shardPath = join(
      hosts.find((h) => h.address === manifest.shards[1]!.host)!.dir,
      "data",
      "shards",
      `${manifest.shards[1]!.dealId}.shard`,
    );
    const source = await FileSource.open(shardPath);
    const seeder = await Seeder.start({
      account: privateKeyToAccount(generatePrivateKey()),
      content: source,
      host: "127.0.0.1",
      port: 0,
    });
    const loopback = await timed(() =>
      download({
        root: source.commitment.root,
        size: source.commitment.size,
        out: join(dir, "loopback.bin"),
        peers: [{ host: "127.0.0.1", port: seeder.port }],
      }),
    );
    await seeder.close();
    await source.close();

    // Repair: the host of shard 0 is gone for good; a sixth host is up.
    await hosts.find((h) => h.address === manifest.shards[0]!.host)!.kill();
    await hosts[5]!.start();
    const repair = await timed(() => cli(["repair", manifestPath, "--lead-blocks", "40"]));
    const repaired = readClientManifest(manifestPath);
    if (repaired.shards[0]!.host !== hosts[5]!.address)
      throw new Error("repair did not move shard 0 to the sixth host");

    const mb = size / 1e6;
    const retrieveRate = mb / (retrieve.ms / 1000);
    const loopbackRate = Number(source.commitment.size) / 1e6 / (loopback.ms / 1000);
    return [
      {
        metric: "store_ms",
        value: Math.round(store.ms),
        unit: "ms",
        reference:
          "256 MiB, btt-storage store onto 5 btt-host processes (prepare, discovery, 5 verified pulls, acceptance)",
      },
      {
        metric: "store_ratio_vs_prepare",
        value: store.ms / prepareMs,
        unit: "ratio",
        reference: `store wall time / prepare alone (${Math.round(prepareMs)} ms) in the same run; lower is better, 1 is the floor`,
        better: "lower",
      },
      {
        metric: "retrieve_mb_per_s",
        value: retrieveRate,
        unit: "MB/s",
        reference: "256 MiB file via btt-storage retrieve: 3 shards over P2P, restore, decryption",
        better: "higher",
      },
      {
        metric: "p2p_loopback_shard_mb_per_s",
        value: loopbackRate,
        unit: "MB/s",
        reference: "one shard, in-process seeder to downloader on loopback, same run",
        better: "higher",
      },
      {
        metric: "retrieve_ratio_vs_loopback",
        value: retrieveRate / loopbackRate,
        unit: "ratio",
        reference: "retrieve rate (file bytes / wall time) / P2P loopback rate of one shard",
        better: "higher",
      },
      {
        metric: "repair_shard_ms",
        value: Math.round(repair.ms),
        unit: "ms",
        reference:
          "one shard of a 256 MiB file (3 + 2): download 3 healthy shards, rebuild, place with a new host, accepted",
      },
    ];
  } finally {
    for (const host of hosts) await host.kill();
    await node.stop();
  }
}
