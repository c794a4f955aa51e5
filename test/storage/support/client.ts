/** The client side in-process for host tests: a chain context for a key, offers, and seeders over chosen content. */
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

import type { Hex } from "viem";

import { ContentTree } from "../../../sdk/src/commitment/index.ts";
import type { StorageDeal } from "../../../sdk/src/messages/index.ts";
import { signDeal } from "../../../sdk/src/storage/index.ts";
import { connectChain, perGiB, type ChainContext } from "../../../storage/src/shared/chain.ts";
import { toJson } from "../../../storage/src/shared/json.ts";
import { blockNumber, EPOCH, type HostProcess, type Network } from "./network.ts";

export const PRICE_PER_GIB = 1_000n * 10n ** 18n;
export const COLLATERAL_PER_GIB = 4_000n * 10n ** 18n;

export function clientChain(net: Network, key: Hex): Promise<ChainContext> {
  return connectChain({ rpcUrl: net.node.url, key, manifest: net.deployment, pollingIntervalMs: 50 });
}

/** A random shard file of `size` bytes and its tree. */
export async function shardFile(
  dir: string,
  size: number,
  name = "shard.bin",
): Promise<{ path: string; tree: ContentTree }> {
  const path = join(dir, name);
  writeFileSync(path, randomBytes(size));
  return { path, tree: await ContentTree.fromSource(path) };
}

/** Terms a host with the test prices takes for `root`/`size`, starting at the next epoch boundary after `lead` blocks. */
export async function termsFor(
  net: Network,
  chain: ChainContext,
  host: HostProcess,
  commitment: { root: Hex; size: bigint },
  lead = 40n,
): Promise<StorageDeal> {
  const head = await blockNumber(net);
  const start = ((head + lead) / EPOCH + 1n) * EPOCH;
  return {
    chainId: 199n,
    market: net.market,
    client: chain.account.address,
    host: host.address,
    root: commitment.root,
    size: commitment.size,
    start,
    periods: 3n,
    periodLength: 2n * EPOCH,
    pricePerPeriod: perGiB(PRICE_PER_GIB, commitment.size),
    collateral: perGiB(COLLATERAL_PER_GIB, commitment.size),
    challengesPerPeriod: 3n,
    nonce: BigInt(`0x${randomBytes(8).toString("hex")}`),
    deadline: start - 1n,
  };
}

export interface OfferAnswer {
  readonly status: number;
  readonly body: { id?: Hex; ticket?: string; reason?: string; message?: string };
}

/** POSTs a signed offer (signed by `chain`'s key unless `signer` is given). */
export async function postOffer(
  host: HostProcess,
  chain: ChainContext,
  terms: StorageDeal,
  signer: ChainContext["account"] = chain.account,
): Promise<OfferAnswer> {
  const { signature } = await signDeal({ signer, terms });
  return postRaw(host, toJson({ terms, signature }));
}

export async function postRaw(host: HostProcess, body: string): Promise<OfferAnswer> {
  const response = await fetch(`${host.url}/offers`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  return { status: response.status, body: (await response.json()) as OfferAnswer["body"] };
}

export async function offerStatus(
  host: HostProcess,
  id: Hex,
): Promise<{ state: string; reason?: string; bytes?: number }> {
  return (await (await fetch(`${host.url}/offers/${id}`)).json()) as { state: string; reason?: string; bytes?: number };
}
