/** Shards on the client side: serving local shard files to pulling hosts, and downloading shards from their hosts. */
import { join } from "node:path";

import type { Address } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { DirectoryStore, download, Seeder } from "@btt-network/sdk/p2p";
import { getHost } from "@btt-network/sdk/storage";
import type { ChainContext } from "../shared/chain.ts";
import { PaymentRequiredError } from "../shared/errors.ts";
import type { ClientManifest } from "./manifest.ts";
import type { HostServingTerms, ServingPayer } from "./pay.ts";

/** A loopback seeder of every shard file in `dir` (hosts reach it through their pull connections only). */
export async function startShardSeeder(dir: string): Promise<{ port: number; close(): Promise<void> }> {
  const content = await DirectoryStore.open(dir);
  const seeder = await Seeder.start({
    account: privateKeyToAccount(generatePrivateKey()),
    content,
    host: "127.0.0.1",
    port: 0,
    maxPeersPerAddress: 256,
    uploadSlots: 16,
  });
  return {
    port: seeder.port,
    close: async () => {
      await seeder.close();
      await content.close();
    },
  };
}

export interface HostPeer {
  /** The endpoint the host announces on chain now. */
  readonly endpoint: string;
  /** Where it seeds over the P2P core. */
  readonly p2p: { readonly host: string; readonly port: number };
  /** Its paid-serving terms (absent when it serves free). */
  readonly serving: HostServingTerms | undefined;
}

/** The P2P address a host seeds on and its serving terms (its endpoint's `GET /info`), from the endpoint it announces on chain now. */
export async function hostPeer(chain: ChainContext, host: Address): Promise<HostPeer> {
  const { endpoint } = await getHost(chain.publicClient, { market: chain.market, host });
  const response = await fetch(new URL("/info", endpoint), { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`host ${host} answered /info with HTTP ${response.status}`);
  const body = (await response.json()) as {
    p2p: { host: string; port: number };
    serving?: { pricePerPiece: string; creditPieces: number; chainId: number; pool: Address; token: Address };
  };
  const serving =
    body.serving === undefined ? undefined : { ...body.serving, pricePerPiece: BigInt(body.serving.pricePerPiece) };
  return { endpoint, p2p: body.p2p, serving };
}

export interface FetchedShards {
  readonly paths: Record<number, string>;
  readonly failures: Record<number, string>;
  /** The failures because the client could not pay (a typed error to show when too few shards came). */
  readonly paymentErrors: readonly Error[];
  readonly bytes: bigint;
  /** Paid to the hosts for the shards downloaded. */
  readonly paid: bigint;
}

/**
 * Downloads `want` shards of the file into `dir` over the P2P core (every piece verified against
 * the shard's root), trying the shards in `order` and moving on to the next when one fails. Hosts
 * that ask for payment are paid per verified piece by `payer` (a host asking payment fails its
 * shard without one).
 */
export async function fetchShards(
  chain: ChainContext,
  manifest: ClientManifest,
  want: number,
  dir: string,
  order: readonly number[],
  payer: ServingPayer | undefined,
  log: (line: string) => void = () => undefined,
): Promise<FetchedShards> {
  const queue = [...order];
  const paths: Record<number, string> = {};
  const failures: Record<number, string> = {};
  const paymentErrors: Error[] = [];
  let done = 0;
  /** Downloads running: a worker starts another only while those could still fall short. */
  let running = 0;
  let bytes = 0n;
  let paid = 0n;
  const worker = async () => {
    while (done + running < want) {
      const index = queue.shift();
      if (index === undefined) return;
      running++;
      const placed = manifest.shards[index]!;
      const entry = manifest.file.shards[index]!;
      try {
        const peer = await hostPeer(chain, placed.host);
        const out = join(dir, `shard-${index}.bin`);
        const payment =
          peer.serving === undefined || payer === undefined
            ? undefined
            : await payer.prepare(placed.host, peer.endpoint, peer.serving, entry.size);
        const result = await download({
          root: entry.root,
          size: entry.size,
          out,
          peers: [peer.p2p],
          account: chain.account,
          ...(payment === undefined ? {} : { payment }),
          stallTimeoutMs: 15_000,
          requestTimeoutMs: 5_000,
          connectRetryMs: 1_000,
          hashWorkers: 0,
        });
        running--;
        paths[index] = out;
        bytes += entry.size;
        paid += result.paid;
        done++;
        log(`shard ${index}: downloaded from ${placed.host}${result.paid > 0n ? `, paid ${result.paid}` : ""}`);
      } catch (error) {
        running--;
        if (error instanceof PaymentRequiredError) paymentErrors.push(error);
        const peers = (error as { details?: { peers?: unknown } }).details?.peers;
        failures[index] =
          `${(error as Error).message.split("\n")[0]!}${Array.isArray(peers) ? `: ${peers.join("; ")}` : ""}`;
        log(`shard ${index}: unavailable from ${placed.host} (${failures[index]})`);
      }
    }
  };
  await Promise.all(Array.from({ length: want }, worker));
  return { paths, failures, paymentErrors, bytes, paid };
}
