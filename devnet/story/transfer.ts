/**
 * Step 4: Alice downloads the file from two seeders over real TCP on 127.0.0.1, paying each per
 * verified piece with cumulative vouchers on a native-BTT deposit in PaymentChannels (BTTC); the
 * seeders check her deposit before extending credit, store the best voucher durably, and claim on
 * chain afterwards.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";

import { createWalletClient, custom, type Address } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { DEFAULT_PIECE_SIZE } from "@btt-network/sdk/commitment";
import { FileSource, Seeder, download, onChainSolvency } from "@btt-network/sdk/p2p";
import {
  FileVoucherStore,
  NATIVE_TOKEN,
  claimVoucher,
  depositToPool,
  getAccount,
  reserve,
} from "@btt-network/sdk/payments";
import { cast, type Chains } from "./chains.ts";
import type { Deployment } from "./deploy.ts";
import { BTT, type Profile } from "./profile.ts";
import { expectEqual, expectTrue, mib, units, type Reporter } from "./report.ts";

/** What Alice moves to her download key (native BTT) and deposits in the pool from it. */
const FUNDING = 5n * BTT;
export const poolDeposit = 2n * BTT;

export interface TransferOutcome {
  readonly pieces: number;
  readonly bytes: number;
  readonly paid: bigint;
  /** Per seeder: pieces verified from it and what its claim paid (native BTT). */
  readonly seeders: readonly { readonly address: Address; readonly pieces: number; readonly claimed: bigint }[];
  /** The downloader's deposit left in the pool after the claims. */
  readonly poolLeft: bigint;
  readonly seconds: number;
}

export async function runTransfer(
  chains: Chains,
  d: Deployment,
  profile: Profile,
  file: string,
  dir: string,
  reporter: Reporter,
): Promise<TransferOutcome> {
  const bttc = chains.bttc;
  const pool = d.bttc.pool;
  const { publicClient } = bttc;
  const price = profile.pricePerPiece;

  // Alice's download key: a local key (it signs the handshake and every voucher) funded with
  // native BTT she bridged in from TRON, which deposits into the pool.
  const downloader = privateKeyToAccount(generatePrivateKey());
  const alice = bttc.wallet(cast.alice);
  await bttc.mined(
    alice.sendTransaction({ to: downloader.address, value: FUNDING, account: alice.account, chain: alice.chain }),
  );
  const payer = createWalletClient({
    account: downloader,
    chain: publicClient.chain,
    transport: custom(bttc.connection.provider),
  });
  await bttc.mined(depositToPool(payer, { pool, amount: poolDeposit }), "deposit (payment pool)");
  reporter.ok(
    `Alice funded her download key with ${units(FUNDING)} BTT; it deposited ${units(poolDeposit)} BTT in PaymentChannels`,
  );

  // Two seeders, each with its own key and durable voucher store, checking on chain that Alice's
  // reservation for them covers what they are owed (only a reservation is cover).
  const solvency = onChainSolvency(publicClient);
  const started: {
    seeder: Seeder;
    source: FileSource;
    store: FileVoucherStore;
    wallet: ReturnType<typeof bttc.localAccount>["wallet"];
  }[] = [];
  try {
    for (const [i, index] of cast.seeders.entries()) {
      const { account, wallet } = bttc.localAccount(index);
      const source = await FileSource.open(file);
      const store = await FileVoucherStore.open(join(dir, `vouchers-${i}.json`));
      const seeder = await Seeder.start({
        account,
        content: source,
        host: "127.0.0.1",
        payment: {
          pricePerPiece: price,
          creditPieces: profile.creditPieces,
          chainId: bttc.chainId,
          pool,
          token: NATIVE_TOKEN,
          store,
          solvency,
        },
      });
      started.push({ seeder, source, store, wallet });
      // Alice's key sets half of its deposit aside for each seeder: what the seeder may give credit for.
      await bttc.mined(
        reserve(payer, { pool, payee: account.address, amount: poolDeposit / 2n }),
        "reserve (payment pool)",
      );
    }
    const [first] = started;
    if (first === undefined) throw new Error("no seeder");
    const { root, size } = first.source.commitment;
    reporter.ok(
      `2 seeders on 127.0.0.1:${started.map((s) => s.seeder.port).join(" and :")} at ${units(price)} BTT per ${DEFAULT_PIECE_SIZE >> 10} KiB piece, credit ${profile.creditPieces} pieces`,
    );

    const out = join(dir, "downloaded.bin");
    const t0 = performance.now();
    const result = await download({
      root,
      size,
      out,
      peers: started.map((s) => ({ host: "127.0.0.1", port: s.seeder.port })),
      account: downloader,
      payment: {
        signer: downloader,
        chainId: bttc.chainId,
        pool,
        token: NATIVE_TOKEN,
        generation: 0n,
        maxPricePerPiece: price,
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    const bytes = Number(size);
    expectTrue((await readFile(out)).equals(await readFile(file)), "the downloaded file differs from the seeded file");
    const pieces = Math.ceil(bytes / DEFAULT_PIECE_SIZE);
    const verified = result.peers.reduce((n, p) => n + p.piecesVerified, 0);
    expectEqual(verified, pieces, "pieces verified");
    expectEqual(result.paid, price * BigInt(pieces), "paid by the downloader");
    reporter.ok(
      `downloaded ${mib(bytes)} (${pieces} pieces, every piece verified against the root) in ${seconds.toFixed(2)} s, ${units(result.paid)} BTT in vouchers`,
    );

    // Each seeder claims its best voucher itself: exactly price x pieces it delivered (net of its gas).
    // The download ends right after sending its last vouchers: let the seeders store them first.
    for (const { seeder } of started) await seeder.drained();
    const seeders: { address: Address; pieces: number; claimed: bigint }[] = [];
    for (const { seeder, store, wallet } of started) {
      const address = seeder.options.account.address;
      const report = result.peers.find((p) => p.address === address);
      const served = report?.piecesVerified ?? 0;
      expectTrue(served > 0, `seeder ${address} served no piece`);
      const vouchers = await store.list();
      expectEqual(vouchers.length, 1, `vouchers stored by seeder ${address}`);
      const before = await publicClient.getBalance({ address });
      const receipt = await bttc.mined(claimVoucher(wallet, { voucher: vouchers[0]! }), "claim voucher");
      const claimed =
        (await publicClient.getBalance({ address })) - before + receipt.gasUsed * receipt.effectiveGasPrice;
      expectEqual(claimed, price * BigInt(served), `claim of seeder ${address}`);
      seeders.push({ address, pieces: served, claimed });
    }
    const { balance: poolLeft } = await getAccount(publicClient, { pool, payer: downloader.address });
    expectEqual(poolLeft, poolDeposit - result.paid, "deposit left in the pool");
    reporter.ok(
      `seeders claimed on chain: ${seeders.map((s) => `${s.pieces} pieces → ${units(s.claimed)} BTT`).join(", ")}; ${units(poolLeft)} BTT left in Alice's deposit`,
    );
    return { pieces, bytes, paid: result.paid, seeders, poolLeft, seconds };
  } finally {
    for (const { seeder, source } of started) {
      await seeder.close();
      await source.close();
    }
  }
}
