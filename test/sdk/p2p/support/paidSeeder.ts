/**
 * The paid-seeder set-up of the paid-mode tests (paid.test.ts, bids.test.ts): a seeder over a fresh
 * random file asking `PRICE` per piece of a payer's pool in the native token on `CHAIN`, and the
 * payer's side of it (download payment options, vouchers to this seeder, a raw client with its pool
 * acknowledged).
 */
import { zeroAddress, type Address, type Hex, type LocalAccount } from "viem";

import { DEFAULT_PIECE_SIZE } from "../../../../sdk/src/commitment/index.ts";
import {
  FEATURE_PAID,
  FEATURE_PIECE_LAYER,
  encodePool,
  type ContentSource,
  type DownloaderPaymentOptions,
  type PeerAddress,
  type Seeder,
  type SeederOptions,
  type SeederPaymentOptions,
} from "../../../../sdk/src/p2p/index.ts";
import type { Voucher, VoucherStore } from "../../../../sdk/src/payments/index.ts";
import { account, CHAIN, paidTerms, PRICE, rawClient, seed, writeRandomFile, type RawClient } from "./helpers.ts";

export interface PaidSeederOptions extends Partial<Omit<SeederOptions, "payment">> {
  /** The payers' pool the seeder's terms name (any address: nothing is read on chain). */
  readonly pool: Address;
  /** Where the seeder keeps vouchers (default a fresh `MemoryVoucherStore`). */
  readonly store?: VoucherStore;
  /** Pieces served ahead of payment (default `paidTerms`'). */
  readonly creditPieces?: number;
  /** Replaces or adds to the terms (a solvency check, a store wrapper). */
  readonly payment?: Partial<SeederPaymentOptions>;
}

export interface PaidSeeder {
  readonly seeder: Seeder;
  readonly source: ContentSource;
  /** The file served and its bytes. */
  readonly path: string;
  readonly data: Buffer;
  readonly size: number;
  readonly root: Hex;
  readonly pool: Address;
  /** This seeder as the downloader's only peer. */
  readonly peers: PeerAddress[];
  /** The downloader's payment options for `payer` at this seeder's pool (generation 0). */
  payment(payer: LocalAccount, maxPricePerPiece?: bigint): DownloaderPaymentOptions;
  /** The (unsigned) voucher of `payer` to this seeder for `cumulativeAmount`. */
  voucher(payer: Address, cumulativeAmount: bigint): Voucher;
  /** The cumulative amount of `payer`'s best voucher in `store` (0 when there is none). */
  stored(store: VoucherStore, payer: Address): Promise<bigint>;
  /** A raw protocol client of `payer` announcing `features`, its pool sent and acknowledged. */
  paidClient(payer?: LocalAccount, features?: number): Promise<RawClient>;
  close(): Promise<void>;
}

/** Writes `size` random bytes to `dir/name` and seeds them with paid terms over `options.pool`. */
export async function startPaidSeeder(
  dir: string,
  size: number,
  options: PaidSeederOptions,
  name = "src",
): Promise<PaidSeeder> {
  const { pool, store, creditPieces, payment, ...seederOptions } = options;
  const { path, data } = writeRandomFile(dir, name, size);
  const s = await seed(path, { ...seederOptions, payment: { ...paidTerms(pool, store, creditPieces), ...payment } });
  const root = s.source.commitment.root;
  const poolFrame = encodePool({ chainId: CHAIN, pool, token: zeroAddress, generation: 0n });
  return {
    ...s,
    path,
    data,
    size,
    root,
    pool,
    peers: [{ host: "127.0.0.1", port: s.seeder.port }],
    payment: (payer, maxPricePerPiece = PRICE) => ({
      signer: payer,
      chainId: CHAIN,
      pool,
      token: zeroAddress,
      generation: 0n,
      maxPricePerPiece,
    }),
    voucher: (payer, cumulativeAmount) => ({
      chainId: CHAIN,
      pool,
      payer,
      payee: s.seeder.options.account.address,
      token: zeroAddress,
      cumulativeAmount,
      generation: 0n,
    }),
    stored: async (from, payer) => (await from.get(payer, zeroAddress))?.voucher.cumulativeAmount ?? 0n,
    paidClient: async (payer = account(), features = FEATURE_PAID | FEATURE_PIECE_LAYER) => {
      const c = await rawClient(
        s.seeder.port,
        { root, size: BigInt(size), pieceSize: DEFAULT_PIECE_SIZE, features },
        payer,
      );
      await c.until((m) => m.some((x) => x.type === "terms"));
      c.conn.send(poolFrame);
      await c.until((m) => m.some((x) => x.type === "ack"));
      return c;
    },
  };
}
