import { readFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";
import { zeroAddress, type Address } from "viem";

import { DEFAULT_PIECE_SIZE } from "../../../sdk/src/commitment/index.ts";
import { recoverMessageSigner, signMessage } from "../../../sdk/src/messages/index.ts";
import {
  BLOCK_SIZE,
  FEATURE_PAID,
  FEATURE_PIECE_LAYER,
  MSG,
  REJECT,
  TransferError,
  download,
  encodeEmpty,
  encodePool,
  encodeRequest,
  encodeVoucher,
  type Message,
} from "../../../sdk/src/p2p/index.ts";
import { FileVoucherStore, MemoryVoucherStore } from "../../../sdk/src/payments/index.ts";
import { account, CHAIN, PRICE, rawClient, settled, tempDir } from "./support/helpers.ts";
import { startPaidSeeder } from "./support/paidSeeder.ts";

describe("p2p paid mode", function () {
  let tmp: ReturnType<typeof tempDir>;
  let pool: Address;
  beforeEach(() => {
    tmp = tempDir();
    pool = account().address;
  });
  afterEach(() => tmp.cleanup());

  it("pays exactly price x verified pieces with cumulative vouchers the seeder stores durably", async () => {
    const pieces = 24;
    const store = await FileVoucherStore.open(join(tmp.dir, "vouchers.json"));
    const s = await startPaidSeeder(tmp.dir, pieces * DEFAULT_PIECE_SIZE - 77, { pool, store, creditPieces: 4 });
    const payer = account();
    const payment = s.payment(payer);
    try {
      const out = join(tmp.dir, "out");
      const { root, peers } = s;
      const result = await download({ root, size: BigInt(s.size), out, peers, account: payer, payment });
      expect(readFileSync(out).equals(s.data)).to.equal(true);
      expect(result.paid).to.equal(PRICE * BigInt(pieces));
      // A fresh store instance reads what is on disk.
      await settled(s.seeder);
      const best = await (await FileVoucherStore.open(store.path)).get(payer.address, zeroAddress);
      expect(best?.voucher.cumulativeAmount).to.equal(PRICE * BigInt(pieces));
      const { signature, voucher } = best!;
      expect(await recoverMessageSigner("Voucher", voucher, signature)).to.equal(payer.address);
      expect(s.seeder.stats.vouchersAccepted).to.be.at.least(pieces / 4 - 1); // credit 4: paid along the way

      // A second download from the same seeder continues the same cumulative stream.
      const again = await download({
        root,
        size: BigInt(s.size),
        out: join(tmp.dir, "out2"),
        peers,
        account: payer,
        payment,
      });
      expect(again.paid).to.equal(PRICE * BigInt(pieces));
      await settled(s.seeder);
      expect(await s.stored(store, payer.address)).to.equal(2n * PRICE * BigInt(pieces));
    } finally {
      await s.close();
    }
  });

  it("stops serving when payment is due (payment-required, rejects) and resumes once paid", async () => {
    const store = new MemoryVoucherStore();
    const s = await startPaidSeeder(tmp.dir, 8 * DEFAULT_PIECE_SIZE, { pool, store, creditPieces: 2 });
    const payer = account();
    try {
      // A raw client that announces its pool only after asking.
      const c = await rawClient(
        s.seeder.port,
        {
          root: s.root,
          size: BigInt(s.size),
          pieceSize: DEFAULT_PIECE_SIZE,
          features: FEATURE_PAID | FEATURE_PIECE_LAYER,
        },
        payer,
      );
      c.conn.send(encodeEmpty(MSG.interested));
      await c.until((m) => m.some((x) => x.type === "unchoke") && m.some((x) => x.type === "terms"));
      // Requests before the pool announcement are not served.
      c.conn.send(encodeRequest(MSG.request, { piece: 0, offset: 0, length: BLOCK_SIZE }));
      await c.until((m) => m.some((x) => x.type === "reject"));
      expect(c.messages.find((x) => x.type === "reject")).to.deep.include({ reason: REJECT.paymentRequired });
      c.conn.send(encodePool({ chainId: CHAIN, pool, token: zeroAddress, generation: 0n }));
      await c.until((m) => m.some((x) => x.type === "ack"));
      // Ask for 4 pieces with a credit of 2: exactly 2 are served, the rest rejected.
      const blocks = DEFAULT_PIECE_SIZE / BLOCK_SIZE;
      for (let p = 0; p < 4; p++)
        for (let b = 0; b < blocks; b++)
          c.conn.send(encodeRequest(MSG.request, { piece: p, offset: b * BLOCK_SIZE, length: BLOCK_SIZE }));
      const answered = (m: Message[]) => m.filter((x) => x.type === "piece" || x.type === "reject").length;
      await c.until((m) => answered(m) >= 1 + 4 * blocks);
      const served = c.messages.filter((x) => x.type === "piece");
      const rejected = c.messages.filter((x) => x.type === "reject" && x.reason === REJECT.paymentRequired);
      expect(served.length).to.equal(2 * blocks);
      expect(rejected.length).to.equal(1 + 2 * blocks);
      const required = c.messages.find((x) => x.type === "paymentRequired");
      expect(required).to.deep.equal({ type: "paymentRequired", cumulativeAmount: 2n * PRICE });
      expect(s.seeder.stats.bytesSent).to.equal(2 * DEFAULT_PIECE_SIZE);

      // A voucher from someone else is refused and closes the connection; nothing is stored.
      const voucher = s.voucher(payer.address, 2n * PRICE);
      const good = await signMessage(payer, "Voucher", voucher);
      c.conn.send(encodeVoucher({ voucher, signature: good }));
      await c.until((m) => m.filter((x) => x.type === "ack").length >= 2);
      expect(c.messages.filter((x) => x.type === "ack").at(-1)).to.deep.equal({
        type: "ack",
        cumulativeAmount: 2n * PRICE,
      });
      // Paid: two more pieces are served.
      const before = c.messages.length;
      for (let b = 0; b < blocks; b++)
        c.conn.send(encodeRequest(MSG.request, { piece: 2, offset: b * BLOCK_SIZE, length: BLOCK_SIZE }));
      await c.until((m) => m.slice(before).filter((x) => x.type === "piece").length === blocks);

      const forged = await signMessage(account(), "Voucher", { ...voucher, cumulativeAmount: 100n * PRICE });
      c.conn.send(encodeVoucher({ voucher: { ...voucher, cumulativeAmount: 100n * PRICE }, signature: forged }));
      expect(await c.closed).to.equal(undefined); // closed by the seeder
      expect(s.seeder.errors.at(-1)?.message).to.match(/not signed by the payer/);
      expect(await s.stored(store, payer.address)).to.equal(2n * PRICE);
    } finally {
      await s.close();
    }
  });

  it("closes a payer that does not pay when asked (paymentTimeoutMs); nothing is stored for it", async () => {
    const size = 6 * DEFAULT_PIECE_SIZE;
    const store = new MemoryVoucherStore();
    const s = await startPaidSeeder(tmp.dir, size, {
      pool,
      store,
      creditPieces: 2,
      payment: { paymentTimeoutMs: 300 },
    });
    const payer = account();
    try {
      const c = await rawClient(
        s.seeder.port,
        {
          root: s.root,
          size: BigInt(size),
          pieceSize: DEFAULT_PIECE_SIZE,
          features: FEATURE_PAID | FEATURE_PIECE_LAYER,
        },
        payer,
      );
      c.conn.send(encodeEmpty(MSG.interested));
      c.conn.send(encodePool({ chainId: CHAIN, pool, token: zeroAddress, generation: 0n }));
      await c.until((m) => m.some((x) => x.type === "unchoke") && m.some((x) => x.type === "ack"));
      const blocks = DEFAULT_PIECE_SIZE / BLOCK_SIZE;
      for (let p = 0; p < 4; p++)
        for (let b = 0; b < blocks; b++)
          c.conn.send(encodeRequest(MSG.request, { piece: p, offset: b * BLOCK_SIZE, length: BLOCK_SIZE }));
      await c.until((m) => m.some((x) => x.type === "paymentRequired"));
      expect(c.messages.filter((x) => x.type === "piece")).to.have.length(2 * blocks);
      // It keeps asking (frames keep the connection from idling) but never pays: the seeder hangs up.
      const asking = setInterval(
        () => c.conn.send(encodeRequest(MSG.request, { piece: 3, offset: 0, length: BLOCK_SIZE })),
        50,
      );
      try {
        expect(await c.closed).to.equal(undefined); // closed by the seeder
      } finally {
        clearInterval(asking);
      }
      expect(s.seeder.errors.at(-1)?.message).to.match(/did not pay for what it was served/);
      expect(await store.get(payer.address, zeroAddress)).to.equal(undefined);
    } finally {
      await s.close();
    }
  });

  it("extends credit only after the voucher is stored", async () => {
    const inner = new MemoryVoucherStore();
    let release!: () => void;
    const stored = new Promise<void>((r) => (release = r));
    const slowStore = {
      get: inner.get.bind(inner),
      list: inner.list.bind(inner),
      close: inner.close.bind(inner),
      put: async (v: Parameters<MemoryVoucherStore["put"]>[0]) => {
        await stored;
        return inner.put(v);
      },
    };
    const s = await startPaidSeeder(tmp.dir, 4 * DEFAULT_PIECE_SIZE, {
      pool,
      creditPieces: 1,
      payment: { store: slowStore },
    });
    const payer = account();
    try {
      const c = await s.paidClient(payer);
      c.conn.send(encodeEmpty(MSG.interested));
      await c.until((m) => m.some((x) => x.type === "unchoke"));
      const blocks = DEFAULT_PIECE_SIZE / BLOCK_SIZE;
      const ask = (p: number) => {
        for (let b = 0; b < blocks; b++)
          c.conn.send(encodeRequest(MSG.request, { piece: p, offset: b * BLOCK_SIZE, length: BLOCK_SIZE }));
      };
      const count = (type: string) => c.messages.filter((x) => x.type === type).length;
      ask(0);
      await c.until(() => count("piece") === blocks);
      const voucher = s.voucher(payer.address, PRICE);
      c.conn.send(encodeVoucher({ voucher, signature: await signMessage(payer, "Voucher", voucher) }));
      ask(1); // the voucher is not stored yet: no new credit
      await c.until(() => count("reject") === blocks);
      expect(count("piece")).to.equal(blocks);
      expect(count("ack")).to.equal(1);
      release();
      await c.until(() => count("ack") === 2);
      expect(c.messages.filter((x) => x.type === "ack").at(-1)).to.deep.equal({ type: "ack", cumulativeAmount: PRICE });
      ask(1);
      await c.until(() => count("piece") === 2 * blocks);
      c.conn.close();
    } finally {
      await s.close();
    }
  });

  it("drops a payer whose deposit does not cover the credit, or later its vouchers", async () => {
    const size = 12 * DEFAULT_PIECE_SIZE;
    const payer = account();
    for (const [deposit, expected] of [
      [PRICE, /does not cover the credit window/],
      [6n * PRICE, /does not cover its vouchers/],
    ] as const) {
      const store = new MemoryVoucherStore();
      const checked: bigint[] = [];
      const solvency = {
        covers: async (key: { payer: Address }, amount: bigint) => {
          expect(key.payer).to.equal(payer.address);
          checked.push(amount);
          return amount <= deposit;
        },
      };
      const s = await startPaidSeeder(
        tmp.dir,
        size,
        { pool, store, creditPieces: 2, payment: { solvency } },
        `src-${deposit}`,
      );
      try {
        const out = join(tmp.dir, `out-${deposit}`);
        const error = await download({
          root: s.root,
          size: BigInt(size),
          out,
          peers: s.peers,
          account: payer,
          payment: s.payment(payer),
        }).catch((e: unknown) => e);
        expect(error).to.be.instanceOf(TransferError);
        expect(s.seeder.errors.at(-1)?.message).to.match(expected);
        expect(checked[0]).to.equal(2n * PRICE); // the credit window, before any credit
        const best = await s.stored(store, payer.address);
        // Never served more than what was paid plus the credit window.
        expect(s.seeder.stats.bytesSent).to.be.at.most(Number(best / PRICE + 2n) * DEFAULT_PIECE_SIZE);
        if (deposit > PRICE)
          expect(best).to.be.greaterThan(deposit); // the voucher that overdrew it is kept, to claim what is there
        else expect(s.seeder.stats.bytesSent).to.equal(0);
      } finally {
        await s.close();
      }
    }
  });

  it("an unpaid downloader gets a clear error from a paid seeder", async () => {
    const s = await startPaidSeeder(tmp.dir, 100_000, { pool });
    try {
      const error = await download({
        root: s.root,
        size: 100_000n,
        out: join(tmp.dir, "out"),
        peers: s.peers,
      }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(TransferError);
      expect((error as TransferError).message).to.match(/Peer requires payment and no payer is configured/);
      expect(s.seeder.stats.bytesSent).to.equal(0);
    } finally {
      await s.close();
    }
  });

  it("refuses a seeder whose first ack claims more than the payer signed to it before (signedBefore)", async () => {
    const store = new MemoryVoucherStore();
    const s = await startPaidSeeder(tmp.dir, 4 * DEFAULT_PIECE_SIZE, { pool, store });
    const payer = account();
    try {
      // The seeder holds a genuine voucher of 5 pieces; the payer knows of 2 only (a host lying
      // about what it was paid, or a voucher the payer's own records do not back).
      const voucher = s.voucher(payer.address, 5n * PRICE);
      await store.put({ voucher, signature: await signMessage(payer, "Voucher", voucher) });
      const attempt = (signedBefore: bigint) =>
        download({
          root: s.root,
          size: BigInt(s.size),
          out: join(tmp.dir, `out-${signedBefore}`),
          peers: s.peers,
          account: payer,
          payment: { ...s.payment(payer), signedBefore },
        });
      const error = await attempt(2n * PRICE).catch((e: unknown) => e);
      expect((error as TransferError).message).to.match(/voucher above anything this payer signed/);
      expect(await s.stored(store, payer.address)).to.equal(5n * PRICE);
      // Knowing the 5 pieces, the payer builds on them and pays exactly the 4 served.
      const result = await attempt(5n * PRICE);
      expect(result.paid).to.equal(4n * PRICE);
      await settled(s.seeder);
      expect(await s.stored(store, payer.address)).to.equal(9n * PRICE);
    } finally {
      await s.close();
    }
  });

  it("does not pay a seeder asking more than the maximum price", async () => {
    const s = await startPaidSeeder(tmp.dir, 100_000, { pool });
    const payer = account();
    try {
      const error = await download({
        root: s.root,
        size: 100_000n,
        out: join(tmp.dir, "out"),
        peers: s.peers,
        account: payer,
        payment: s.payment(payer, PRICE - 1n),
      }).catch((e: unknown) => e);
      expect((error as TransferError).message).to.match(/more per piece than the configured maximum/);
    } finally {
      await s.close();
    }
  });
});
