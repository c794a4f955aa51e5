import { expect } from "chai";
import { getAddress } from "viem";

import { InsufficientTokenBalanceError, InvalidArgumentError, NoContractError } from "../../../sdk/src/index.ts";
import {
  claimVoucher,
  completeWithdrawal,
  depositToPool,
  InsufficientBalanceError,
  NoWithdrawalPlannedError,
  planWithdrawal,
  reserve,
  signVoucher,
  VoucherSignatureError,
} from "../../../sdk/src/payments/index.ts";
import { badInputTable, type BadInput } from "../../support/badInputs.ts";
import { paymentsFixture } from "./support/fixture.ts";

type Env = Awaited<ReturnType<typeof paymentsFixture>> & {
  payer: Awaited<ReturnType<Awaited<ReturnType<typeof paymentsFixture>>["newPayer"]>>;
};

/** Payments' bad inputs, each with the typed error it gives, on a simulated BTTC chain. */
describe("sdk/payments: bad inputs give typed errors", function () {
  let env: Env;

  before(async () => {
    const f = await paymentsFixture();
    const payer = await f.newPayer();
    await f.mined(await f.token.write.mint([payer.account.address, 100n]));
    await f.mined(await depositToPool(payer.wallet, { pool: f.pool, amount: 10n ** 18n }));
    env = { ...f, payer };
  });

  const noCode = getAddress(`0x${"77".repeat(20)}`);
  const rows: BadInput<Env>[] = [
    {
      input: "ERC-20 deposit above the balance (no approval is sent)",
      run: ({ payer, pool, token }) => depositToPool(payer.wallet, { pool, token: token.address, amount: 101n }),
      error: InsufficientTokenBalanceError,
      after: async ({ payer, pool, token }) => {
        expect(await token.read.allowance([payer.account.address, pool])).to.equal(0n);
      },
    },
    {
      input: "native deposit above the balance",
      run: ({ payer, pool }) => depositToPool(payer.wallet, { pool, amount: 10n ** 30n }),
      error: InsufficientTokenBalanceError,
    },
    {
      input: "deposit of a negative amount",
      run: ({ payer, pool }) => depositToPool(payer.wallet, { pool, amount: -1n }),
      error: InvalidArgumentError,
    },
    {
      input: "deposit into an address without code (a wrong pool or a client on the wrong chain)",
      run: ({ payer }) => depositToPool(payer.wallet, { pool: noCode, amount: 1n }),
      error: NoContractError,
    },
    {
      input: "reserve above the free balance",
      run: ({ payer, pool, wallets }) =>
        reserve(payer.wallet, { pool, payee: wallets[1]!.account.address, amount: 10n ** 19n }),
      error: InsufficientBalanceError,
      errorName: "PaymentChannelsInsufficientFreeBalance",
    },
    {
      input: "reserve a negative amount",
      run: ({ payer, pool, wallets }) =>
        reserve(payer.wallet, { pool, payee: wallets[1]!.account.address, amount: -1n }),
      error: InvalidArgumentError,
    },
    {
      input: "plan a withdrawal of 2^256",
      run: ({ payer, pool }) => planWithdrawal(payer.wallet, { pool, amount: 2n ** 256n }),
      error: InvalidArgumentError,
    },
    {
      input: "complete a withdrawal that was never planned",
      run: ({ payer, pool }) => completeWithdrawal(payer.wallet, { pool }),
      error: NoWithdrawalPlannedError,
    },
    {
      input: "claim a voucher signed by another key",
      run: async ({ payer, pool, chainId, wallets, newPayer }) => {
        const other = await newPayer();
        const forged = await signVoucher(other.account, {
          chainId,
          pool,
          payer: other.account.address,
          payee: wallets[1]!.account.address,
          cumulativeAmount: 1n,
          generation: 0n,
        });
        return claimVoucher(wallets[1]!, {
          voucher: { ...forged, voucher: { ...forged.voucher, payer: payer.account.address } },
        });
      },
      error: VoucherSignatureError,
    },
  ];
  badInputTable(rows, () => env);
});
