/**
 * Paid serving: the P2P core's paid mode with the payments voucher stack. Downloaders pay per
 * verified piece with cumulative vouchers on the PaymentChannels pool; the seeder stores each
 * voucher durably (`FileVoucherStore`) before extending credit, checks the payer's reservation on
 * chain (`onChainSolvency`), and the host claims the stored vouchers once what they pay reaches
 * its threshold.
 */
import { join } from "node:path";

import type { Address } from "viem";

import { onChainSolvency, type SeederPaymentOptions } from "@btt-network/sdk/p2p";
import {
  claimStoredVouchers,
  FileVoucherStore,
  getClaimable,
  parseClaimReceipt,
  type SignedVoucher,
  type VoucherStore,
} from "@btt-network/sdk/payments";
import type { ChainContext } from "../shared/chain.ts";
import { ConfigError } from "../shared/errors.ts";
import type { HostConfig } from "./config.ts";
import type { HostStore } from "./store.ts";

/** What `GET /info` tells downloaders about paid serving (absent when serving is free). */
export interface ServingTerms {
  readonly pricePerPiece: bigint;
  readonly creditPieces: number;
  readonly chainId: number;
  readonly pool: Address;
  readonly token: Address;
}

export class PaidServing {
  readonly terms: ServingTerms;
  readonly store: VoucherStore;
  private readonly chain: ChainContext;
  private readonly hostStore: HostStore;
  private readonly config: HostConfig["serving"];

  private constructor(
    terms: ServingTerms,
    store: VoucherStore,
    chain: ChainContext,
    hostStore: HostStore,
    config: HostConfig["serving"],
  ) {
    this.terms = terms;
    this.store = store;
    this.chain = chain;
    this.hostStore = hostStore;
    this.config = config;
  }

  /** Paid serving for this config, or undefined when it serves free (`pricePerPiece` 0). */
  static async open(config: HostConfig, chain: ChainContext, hostStore: HostStore): Promise<PaidServing | undefined> {
    const serving = config.serving;
    if (serving.pricePerPiece === 0n) return undefined;
    const pool = serving.pool ?? chain.pool;
    if (pool === undefined)
      throw new ConfigError("Paid serving needs the PaymentChannels pool", {
        hints: [
          "Use a deployment manifest naming `paymentChannels`, or set serving.pool",
          'Or serve free with "serving": { "pricePerPiece": "0" }',
        ],
      });
    const store = await FileVoucherStore.open(join(config.dataDir, "vouchers.json"));
    const terms: ServingTerms = {
      pricePerPiece: serving.pricePerPiece,
      creditPieces: serving.creditPieces,
      chainId: chain.chainId,
      pool,
      token: serving.token,
    };
    return new PaidServing(terms, store, chain, hostStore, serving);
  }

  /** The seeder's payment options. */
  seederPayment(): SeederPaymentOptions {
    return {
      pricePerPiece: this.terms.pricePerPiece,
      creditPieces: this.terms.creditPieces,
      chainId: BigInt(this.terms.chainId),
      pool: this.terms.pool,
      token: this.terms.token,
      store: this.store,
      solvency: onChainSolvency(this.chain.publicClient),
      paymentTimeoutMs: this.config.paymentTimeoutMs,
    };
  }

  /** The best stored voucher of `payer` (what its next voucher builds on), for `GET /payments/<payer>`. */
  async paidBy(payer: Address): Promise<{ cumulativeAmount: bigint; generation: bigint; signed?: SignedVoucher }> {
    const best = await this.store.get(payer, this.terms.token);
    return best === undefined
      ? { cumulativeAmount: 0n, generation: 0n }
      : { cumulativeAmount: best.voucher.cumulativeAmount, generation: best.voucher.generation, signed: best };
  }

  /** What the stored vouchers pay if claimed now. */
  async claimable(): Promise<bigint> {
    const owed = await Promise.all(
      (await this.store.list()).map((voucher) => getClaimable(this.chain.publicClient, { voucher })),
    );
    return owed.reduce((sum, o) => sum + o.payable, 0n);
  }

  /** Claims the stored vouchers once what they pay reaches the threshold; records each claim. Returns what was paid. */
  async claimIfDue(): Promise<bigint> {
    const due = await this.claimable();
    if (due === 0n || due < this.config.claimThreshold) return 0n;
    const hashes = await this.chain.exclusive(() =>
      claimStoredVouchers(this.chain.wallet, {
        pool: this.terms.pool,
        payee: this.chain.account.address,
        store: this.store,
        token: this.terms.token,
      }),
    );
    let paid = 0n;
    for (const hash of hashes) {
      const receipt = await this.chain.publicClient.getTransactionReceipt({ hash });
      const amount = parseClaimReceipt(receipt).paid;
      this.hostStore.recordServingClaim(hash, amount);
      paid += amount;
    }
    return paid;
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
