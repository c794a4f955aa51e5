/**
 * Paying hosts that ask for payment when the client downloads shards from them: the P2P core's
 * downloader pays per verified piece with vouchers on the client's PaymentChannels deposit. A host
 * extends credit only against what the client reserved for it, so before each paid download the
 * client makes sure its reservation for that host covers the shard (depositing, within its budget,
 * what the free deposit lacks).
 */
import { getAddress, type Address, type Hex } from "viem";

import { pieceGeometry, DEFAULT_PIECE_SIZE } from "@btt-network/sdk/commitment";
import type { DownloaderPaymentOptions } from "@btt-network/sdk/p2p";
import {
  depositToPool,
  getAccount,
  getCover,
  reserve,
  verifyVoucher,
  waitForSuccess,
  type SignedVoucher,
} from "@btt-network/sdk/payments";
import type { ChainContext } from "../shared/chain.ts";
import { PaymentRequiredError } from "../shared/errors.ts";

/** A host's paid-serving terms, as its `GET /info` tells them. */
export interface HostServingTerms {
  readonly pricePerPiece: bigint;
  readonly creditPieces: number;
  readonly chainId: number;
  readonly pool: Address;
  readonly token: Address;
}

export interface PaymentLimits {
  /** Hosts asking more per piece are not used. */
  readonly maxPricePerPiece: bigint;
  /** The most this run deposits into the pool (0: only the deposit already there is used). */
  readonly budget: bigint;
}

export class ServingPayer {
  private readonly chain: ChainContext;
  private readonly limits: PaymentLimits;
  private deposited = 0n;

  constructor(chain: ChainContext, limits: PaymentLimits) {
    this.chain = chain;
    this.limits = limits;
  }

  /** What this run deposited so far. */
  get spentOnDeposits(): bigint {
    return this.deposited;
  }

  /**
   * The downloader's payment options for a shard of `size` bytes from `host` (its `endpoint`),
   * after making sure the client's reservation for the host covers it. Throws
   * `PaymentRequiredError` when the host asks more than the limit or the deposit and budget fall short.
   */
  async prepare(
    host: Address,
    endpoint: string,
    terms: HostServingTerms,
    size: bigint,
  ): Promise<DownloaderPaymentOptions> {
    const { chain } = this;
    if (terms.pricePerPiece > this.limits.maxPricePerPiece)
      throw new PaymentRequiredError(
        `Host ${host} asks ${terms.pricePerPiece} per piece, above the limit ${this.limits.maxPricePerPiece}`,
        { hints: ["Raise --max-piece-price to use this host"] },
      );
    if (terms.chainId !== chain.chainId || (chain.pool !== undefined && terms.pool !== chain.pool))
      throw new PaymentRequiredError(`Host ${host} asks to be paid on pool ${terms.pool} of chain ${terms.chainId}`, {
        hints: [`This deployment's pool is ${chain.pool ?? "not named in the deployment manifest"}`],
      });
    const pieces = BigInt(pieceGeometry(size, DEFAULT_PIECE_SIZE).count);
    const need = terms.pricePerPiece * (pieces > BigInt(terms.creditPieces) ? pieces : BigInt(terms.creditPieces));
    return chain.exclusive(async () => {
      const payer = chain.account.address;
      const { token, pool } = terms;
      const [account, cover, paid] = await Promise.all([
        getAccount(chain.publicClient, { pool, payer, token }),
        getCover(chain.publicClient, { pool, payer, payee: host, token }),
        paidTo(endpoint, { payer, payee: host, chainId: BigInt(terms.chainId), pool, token }),
      ]);
      // What this client signed to the host before, proven by the host's copy of the client's own
      // voucher; a host that claims more without it is not believed (nor paid for it: see signedBefore).
      const base =
        paid.generation === cover.generation && paid.cumulativeAmount > cover.claimed
          ? paid.cumulativeAmount
          : cover.claimed;
      const shortfall = base + need - cover.creditLimit;
      if (shortfall > 0n) {
        const free = account.balance - account.reserved;
        if (free < shortfall) {
          const deposit = shortfall - free;
          if (this.deposited + deposit > this.limits.budget)
            throw new PaymentRequiredError(
              `The payment pool deposit is short: host ${host} needs ${shortfall} reserved for this shard, the free deposit is ${free} and the budget left is ${this.limits.budget - this.deposited}`,
              {
                hints: [
                  "Pass --budget <amount> to let btt-storage deposit what is needed",
                  `Or deposit into the PaymentChannels pool ${pool} yourself`,
                ],
              },
            );
          await waitForSuccess(chain.publicClient, await depositToPool(chain.wallet, { pool, token, amount: deposit }));
          this.deposited += deposit;
        }
        await waitForSuccess(
          chain.publicClient,
          await reserve(chain.wallet, { pool, payee: host, token, amount: shortfall }),
        );
      }
      return {
        signer: chain.account,
        chainId: BigInt(terms.chainId),
        pool,
        token,
        generation: cover.generation,
        maxPricePerPiece: this.limits.maxPricePerPiece,
        signedBefore: base,
      };
    });
  }
}

/** The stream a client's vouchers to one host are on. */
interface VoucherStream {
  readonly payer: Address;
  readonly payee: Address;
  readonly chainId: bigint;
  readonly pool: Address;
  readonly token: Address;
}

/**
 * What the host's stored best voucher from the client already pays (its next voucher builds on
 * it). Believed only when the host shows the voucher and it is the client's own, signed for this
 * host, pool and token; otherwise nothing is taken as paid beyond what the chain shows claimed.
 */
async function paidTo(
  endpoint: string,
  stream: VoucherStream,
): Promise<{ cumulativeAmount: bigint; generation: bigint }> {
  const response = await fetch(new URL(`/payments/${stream.payer}`, endpoint), { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`host answered /payments with HTTP ${response.status}`);
  const body = (await response.json()) as { signed?: { voucher: Record<string, string>; signature: Hex } };
  const none = { cumulativeAmount: 0n, generation: 0n };
  if (body.signed === undefined) return none;
  const v = body.signed.voucher;
  let signed: SignedVoucher;
  try {
    signed = {
      voucher: {
        chainId: BigInt(v.chainId!),
        pool: getAddress(v.pool!),
        payer: getAddress(v.payer!),
        payee: getAddress(v.payee!),
        token: getAddress(v.token!),
        cumulativeAmount: BigInt(v.cumulativeAmount!),
        generation: BigInt(v.generation!),
      },
      signature: body.signed.signature,
    };
    verifyVoucher(signed, { chainId: stream.chainId, pool: stream.pool, payee: stream.payee, tokens: [stream.token] });
  } catch {
    return none;
  }
  if (signed.voucher.payer !== getAddress(stream.payer)) return none;
  return { cumulativeAmount: signed.voucher.cumulativeAmount, generation: signed.voucher.generation };
}
