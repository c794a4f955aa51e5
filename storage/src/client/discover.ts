/**
 * Finding hosts on chain: every address that announced terms (`HostUpdated`), with its current
 * registry entry (price, collateral, capacity left, endpoint) and its history from the market's
 * events (deals taken, periods missed, deals terminated). Candidates must fit the shard, stay within
 * the price limit and answer on their endpoint; the most reliable, then cheapest, come first.
 */
import type { Address } from "viem";

import { getHost, storageMarketAbi, type HostInfo } from "@btt-network/sdk/storage";
import { perGiB, type ChainContext } from "../shared/chain.ts";

export interface HostCandidate {
  readonly address: Address;
  readonly info: HostInfo;
  readonly price: bigint;
  readonly collateral: bigint;
  readonly deals: number;
  readonly missed: number;
  readonly terminated: number;
}

export interface DiscoverOptions {
  readonly shardSize: bigint;
  /** Highest price per period per shard the client pays. */
  readonly maxPricePerPeriod: bigint;
  readonly exclude?: readonly Address[];
  /** Milliseconds a host has to answer `GET /health`. */
  readonly healthTimeoutMs?: number;
}

export async function discoverHosts(chain: ChainContext, options: DiscoverOptions): Promise<HostCandidate[]> {
  const client = chain.publicClient;
  const [updates, accepted, missed, terminated] = await Promise.all([
    client.getContractEvents({ address: chain.market, abi: storageMarketAbi, eventName: "HostUpdated", fromBlock: 0n }),
    client.getContractEvents({
      address: chain.market,
      abi: storageMarketAbi,
      eventName: "DealAccepted",
      fromBlock: 0n,
    }),
    client.getContractEvents({
      address: chain.market,
      abi: storageMarketAbi,
      eventName: "PeriodMissed",
      fromBlock: 0n,
    }),
    client.getContractEvents({
      address: chain.market,
      abi: storageMarketAbi,
      eventName: "DealTerminated",
      fromBlock: 0n,
    }),
  ]);
  const hostOf = new Map(accepted.map((l) => [l.args.id!, l.args.host!]));
  const count = (logs: readonly { args: { id?: `0x${string}` } }[], host: Address) =>
    logs.filter((l) => hostOf.get(l.args.id!) === host).length;
  const exclude = new Set(options.exclude ?? []);
  const addresses = [...new Set(updates.map((l) => l.args.host!))].filter((a) => !exclude.has(a));
  const candidates = await Promise.all(
    addresses.map(async (address): Promise<HostCandidate | undefined> => {
      const info = await getHost(client, { market: chain.market, host: address });
      const price = perGiB(info.pricePerGiBPerPeriod, options.shardSize);
      if (info.capacity - info.used < options.shardSize || price > options.maxPricePerPeriod || info.endpoint === "")
        return undefined;
      if (!(await answers(info.endpoint, options.healthTimeoutMs ?? 2_000))) return undefined;
      return {
        address,
        info,
        price,
        collateral: perGiB(info.collateralPerGiB, options.shardSize),
        deals: [...hostOf.values()].filter((h) => h === address).length,
        missed: count(missed, address),
        terminated: count(terminated, address),
      };
    }),
  );
  return candidates
    .filter((c): c is HostCandidate => c !== undefined)
    .sort((a, b) => a.terminated * 5 + a.missed - (b.terminated * 5 + b.missed) || Number(a.price - b.price));
}

async function answers(endpoint: string, timeoutMs: number): Promise<boolean> {
  try {
    const response = await fetch(new URL("/health", endpoint), { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}
