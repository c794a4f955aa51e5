import { expect } from "chai";
import { recoverAddress, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { hashMessage, toHighS } from "../../../sdk/src/messages/index.ts";
import {
  createVoucher,
  createVoucherVerifier,
  InvalidVoucherError,
  signVoucher,
  toVoucherClaim,
  verifyVoucher,
  voucherDigest,
  type SignedVoucher,
} from "../../../sdk/src/payments/index.ts";

const pool: Address = "0x1111111111111111111111111111111111111111";
const payee: Address = "0x2222222222222222222222222222222222222222";
const token: Address = "0x3333333333333333333333333333333333333333";
const payer = privateKeyToAccount(generatePrivateKey());
const base = { chainId: 199n, pool, payer: payer.address, payee, cumulativeAmount: 10n ** 18n, generation: 0n };

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidVoucherError);
    return (error as InvalidVoucherError).reason;
  }
  throw new Error("expected InvalidVoucherError");
}

describe("payments: vouchers", () => {
  it("voucherDigest equals the generic EIP-712 digest for many field values", () => {
    for (const [cumulativeAmount, generation, chainId] of [
      [0n, 0n, 1n],
      [1n, 1n, 199n],
      [2n ** 256n - 1n, 2n ** 32n - 1n, 728126428n],
      [123456789n * 10n ** 18n, 7n, 56n],
    ] as const) {
      const voucher = createVoucher({ ...base, token, cumulativeAmount, generation, chainId });
      expect(`0x${Buffer.from(voucherDigest(voucher)).toString("hex")}`).to.equal(hashMessage("Voucher", voucher));
    }
  });

  it("signs a voucher that recovers to the payer and converts to a compact claim", async () => {
    const signed = await signVoucher(payer, base);
    expect(signed.voucher.token).to.equal("0x0000000000000000000000000000000000000000");
    expect(
      await recoverAddress({ hash: hashMessage("Voucher", signed.voucher), signature: signed.signature }),
    ).to.equal(payer.address);
    const claim = toVoucherClaim(signed);
    const vs = BigInt(claim.vs);
    const v = Number.parseInt(signed.signature.slice(130), 16);
    expect(vs >> 255n).to.equal(v === 28 ? 1n : 0n);
    expect(vs & ((1n << 255n) - 1n)).to.equal(BigInt(`0x${signed.signature.slice(66, 130)}`));
    expect(claim.r).to.equal(signed.signature.slice(0, 66));
  });

  it("refuses to sign for another payer or with bad fields", async () => {
    const other = privateKeyToAccount(generatePrivateKey());
    await signVoucher(other, base).then(
      () => expect.fail("signed for another payer"),
      (error: unknown) => expect((error as InvalidVoucherError).reason).to.equal("malformed"),
    );
    expect(reasonOf(() => createVoucher({ ...base, cumulativeAmount: -1n }))).to.equal("malformed");
    expect(reasonOf(() => createVoucher({ ...base, pool: "0x1234" as Address }))).to.equal("malformed");
    expect(reasonOf(() => createVoucher({ ...base, payee: payer.address }))).to.equal("malformed");
  });

  it("verifies good vouchers, first by recovery then with the cached key", async () => {
    const verifier = createVoucherVerifier({ chainId: 199n, pool, payee });
    for (let i = 1n; i <= 5n; i++) {
      const signed = await signVoucher(payer, { ...base, cumulativeAmount: i });
      expect(verifier.verify(signed).cumulativeAmount).to.equal(i);
    }
    expect(verifier.cachedPayers).to.equal(1);
  });

  it("keeps at most maxCachedPayers keys and still verifies evicted payers", async () => {
    const other = privateKeyToAccount(generatePrivateKey());
    const verifier = createVoucherVerifier({ chainId: 199n, pool, payee, maxCachedPayers: 1 });
    for (let i = 1n; i <= 3n; i++) {
      for (const account of [payer, other]) {
        const signed = await signVoucher(account, { ...base, payer: account.address, cumulativeAmount: i });
        expect(verifier.verify(signed).payer).to.equal(account.address);
        const bad: SignedVoucher = { ...signed, voucher: { ...signed.voucher, cumulativeAmount: i + 100n } };
        expect(reasonOf(() => verifier.verify(bad))).to.equal("bad-signature");
      }
      expect(verifier.cachedPayers).to.equal(1);
    }
  });

  it("rejects vouchers for another chain, pool, payee or token", async () => {
    const verifier = createVoucherVerifier({ chainId: 199n, pool, payee, tokens: [token] });
    const good = await signVoucher(payer, { ...base, token });
    expect(verifier.verify(good).token).to.equal(token);
    const cases: Array<[Partial<typeof base> & { token?: Address }, string]> = [
      [{ chainId: 1n }, "wrong-chain"],
      [{ pool: payee }, "wrong-pool"],
      [{ payee: pool }, "wrong-payee"],
      [{ token: payee }, "wrong-token"],
    ];
    for (const [change, reason] of cases) {
      const signed = await signVoucher(payer, { ...base, token, ...change });
      expect(reasonOf(() => verifier.verify(signed))).to.equal(reason);
    }
  });

  it("rejects tampered, foreign, high-s and malformed signatures, cached key or not", async () => {
    const signed = await signVoucher(payer, base);
    const tampered: SignedVoucher = { ...signed, voucher: { ...signed.voucher, cumulativeAmount: 10n ** 19n } };
    const mallory = privateKeyToAccount(generatePrivateKey());
    const forged: SignedVoucher = {
      voucher: signed.voucher,
      signature: (await signVoucher(mallory, { ...base, payer: mallory.address })).signature,
    };
    const highS: SignedVoucher = { ...signed, signature: toHighS(signed.signature) };
    const short: SignedVoucher = { ...signed, signature: signed.signature.slice(0, 100) as Hex };
    const options = { chainId: 199n, pool, payee };
    for (const bad of [tampered, forged, highS, short]) {
      expect(reasonOf(() => verifyVoucher(bad, options))).to.equal("bad-signature");
      const warm = createVoucherVerifier(options);
      warm.verify(signed);
      expect(reasonOf(() => warm.verify(bad))).to.equal("bad-signature");
    }
    expect(
      reasonOf(() => verifyVoucher({ ...signed, voucher: { ...signed.voucher, generation: -1n } }, options)),
    ).to.equal("malformed");
  });

  it("agrees with viem's recovery on random vouchers (cached-key path included)", async () => {
    const verifier = createVoucherVerifier({ chainId: 199n, pool, payee });
    for (let i = 0; i < 20; i++) {
      const amount = BigInt(Math.floor(Math.random() * 1e15)) + 1n;
      const signed = await signVoucher(payer, { ...base, cumulativeAmount: amount });
      expect(verifier.verify(signed).cumulativeAmount).to.equal(amount);
      const wrong: SignedVoucher = { ...signed, voucher: { ...signed.voucher, cumulativeAmount: amount + 1n } };
      const recovered = await recoverAddress({
        hash: hashMessage("Voucher", wrong.voucher),
        signature: wrong.signature,
      });
      expect(recovered).to.not.equal(payer.address);
      expect(reasonOf(() => verifier.verify(wrong))).to.equal("bad-signature");
    }
  });
});
