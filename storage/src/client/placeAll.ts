/** Placing several shards with distinct hosts at once, moving to the next candidate when a host refuses. */
import type { Address, Hex } from "viem";

import type { ChainContext } from "../shared/chain.ts";
import { NoHostsError, OfferRefusedError } from "../shared/errors.ts";
import type { HostCandidate } from "./discover.ts";
import type { PlacedShard } from "./manifest.ts";
import { placeShard } from "./place.ts";

export interface ShardToPlace {
  readonly index: number;
  readonly root: Hex;
  readonly size: bigint;
}

export interface PlaceAllOptions {
  readonly chain: ChainContext;
  readonly shards: readonly ShardToPlace[];
  readonly candidates: readonly HostCandidate[];
  readonly start: bigint;
  readonly periods: bigint;
  readonly periodLength: bigint;
  readonly challengesPerPeriod: bigint;
  readonly deadline: bigint;
  readonly seederPort: number;
  readonly log: (line: string) => void;
}

export interface Placement extends PlacedShard {
  readonly pricePerPeriod: bigint;
}

export async function placeAll(options: PlaceAllOptions): Promise<Placement[]> {
  const queue = [...options.candidates];
  const refusals: string[] = [];
  const bars = new Map<number, number>();
  const progress = (index: number, host: Address, bytes: number, size: bigint) => {
    const tenth = Math.floor((bytes * 10) / Math.max(1, Number(size)));
    if (bars.get(index) === tenth) return;
    bars.set(index, tenth);
    options.log(`shard ${index} -> ${host} [${"#".repeat(tenth)}${"-".repeat(10 - tenth)}] ${tenth * 10}%`);
  };
  const placeOne = async (shard: ShardToPlace): Promise<Placement> => {
    for (;;) {
      const host = queue.shift();
      if (host === undefined) {
        throw new NoHostsError(`No host left to take shard ${shard.index}`, {
          hints: [...refusals, "Raise --max-price, or wait for more hosts to announce terms"],
        });
      }
      try {
        const { id, terms } = await placeShard({
          chain: options.chain,
          host: host.address,
          endpoint: host.info.endpoint,
          root: shard.root,
          size: shard.size,
          start: options.start,
          periods: options.periods,
          periodLength: options.periodLength,
          pricePerPeriod: host.price,
          collateral: host.collateral,
          challengesPerPeriod: options.challengesPerPeriod,
          deadline: options.deadline,
          seederPort: options.seederPort,
          onProgress: (bytes) => progress(shard.index, host.address, bytes, shard.size),
        });
        options.log(`shard ${shard.index}: deal ${id.slice(0, 10)} accepted by ${host.address}`);
        return {
          index: shard.index,
          host: host.address,
          endpoint: host.info.endpoint,
          dealId: id,
          start: terms.start,
          periods: terms.periods,
          pricePerPeriod: terms.pricePerPeriod,
        };
      } catch (error) {
        const reason = error instanceof OfferRefusedError ? error.reason : "unreachable";
        refusals.push(`${host.address}: ${reason}`);
        options.log(
          `shard ${shard.index}: ${host.address} refused (${reason}: ${(error as Error).message}); trying another host`,
        );
      }
    }
  };
  return Promise.all(options.shards.map(placeOne));
}
