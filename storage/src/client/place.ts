/**
 * Placing one shard with one host: sign the deal, offer it (`POST /offers`), open the pull
 * connection the host downloads the shard over (bridged to the client's seeder), and wait until the
 * host reports the deal accepted and the chain shows it active (or the host refuses, with its reason).
 */
import { randomBytes } from "node:crypto";

import type { Address, Hex } from "viem";

import type { StorageDeal } from "@btt-network/sdk/messages";
import { signDeal } from "@btt-network/sdk/storage";
import { findDeal, type ChainContext } from "../shared/chain.ts";
import { OfferRefusedError } from "../shared/errors.ts";
import { toJson } from "../shared/json.ts";
import type { OfferStatus } from "../shared/offer.ts";
import { servePull } from "../shared/tunnel.ts";

export interface PlaceOptions {
  readonly chain: ChainContext;
  readonly host: Address;
  readonly endpoint: string;
  readonly root: Hex;
  readonly size: bigint;
  readonly start: bigint;
  readonly periods: bigint;
  readonly periodLength: bigint;
  readonly pricePerPeriod: bigint;
  readonly collateral: bigint;
  readonly challengesPerPeriod: bigint;
  readonly deadline: bigint;
  /** The local seeder serving the shard (by its root and size). */
  readonly seederPort: number;
  readonly onProgress?: (bytes: number) => void;
  /** Give up waiting for the host after this long (default 10 minutes). */
  readonly timeoutMs?: number;
}

export async function placeShard(options: PlaceOptions): Promise<{ readonly id: Hex; readonly terms: StorageDeal }> {
  const { chain } = options;
  const terms: StorageDeal = {
    chainId: BigInt(chain.chainId),
    market: chain.market,
    client: chain.account.address,
    host: options.host,
    root: options.root,
    size: options.size,
    start: options.start,
    periods: options.periods,
    periodLength: options.periodLength,
    pricePerPeriod: options.pricePerPeriod,
    collateral: options.collateral,
    challengesPerPeriod: options.challengesPerPeriod,
    nonce: BigInt(`0x${randomBytes(8).toString("hex")}`),
    deadline: options.deadline,
  };
  const signed = await signDeal({ signer: chain.account, terms });
  const response = await fetch(new URL("/offers", options.endpoint), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: toJson({ terms, signature: signed.signature }),
  });
  const answer = (await response.json()) as { id?: Hex; ticket?: string; reason?: string; message?: string };
  if (response.status !== 202 || answer.ticket === undefined) {
    throw new OfferRefusedError(
      answer.reason ?? `http_${response.status}`,
      `host ${options.host} refused the offer: ${answer.message ?? response.statusText}`,
    );
  }
  const id = signed.id;
  const pull = servePull(options.endpoint, id, answer.ticket, options.seederPort);
  pull.catch(() => undefined);
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  for (;;) {
    const status = (await (await fetch(new URL(`/offers/${id}`, options.endpoint))).json()) as OfferStatus;
    if (status.bytes !== undefined) options.onProgress?.(status.bytes);
    if (status.state === "refused") {
      throw new OfferRefusedError(
        status.reason ?? "refused",
        `host ${options.host} refused deal ${id}: ${status.message ?? ""}`,
      );
    }
    if (status.state === "accepted" || status.state === "ended") break;
    if (Date.now() > deadline)
      throw new OfferRefusedError("timeout", `host ${options.host} did not accept deal ${id} in time`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  options.onProgress?.(Number(options.size));
  if ((await findDeal(chain, id)) === undefined)
    throw new OfferRefusedError("accept_failed", `host ${options.host} says accepted but deal ${id} is not on chain`);
  return { id, terms };
}
