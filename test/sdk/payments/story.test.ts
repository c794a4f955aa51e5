import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import type { Address, Hash } from "viem";

import {
  claimBeforeWithdrawals,
  claimStoredVouchers,
  claimVoucher,
  completeWithdrawal,
  createVoucherVerifier,
  depositToPool,
  FileVoucherStore,
  getAccount,
  getChannel,
  parseClaimReceipt,
  planWithdrawal,
  signVoucher,
  WrongGenerationError,
  type SignedVoucher,
} from "../../../sdk/src/payments/index.ts";
import { paymentsFixture } from "./support/fixture.ts";

const PRICE = 10n ** 15n; // per piece

describe("payments: story (one payer, three seeders, 1,000 vouchers)", function () {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "btt-payments-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("pays every seeder exactly its best voucher, through a planned withdrawal raced by a last claim", async () => {
    const f = await paymentsFixture();
    const { pool, chainId, publicClient } = f;
    const payer = await f.newPayer();
    const seeders = f.wallets.slice(1, 4);
    expect(seeders).to.have.length(3);
    const deposited = 2n * 10n ** 18n; // 2,000 pieces' worth
    const payerStart = await f.balanceOf(payer.account.address);
    const payerTxs: Hash[] = [await depositToPool(payer.wallet, { pool, amount: deposited })];
    await f.mined(payerTxs[0]!);

    // Each seeder verifies every voucher off-chain and keeps the best one durably.
    const stores = await Promise.all(seeders.map((_, i) => FileVoucherStore.open(join(dir, `seeder${i}.json`))));
    const verifiers = seeders.map((s) => createVoucherVerifier({ chainId, pool, payee: s.account.address }));
    const owed = [0n, 0n, 0n];
    const signAndDeliver = async (i: number): Promise<SignedVoucher> => {
      owed[i]! += PRICE;
      const signed = await signVoucher(payer.account, {
        chainId,
        pool,
        payer: payer.account.address,
        payee: seeders[i]!.account.address,
        cumulativeAmount: owed[i]!,
        generation: 0n,
      });
      verifiers[i]!.verify(signed);
      expect(await stores[i]!.put(signed)).to.equal(true);
      return signed;
    };
    // 1,000 pieces served round-robin-ish (seeder 0 serves twice as often), one voucher per piece.
    for (let piece = 0; piece < 1_000; piece++) await signAndDeliver([0, 0, 1, 2][piece % 4]!);
    expect(owed).to.deep.equal([500n * PRICE, 250n * PRICE, 250n * PRICE]);
    // An older voucher never replaces a better one.
    const stale = await signVoucher(payer.account, {
      chainId,
      pool,
      payer: payer.account.address,
      payee: seeders[0]!.account.address,
      cumulativeAmount: PRICE,
      generation: 0n,
    });
    expect(await stores[0]!.put(stale)).to.equal(false);

    // Batch claims from the stores (each seeder sends its own).
    const before = await Promise.all(seeders.map((s) => f.balanceOf(s.account.address)));
    const gasCost = [0n, 0n, 0n];
    for (const [i, seeder] of seeders.entries()) {
      const hashes = await claimStoredVouchers(seeder, { pool, payee: seeder.account.address, store: stores[i]! });
      expect(hashes).to.have.length(1);
      const receipt = await f.mined(hashes[0]!);
      gasCost[i]! += receipt.gasUsed * receipt.effectiveGasPrice;
      expect(parseClaimReceipt(receipt).skipped).to.deep.equal([]);
    }
    for (const [i, seeder] of seeders.entries()) {
      expect((await f.balanceOf(seeder.account.address)) + gasCost[i]! - before[i]!).to.equal(owed[i]);
      expect(
        (await getChannel(publicClient, { pool, payer: payer.account.address, payee: seeder.account.address })).claimed,
      ).to.equal(owed[i]);
    }
    // Nothing left to claim: claiming again sends nothing.
    expect(
      await claimStoredVouchers(seeders[0]!, { pool, payee: seeders[0]!.account.address, store: stores[0]! }),
    ).to.deep.equal([]);

    // More pieces after the claims, then the payer plans to leave with everything.
    for (let piece = 0; piece < 30; piece++) await signAndDeliver(piece % 3);
    const guards = seeders.slice(0, 2).map((seeder, i) =>
      claimBeforeWithdrawals(seeder, {
        pool,
        payee: seeder.account.address,
        store: stores[i]!,
        pollingInterval: 20,
        onClaimed: (_w, hash) => {
          if (hash !== undefined) claimed[i] = hash;
        },
        onError: (error) => {
          failures.push(error);
        },
      }),
    );
    const claimed: (Hash | undefined)[] = [undefined, undefined];
    const failures: unknown[] = [];
    const { balance: left } = await getAccount(publicClient, { pool, payer: payer.account.address });
    expect(left).to.equal(deposited - 1_000n * PRICE);
    payerTxs.push(await planWithdrawal(payer.wallet, { pool, amount: left }));
    const plan = await f.mined(payerTxs[1]!);
    const plannedAt = (await publicClient.getBlock({ blockNumber: plan.blockNumber })).timestamp;

    // Seeders 0 and 1 react to the event and claim within the delay.
    const deadline = Date.now() + 20_000;
    while ((claimed[0] === undefined || claimed[1] === undefined) && failures.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    for (const unwatch of guards) unwatch();
    expect(failures).to.deep.equal([]);
    for (const [i, hash] of claimed.entries()) {
      const receipt = await f.mined(hash!);
      gasCost[i]! += receipt.gasUsed * receipt.effectiveGasPrice;
      expect(parseClaimReceipt(receipt).paid).to.equal(10n * PRICE);
    }

    // Seeder 2 is late: the withdrawal is unlocked and the payer sends it, but seeder 2's last
    // claim reaches the same block first and is paid; the payer gets only what is left.
    const last = await signAndDeliver(2);
    await f.networkHelpers.time.increaseTo(plannedAt + f.delay);
    await f.connection.provider.request({ method: "evm_setAutomine", params: [false] });
    const lastClaim = await claimVoucher(seeders[2]!, { voucher: last });
    const exit = await completeWithdrawal(payer.wallet, { pool });
    payerTxs.push(exit);
    await f.networkHelpers.mine(1);
    await f.connection.provider.request({ method: "evm_setAutomine", params: [true] });
    const [claimReceipt, exitReceipt] = await Promise.all([f.mined(lastClaim), f.mined(exit)]);
    expect(claimReceipt.blockNumber).to.equal(exitReceipt.blockNumber);
    expect(claimReceipt.transactionIndex).to.be.lessThan(exitReceipt.transactionIndex);
    expect(parseClaimReceipt(claimReceipt).paid).to.equal(11n * PRICE);
    gasCost[2]! += claimReceipt.gasUsed * claimReceipt.effectiveGasPrice;

    // Exact balances: each seeder got its best voucher, the payer the rest, the pool is empty.
    const totalOwed = owed.reduce((a, b) => a + b, 0n);
    expect(owed).to.deep.equal([510n * PRICE, 260n * PRICE, 261n * PRICE]);
    for (const [i, seeder] of seeders.entries()) {
      const channel = await getChannel(publicClient, {
        pool,
        payer: payer.account.address,
        payee: seeder.account.address,
      });
      expect(channel.claimed).to.equal(0n); // new generation
      expect((await f.balanceOf(seeder.account.address)) + gasCost[i]! - before[i]!).to.equal(owed[i]);
    }
    const account = await getAccount(publicClient, { pool, payer: payer.account.address });
    expect(account).to.deep.equal({ balance: 0n, reserved: 0n, generation: 1n });
    expect(await f.balanceOf(pool)).to.equal(0n);
    expect(parseWithdrawn(exitReceipt.logs, pool)).to.equal(deposited - totalOwed);
    const payerSpent = payerStart - (await f.balanceOf(payer.account.address));
    expect(payerSpent).to.equal(totalOwed + payerGas(await Promise.all(payerTxs.map(f.mined))));

    // The old generation is dead: even a higher old voucher cannot be claimed any more.
    const tooLate = await signVoucher(payer.account, {
      chainId,
      pool,
      payer: payer.account.address,
      payee: seeders[2]!.account.address,
      cumulativeAmount: owed[2]! + PRICE,
      generation: 0n,
    });
    await claimVoucher(seeders[2]!, { voucher: tooLate }).then(
      () => expect.fail("a voucher of the old generation was claimed"),
      (error: unknown) => {
        expect(error).to.be.instanceOf(WrongGenerationError);
        expect((error as WrongGenerationError).args).to.deep.equal([
          payer.account.address,
          "0x0000000000000000000000000000000000000000",
          0n,
          1n,
        ]);
      },
    );
    await Promise.all(stores.map((s) => s.close()));
  });
});

function payerGas(receipts: readonly { gasUsed: bigint; effectiveGasPrice: bigint }[]): bigint {
  return receipts.reduce((sum, r) => sum + r.gasUsed * r.effectiveGasPrice, 0n);
}

function parseWithdrawn(
  logs: readonly { address: Address; data: `0x${string}`; topics: readonly `0x${string}`[] }[],
  pool: Address,
): bigint {
  // Withdrawn(address indexed payer, address indexed token, uint256 amount, uint256 newGeneration)
  const log = logs.find((l) => l.address.toLowerCase() === pool.toLowerCase());
  if (log === undefined) throw new Error("no Withdrawn event");
  return BigInt(log.data.slice(0, 66));
}
