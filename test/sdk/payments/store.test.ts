import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import type { Address } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import {
  FileVoucherStore,
  isBetterVoucher,
  NATIVE_TOKEN,
  signVoucher,
  VoucherStoreError,
  type SignedVoucher,
} from "../../../sdk/src/payments/index.ts";

const pool: Address = "0x1111111111111111111111111111111111111111";
const payee: Address = "0x2222222222222222222222222222222222222222";
const token: Address = "0x3333333333333333333333333333333333333333";
const payers = [privateKeyToAccount(generatePrivateKey()), privateKeyToAccount(generatePrivateKey())];

const sign = (
  i: number,
  cumulativeAmount: bigint,
  generation = 0n,
  t: Address = NATIVE_TOKEN,
): Promise<SignedVoucher> =>
  signVoucher(payers[i]!, {
    chainId: 199n,
    pool,
    payer: payers[i]!.address,
    payee,
    token: t,
    cumulativeAmount,
    generation,
  });

describe("payments: FileVoucherStore", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "btt-store-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("orders vouchers by generation, then amount", async () => {
    const [a, b, c] = [await sign(0, 5n), await sign(0, 6n), await sign(0, 1n, 1n)];
    expect(isBetterVoucher(b.voucher, a.voucher)).to.equal(true);
    expect(isBetterVoucher(a.voucher, b.voucher)).to.equal(false);
    expect(isBetterVoucher(a.voucher, a.voucher)).to.equal(false);
    expect(isBetterVoucher(c.voucher, b.voucher)).to.equal(true);
    expect(isBetterVoucher(a.voucher, undefined)).to.equal(true);
  });

  it("keeps only the best voucher per (payer, token), durably across reopening", async () => {
    const path = join(dir, "nested", "vouchers.json");
    const store = await FileVoucherStore.open(path);
    expect(await store.get(payers[0]!.address, NATIVE_TOKEN)).to.equal(undefined);
    expect(await store.put(await sign(0, 10n))).to.equal(true);
    expect(await store.put(await sign(0, 9n))).to.equal(false);
    expect(await store.put(await sign(0, 10n))).to.equal(false);
    expect(await store.put(await sign(0, 12n))).to.equal(true);
    expect(await store.put(await sign(0, 3n, 0n, token))).to.equal(true);
    expect(await store.put(await sign(1, 7n))).to.equal(true);
    await store.close();

    const reopened = await FileVoucherStore.open(path);
    expect((await reopened.get(payers[0]!.address, NATIVE_TOKEN))?.voucher.cumulativeAmount).to.equal(12n);
    expect((await reopened.get(payers[0]!.address.toLowerCase() as Address, token))?.voucher.cumulativeAmount).to.equal(
      3n,
    );
    expect((await reopened.get(payers[1]!.address, NATIVE_TOKEN))?.voucher.cumulativeAmount).to.equal(7n);
    expect(await reopened.list()).to.have.length(3);
    // The stored signature is the payer's, byte for byte.
    const best = await sign(0, 12n);
    expect((await reopened.get(payers[0]!.address, NATIVE_TOKEN))?.signature).to.equal(best.signature);
    // No temporary file is left behind.
    expect(await readdir(join(dir, "nested"))).to.deep.equal(["vouchers.json"]);
  });

  it("coalesces concurrent puts and every one of them is on disk when it resolves", async () => {
    const path = join(dir, "vouchers.json");
    const store = await FileVoucherStore.open(path);
    const vouchers = await Promise.all(Array.from({ length: 50 }, (_, i) => sign(i % 2, BigInt(i + 1))));
    const results = await Promise.all(vouchers.map((v) => store.put(v)));
    expect(results.every((r) => r)).to.equal(true);
    const file = JSON.parse(await readFile(path, "utf8")) as { vouchers: { voucher: { cumulativeAmount: string } }[] };
    expect(file.vouchers.map((v) => v.voucher.cumulativeAmount).sort()).to.deep.equal(["49", "50"]);
  });

  it("refuses a corrupt file and writes after close", async () => {
    const path = join(dir, "vouchers.json");
    await writeFile(path, "{ not json");
    await FileVoucherStore.open(path).then(
      () => expect.fail("opened a corrupt store"),
      (error: unknown) => expect(error).to.be.instanceOf(VoucherStoreError),
    );
    await writeFile(path, JSON.stringify({ version: 2, vouchers: [] }));
    await FileVoucherStore.open(path).then(
      () => expect.fail("opened an unknown format"),
      (error: unknown) => expect((error as VoucherStoreError).shortMessage).to.match(/corrupt/),
    );
    const store = await FileVoucherStore.open(join(dir, "fresh.json"));
    await store.close();
    await store.put(await sign(0, 1n)).then(
      () => expect.fail("wrote after close"),
      (error: unknown) => expect(error).to.be.instanceOf(VoucherStoreError),
    );
  });

  it("reports unreadable and unwritable locations as VoucherStoreError", async () => {
    const blocker = join(dir, "file");
    await writeFile(blocker, "");
    await FileVoucherStore.open(join(blocker, "vouchers.json")).then(
      () => expect.fail("opened a store under a file"),
      (error: unknown) => expect((error as VoucherStoreError).shortMessage).to.match(/Cannot read/),
    );
    // The directory disappears (and a file takes its name) after the store was opened.
    const parent = join(dir, "parent");
    const store = await FileVoucherStore.open(join(parent, "vouchers.json"));
    await writeFile(parent, "");
    await store.put(await sign(0, 1n)).then(
      () => expect.fail("wrote under a file"),
      (error: unknown) => expect((error as VoucherStoreError).shortMessage).to.match(/Cannot write/),
    );
  });
});
