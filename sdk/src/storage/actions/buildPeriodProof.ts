import type { Address, Hex } from "viem";
import { readContract } from "viem/actions";

import { ContentTree } from "../../commitment/tree.ts";
import { storageMarketAbi } from "../abi.ts";
import { StorageDealError } from "../errors.ts";
import type { PeriodProof } from "../types.ts";
import type { ReadClient } from "../../contract.ts";
import { getDeal } from "./getDeal.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface BuildPeriodProofParameters {
  readonly market: AnyAddress;
  readonly id: Hex;
  readonly period: bigint;
  /** The host's shard file for this deal. */
  readonly shardPath: string;
  /**
   * The shard's tree, built once with `ContentTree.fromSource(shardPath)` and reused every period
   * (it keeps 32 bytes per 256 KiB piece). Built from the file when omitted.
   */
  readonly tree?: ContentTree;
}

/**
 * Host side: the proof of one period, read from the shard on disk. Fetches the period's challenge
 * indices (the seed must be recorded: `pokeSeed` or any proof of that epoch), checks that the shard
 * matches the deal's (root, size), and proves each challenged segment reading only its piece.
 */
export async function buildPeriodProof(
  client: ReadClient,
  parameters: BuildPeriodProofParameters,
): Promise<PeriodProof> {
  const { id, period, shardPath } = parameters;
  const market = toEvmAddress(parameters.market);
  const [deal, indices] = await Promise.all([
    getDeal(client, { market, id }),
    readContract(client, {
      address: market,
      abi: storageMarketAbi,
      functionName: "challengeIndices",
      args: [id, period],
    }),
  ]);
  if (indices.length === 0) {
    throw new StorageDealError("The seed of this period is not recorded yet", {
      details: { id, period },
      hints: [
        "Call pokeSeed for the period's epoch (from its first block + 1; after 256 blocks it records a late seed), then build the proof",
      ],
    });
  }
  const tree = parameters.tree ?? (await ContentTree.fromSource(shardPath));
  if (tree.commitment.root !== deal.root || tree.commitment.size !== deal.size) {
    throw new StorageDealError("The shard file does not match the deal's (root, size)", {
      details: {
        shardPath,
        root: tree.commitment.root,
        size: tree.commitment.size,
        dealRoot: deal.root,
        dealSize: deal.size,
      },
      hints: ["Use the shard this deal was made for; a corrupted shard cannot be proven"],
    });
  }
  const data: Hex[] = [];
  for (const index of indices) {
    const proof = await tree.proveSegmentFromFile(shardPath, index);
    data.push(proof.segment, ...proof.proof);
  }
  return { id, period, data };
}
