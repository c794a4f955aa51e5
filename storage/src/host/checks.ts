/**
 * What a host checks before it pulls a byte of an offer: the deal is for this chain, market and
 * host, signed by its client, at the host's price and collateral, within its periods, challenges and
 * free capacity, with time left before the deadline, and the client can pay the escrow.
 */
import { erc20Abi, type Hex } from "viem";

import { recoverMessageSigner } from "@btt-network/sdk/messages";
import { dealIdOf } from "@btt-network/sdk/storage";
import { perGiB, type ChainContext } from "../shared/chain.ts";
import type { Offer, RefusalReason } from "../shared/offer.ts";
import type { HostConfig } from "./config.ts";
import type { HostStore } from "./store.ts";

export type OfferCheck =
  | { readonly ok: true; readonly id: Hex }
  | { readonly ok: false; readonly reason: RefusalReason; readonly message: string };

function refuse(reason: RefusalReason, message: string): OfferCheck {
  return { ok: false, reason, message };
}

export async function checkOffer(
  offer: Offer,
  config: HostConfig,
  chain: ChainContext,
  store: HostStore,
): Promise<OfferCheck> {
  const t = offer.terms;
  const id = dealIdOf(t);
  if (t.chainId !== BigInt(chain.chainId))
    return refuse("wrong_chain", `the offer is for chain ${t.chainId}, this host is on ${chain.chainId}`);
  if (t.market !== chain.market)
    return refuse("wrong_market", `the offer names market ${t.market}, this host serves ${chain.market}`);
  if (t.host !== chain.account.address)
    return refuse("wrong_host", `the offer names host ${t.host}, this host is ${chain.account.address}`);
  let signer;
  try {
    signer = await recoverMessageSigner("StorageDeal", t, offer.signature);
  } catch {
    signer = undefined;
  }
  if (signer !== t.client) return refuse("bad_signature", `the offer is not signed by its client ${t.client}`);
  if (store.deal(id) !== undefined) return refuse("duplicate", `deal ${id} was offered before`);
  const price = perGiB(config.pricePerGiBPerPeriod, t.size);
  if (t.pricePerPeriod < price)
    return refuse(
      "price_below_terms",
      `price per period ${t.pricePerPeriod} is below this host's ${price} for ${t.size} bytes`,
    );
  const collateral = perGiB(config.collateralPerGiB, t.size);
  if (t.collateral > collateral)
    return refuse(
      "collateral_above_terms",
      `collateral ${t.collateral} is above this host's ${collateral} for ${t.size} bytes`,
    );
  if (t.periods < BigInt(config.minPeriods) || t.periods > BigInt(config.maxPeriods))
    return refuse(
      "periods_out_of_range",
      `${t.periods} periods is outside this host's ${config.minPeriods}..${config.maxPeriods}`,
    );
  if (t.challengesPerPeriod > BigInt(config.maxChallenges))
    return refuse(
      "too_many_challenges",
      `${t.challengesPerPeriod} challenges per period is above this host's ${config.maxChallenges}`,
    );
  const free = config.capacity - store.reservedBytes();
  if (t.size > free)
    return refuse("capacity_exceeded", `${t.size} bytes do not fit the ${free} bytes this host has left`);
  const head = await chain.publicClient.getBlockNumber({ cacheTime: 0 });
  if (t.deadline < head + BigInt(config.deadlineMarginBlocks))
    return refuse(
      "deadline_expired",
      `the offer's deadline (block ${t.deadline}) leaves no time to pull and accept (head ${head})`,
    );
  if (t.start <= head) return refuse("start_passed", `the deal's start (block ${t.start}) has passed (head ${head})`);
  const escrow = t.pricePerPeriod * t.periods;
  const [balance, allowance] = await Promise.all([
    chain.tokenBalance(t.client),
    chain.publicClient.readContract({
      address: chain.token,
      abi: erc20Abi,
      functionName: "allowance",
      args: [t.client, chain.market],
    }),
  ]);
  if (balance < escrow || allowance < escrow)
    return refuse("client_unfunded", `the client holds ${balance} and approved ${allowance}; the escrow is ${escrow}`);
  return { ok: true, id };
}
