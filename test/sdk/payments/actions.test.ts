import { expect } from "chai";
import { parseAbi, type Address } from "viem";

import {
  assertVoucherSolvent,
  cancelWithdrawal,
  claimVoucher,
  claimVouchers,
  completeWithdrawal,
  depositToPool,
  getAccount,
  getChannel,
  getClaimable,
  getCover,
  getWithdrawal,
  InsolventPayerError,
  InsufficientBalanceError,
  InvalidVoucherError,
  NothingToClaimError,
  NoWithdrawalPlannedError,
  parseClaimReceipt,
  planWithdrawal,
  reserve,
  signVoucher,
  topUp,
  UnsupportedTokenError,
  VoucherSignatureError,
  watchWithdrawals,
  WithdrawalLockedError,
  WrongGenerationError,
  type PaymentChannelsError,
  type PlannedWithdrawal,
} from "../../../sdk/src/payments/index.ts";
import { paymentsFixture } from "./support/fixture.ts";

type Fixture = Awaited<ReturnType<typeof paymentsFixture>>;

async function rejects<T extends PaymentChannelsError>(
  promise: Promise<unknown>,
  cls: abstract new (...args: never[]) => T,
  errorName: string,
): Promise<T> {
  try {
    await promise;
  } catch (error) {
    expect(error, String(error)).to.be.instanceOf(cls);
    expect((error as T).errorName).to.equal(errorName);
    return error as T;
  }
  throw new Error(`expected ${errorName}`);
}

describe("payments: SDK actions against PaymentChannels", function () {
  let f: Fixture;
  let payer: Awaited<ReturnType<Fixture["newPayer"]>>;
  let payee: Address;
  const sign = (cumulativeAmount: bigint, generation = 0n, to?: Address, token?: Address) =>
    signVoucher(payer.account, {
      chainId: f.chainId,
      pool: f.pool,
      payer: payer.account.address,
      payee: to ?? payee,
      cumulativeAmount,
      generation,
      ...(token === undefined ? {} : { token }),
    });

  beforeEach(async () => {
    f = await paymentsFixture();
    payer = await f.newPayer();
    payee = f.wallets[1]!.account.address;
  });

  it("deposits, tops up, reserves and reads the account", async () => {
    await f.mined(await depositToPool(payer.wallet, { pool: f.pool, amount: 5n }));
    await f.mined(await topUp(payer.wallet, { pool: f.pool, amount: 7n }));
    await f.mined(await reserve(payer.wallet, { pool: f.pool, payee, amount: 4n }));
    expect(await getAccount(f.publicClient, { pool: f.pool, payer: payer.account.address })).to.deep.equal({
      balance: 12n,
      reserved: 4n,
      generation: 0n,
    });
    expect(await getChannel(f.publicClient, { pool: f.pool, payer: payer.account.address, payee })).to.deep.equal({
      claimed: 0n,
      reserved: 4n,
    });
    await rejects(
      reserve(payer.wallet, { pool: f.pool, payee, amount: 9n }),
      InsufficientBalanceError,
      "PaymentChannelsInsufficientFreeBalance",
    );
  });

  it("deposits an ERC-20 with an automatic approval", async () => {
    await f.token.write.mint([payer.account.address, 100n]);
    await f.mined(await depositToPool(payer.wallet, { pool: f.pool, token: f.token.address, amount: 60n }));
    const account = await getAccount(f.publicClient, {
      pool: f.pool,
      payer: payer.account.address,
      token: f.token.address,
    });
    expect(account.balance).to.equal(60n);
    expect(await f.token.read.balanceOf([f.pool])).to.equal(60n);
    // A claim in that token pays in that token.
    const signed = await sign(25n, 0n, payee, f.token.address);
    await f.mined(await claimVoucher(f.wallets[2]!, { voucher: signed }));
    expect(await f.token.read.balanceOf([payee])).to.equal(25n);
  });

  it("maps every claim failure to a typed error with the contract's arguments", async () => {
    await f.mined(await depositToPool(payer.wallet, { pool: f.pool, amount: 10n }));
    await f.mined(await claimVoucher(f.wallets[2]!, { voucher: await sign(4n) }));
    const nothing = await rejects(
      claimVoucher(f.wallets[1]!, { voucher: await sign(3n) }),
      NothingToClaimError,
      "PaymentChannelsNothingToClaim",
    );
    expect(nothing.args).to.deep.equal([payer.account.address, payee, 3n, 4n]);
    expect(nothing.hints.length).to.be.greaterThan(0);
    await rejects(
      claimVoucher(f.wallets[1]!, { voucher: await sign(5n, 1n) }),
      WrongGenerationError,
      "PaymentChannelsWrongGeneration",
    );
    const forged = { ...(await sign(6n)), voucher: { ...(await sign(6n)).voucher, cumulativeAmount: 9n } };
    await rejects(
      claimVoucher(f.wallets[1]!, { voucher: forged }),
      VoucherSignatureError,
      "PaymentChannelsInvalidSignature",
    );
    await f.mined(await claimVoucher(f.wallets[1]!, { voucher: await sign(20n) })); // pays the 6 left
    const insolvent = await rejects(
      claimVoucher(f.wallets[1]!, { voucher: await sign(20n) }),
      InsolventPayerError,
      "PaymentChannelsInsolvent",
    );
    expect(insolvent.args[3]).to.equal(10n);
  });

  it("checks solvency on-chain before credit is extended", async () => {
    await f.mined(await depositToPool(payer.wallet, { pool: f.pool, amount: 10n }));
    // The free balance pays now but is not cover: only a reservation is.
    const unreserved = await assertVoucherSolvent(f.publicClient, { voucher: await sign(10n) }).catch(
      (error: unknown) => error,
    );
    expect(unreserved).to.be.instanceOf(InvalidVoucherError);
    expect((unreserved as InvalidVoucherError).reason).to.equal("insolvent");
    await f.mined(await reserve(payer.wallet, { pool: f.pool, payee, amount: 10n }));
    expect(await assertVoucherSolvent(f.publicClient, { voucher: await sign(10n) })).to.deep.equal({
      covered: 10n,
      payable: 10n,
      owed: 10n,
    });
    const reasons: string[] = [];
    for (const voucher of [await sign(11n), await sign(3n, 1n)]) {
      await assertVoucherSolvent(f.publicClient, { voucher }).catch((error: unknown) => {
        expect(error).to.be.instanceOf(InvalidVoucherError);
        reasons.push((error as InvalidVoucherError).reason);
      });
    }
    await f.mined(await claimVoucher(f.wallets[1]!, { voucher: await sign(2n) }));
    await assertVoucherSolvent(f.publicClient, { voucher: await sign(2n) }).catch((error: unknown) =>
      reasons.push((error as InvalidVoucherError).reason),
    );
    expect(reasons).to.deep.equal(["insolvent", "wrong-generation", "not-increasing"]);
    expect(await getClaimable(f.publicClient, { voucher: await sign(5n) })).to.deep.equal({
      covered: 3n,
      payable: 3n,
      owed: 3n,
    });
    expect(await getCover(f.publicClient, { pool: f.pool, payer: payer.account.address, payee })).to.deep.equal({
      generation: 0n,
      claimed: 2n,
      covered: 8n,
      creditLimit: 10n,
    });
    // A live withdrawal plan leaves nothing as cover: the payee claims instead of serving.
    await f.mined(await planWithdrawal(payer.wallet, { pool: f.pool, amount: 1n }));
    expect((await getCover(f.publicClient, { pool: f.pool, payer: payer.account.address, payee })).covered).to.equal(
      0n,
    );
  });

  it("batch-claims and reports skipped vouchers with decoded reasons", async () => {
    const other = await f.newPayer();
    await f.mined(await depositToPool(payer.wallet, { pool: f.pool, amount: 10n }));
    await f.mined(await depositToPool(other.wallet, { pool: f.pool, amount: 10n }));
    const fromOther = await signVoucher(other.account, {
      chainId: f.chainId,
      pool: f.pool,
      payer: other.account.address,
      payee,
      cumulativeAmount: 15n,
      generation: 0n,
    });
    const stale = await sign(3n, 2n);
    const receipt = await f.mined(await claimVouchers(f.wallets[3]!, { vouchers: [await sign(4n), fromOther, stale] }));
    const parsed = parseClaimReceipt(receipt);
    expect(parsed.paid).to.equal(14n);
    expect(parsed.batches).to.deep.equal([
      { payee, token: "0x0000000000000000000000000000000000000000", claimed: 2n, skipped: 1n, paid: 14n },
    ]);
    expect(parsed.skipped).to.deep.equal([
      {
        payer: payer.account.address,
        payee,
        errorName: "PaymentChannelsWrongGeneration",
        args: [payer.account.address, "0x0000000000000000000000000000000000000000", 2n, 0n],
      },
    ]);
    // A mixed batch (two payees) is refused before anything is sent.
    await claimVouchers(f.wallets[3]!, {
      vouchers: [await sign(5n), await sign(5n, 0n, f.wallets[2]!.account.address)],
    }).then(
      () => expect.fail("mixed batch accepted"),
      (error: unknown) => expect(String(error)).to.match(/one chain, pool, payee and token/),
    );
  });

  it("plans, watches, cancels and completes withdrawals with typed errors", async () => {
    const seen: PlannedWithdrawal[] = [];
    const unwatch = watchWithdrawals(f.publicClient, {
      pool: f.pool,
      payers: [payer.account.address],
      pollingInterval: 20,
      onPlanned: (w) => seen.push(w),
    });
    await f.mined(await depositToPool(payer.wallet, { pool: f.pool, amount: 10n }));
    await rejects(
      completeWithdrawal(payer.wallet, { pool: f.pool }),
      NoWithdrawalPlannedError,
      "PaymentChannelsNoWithdrawalPlanned",
    );
    await rejects(
      planWithdrawal(payer.wallet, { pool: f.pool, amount: 11n }),
      InsufficientBalanceError,
      "PaymentChannelsInsufficientBalance",
    );
    await f.mined(await planWithdrawal(payer.wallet, { pool: f.pool, amount: 8n }));
    const plan = await getWithdrawal(f.publicClient, { pool: f.pool, payer: payer.account.address });
    expect(plan?.amount).to.equal(8n);
    await rejects(
      completeWithdrawal(payer.wallet, { pool: f.pool }),
      WithdrawalLockedError,
      "PaymentChannelsWithdrawalLocked",
    );
    await f.mined(await cancelWithdrawal(payer.wallet, { pool: f.pool }));
    expect(await getWithdrawal(f.publicClient, { pool: f.pool, payer: payer.account.address })).to.equal(undefined);
    await f.mined(await planWithdrawal(payer.wallet, { pool: f.pool, amount: 8n }));
    const deadline = Date.now() + 10_000;
    while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    unwatch();
    expect(seen.map((w) => [w.payer, w.amount, w.generation])).to.deep.equal([
      [payer.account.address, 8n, 0n],
      [payer.account.address, 8n, 0n],
    ]);
    await f.networkHelpers.time.increase(f.delay);
    await f.mined(await completeWithdrawal(payer.wallet, { pool: f.pool }));
    expect(await getAccount(f.publicClient, { pool: f.pool, payer: payer.account.address })).to.deep.equal({
      balance: 2n,
      reserved: 0n,
      generation: 1n,
    });
  });

  it("rejects a fee-on-transfer token and bad amounts before sending", async () => {
    const fee = await f.viem.deployContract("FeeOnTransferToken");
    await f.mined(
      await f.wallets[0]!.writeContract({
        address: fee.address,
        abi: parseAbi(["function mint(address to, uint256 amount)"]),
        functionName: "mint",
        args: [payer.account.address, 1_000n],
      }),
    );
    await rejects(
      depositToPool(payer.wallet, { pool: f.pool, token: fee.address, amount: 500n }),
      UnsupportedTokenError,
      "PaymentChannelsTransferAmountMismatch",
    );
    for (const amount of [0n, -1n]) {
      await depositToPool(payer.wallet, { pool: f.pool, amount }).then(
        () => expect.fail("bad amount accepted"),
        (error: unknown) => expect(String(error)).to.match(/positive bigint/),
      );
    }
  });
});
