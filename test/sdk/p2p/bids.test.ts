import { readFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";
import { zeroAddress, type Address } from "viem";

import { DEFAULT_PIECE_SIZE } from "../../../sdk/src/commitment/index.ts";
import { signMessage } from "../../../sdk/src/messages/index.ts";
import {
  BLOCK_SIZE,
  FEATURE_BIDS,
  FEATURE_PAID,
  FEATURE_PIECE_LAYER,
  MSG,
  PaymentError,
  PeerPayer,
  ProtocolError,
  REJECT,
  Downloader,
  download,
  decodeMessage,
  encodeBid,
  encodeEmpty,
  encodeRequest,
  encodeVoucher,
  type Message,
  type PeerSlot,
} from "../../../sdk/src/p2p/index.ts";
import { FileVoucherStore, MemoryVoucherStore } from "../../../sdk/src/payments/index.ts";
import { account, CHAIN, PRICE, rawClient, seed, settled, tempDir, type RawClient } from "./support/helpers.ts";
import { startPaidSeeder } from "./support/paidSeeder.ts";

const PAID = FEATURE_PAID | FEATURE_PIECE_LAYER | FEATURE_BIDS;

describe("p2p bids", function () {
  let tmp: ReturnType<typeof tempDir>;
  let pool: Address;
  beforeEach(() => {
    tmp = tempDir();
    pool = account().address;
  });
  afterEach(() => tmp.cleanup());

  const answers = (c: RawClient) => c.messages.filter((x) => x.type === "piece" || x.type === "reject").length;
  /** Request one block and wait for its answer: everything sent before it was handled by the seeder. */
  async function sync(c: RawClient, piece = 0): Promise<Message> {
    const before = answers(c);
    c.conn.send(encodeRequest(MSG.request, { piece, offset: 0, length: BLOCK_SIZE }));
    await c.until(() => answers(c) > before);
    return c.messages.filter((x) => x.type === "piece" || x.type === "reject").at(-1)!;
  }

  it("ranks the regular slot by bid: the higher bidder holds it, the others share the optimistic slot; a raised bid moves up at the next re-rank", async () => {
    // Re-ranks are forced below.
    const s = await startPaidSeeder(tmp.dir, 4 * DEFAULT_PIECE_SIZE, {
      pool,
      creditPieces: 64,
      uploadSlots: 1,
      rerankMs: 3_600_000,
    });
    try {
      const payers = [account(), account(), account()];
      const clients = await Promise.all(payers.map((p) => s.paidClient(p, PAID)));
      const [high, low, none] = clients;
      const slotOf = (c: RawClient): PeerSlot => {
        const address = payers[clients.indexOf(c)]!.address;
        const own = s.seeder.slotTable().find((p) => p.address === address);
        if (own === undefined) throw new Error(`${address} is not connected`);
        return own;
      };
      high!.conn.send(encodeBid(3n * PRICE));
      low!.conn.send(encodeBid(2n * PRICE));
      for (const c of clients) c.conn.send(encodeEmpty(MSG.interested));
      for (const c of clients) await sync(c); // bids and interest are handled
      const regular = (c: RawClient) => !slotOf(c).choked && !slotOf(c).optimistic;
      expect(slotOf(high!).bid).to.equal(3n * PRICE);
      expect(slotOf(low!).bid).to.equal(2n * PRICE);
      expect(slotOf(none!).bid).to.equal(undefined);

      for (let round = 0; round < 9; round++) {
        s.seeder.rerank();
        expect(regular(high!)).to.equal(true);
        expect(regular(low!) || regular(none!)).to.equal(false);
        expect(clients.filter((c) => !slotOf(c).choked).length).to.equal(2); // 1 regular + 1 optimistic
        // On the wire: the regular slot is served; a choked peer is rejected; the optimistic peer
        // is served more than the leader (so ranking by bytes alone would promote it).
        expect(await sync(high!, 1)).to.deep.include({ type: "piece" });
        const choked = clients.find((c) => slotOf(c).choked)!;
        expect(await sync(choked, 1)).to.deep.include({ type: "reject", reason: REJECT.choked });
        const optimistic = clients.find((c) => slotOf(c).optimistic)!;
        for (let b = 0; b < 4; b++) expect(await sync(optimistic, 2)).to.deep.include({ type: "piece" });
      }

      // The low bidder outbids: regular from the next re-rank on, the former leader drops to
      // the optimistic slot or is choked.
      low!.conn.send(encodeBid(4n * PRICE));
      await sync(low!);
      expect(slotOf(low!).bid).to.equal(4n * PRICE);
      s.seeder.rerank();
      expect(regular(low!)).to.equal(true);
      expect(regular(high!)).to.equal(false);
      expect(await sync(low!, 2)).to.deep.include({ type: "piece" });
      for (const c of clients) c.conn.close();
    } finally {
      await s.close();
    }
  });

  it("refuses a bid below the terms, a lowered bid and a bid before the pool (protocol errors); a free seeder ignores bids", async () => {
    const size = 2 * DEFAULT_PIECE_SIZE;
    const s = await startPaidSeeder(tmp.dir, size, { pool });
    const { path, root } = s;
    try {
      const below = await s.paidClient(account(), PAID);
      below.conn.send(encodeBid(PRICE - 1n));
      expect(await below.closed).to.equal(undefined); // closed by the seeder
      expect((s.seeder.errors.at(-1) as ProtocolError | undefined)?.shortMessage).to.equal(
        "Bid below the seeder's price per piece",
      );
      expect(s.seeder.errors.at(-1)).to.deep.include({ details: { bid: PRICE - 1n, pricePerPiece: PRICE } });

      const lowered = await s.paidClient(account(), PAID);
      lowered.conn.send(encodeBid(2n * PRICE));
      lowered.conn.send(encodeBid(PRICE)); // still >= terms, but lower than its bid
      expect(await lowered.closed).to.equal(undefined);
      expect((s.seeder.errors.at(-1) as ProtocolError | undefined)?.shortMessage).to.equal("Bid lowered");

      const early = await rawClient(s.seeder.port, {
        root,
        size: BigInt(size),
        pieceSize: DEFAULT_PIECE_SIZE,
        features: PAID,
      });
      early.conn.send(encodeBid(2n * PRICE));
      expect(await early.closed).to.equal(undefined);
      expect((s.seeder.errors.at(-1) as ProtocolError | undefined)?.shortMessage).to.equal(
        "Bid before a pool announcement",
      );
      expect(s.seeder.stats.protocolErrors).to.equal(3);

      // A bid equal to the terms is accepted (and changes nothing).
      const equal = await s.paidClient(account(), PAID);
      equal.conn.send(encodeBid(PRICE));
      equal.conn.send(encodeEmpty(MSG.interested));
      await equal.until((m) => m.some((x) => x.type === "unchoke"));
      expect(await sync(equal)).to.deep.include({ type: "piece" });
      expect(s.seeder.slotTable().map((p) => p.bid)).to.deep.equal([PRICE]);
      equal.conn.close();
    } finally {
      await s.close();
    }

    const free = await seed(path);
    try {
      const c = await rawClient(free.seeder.port, {
        root: free.source.commitment.root,
        size: BigInt(size),
        pieceSize: DEFAULT_PIECE_SIZE,
        features: FEATURE_PIECE_LAYER | FEATURE_BIDS,
      });
      expect(c.conn.peer?.features).to.equal(FEATURE_PIECE_LAYER); // a free seeder does not announce bids
      c.conn.send(encodeBid(5n));
      c.conn.send(encodeEmpty(MSG.interested));
      await c.until((m) => m.some((x) => x.type === "unchoke"));
      expect(await sync(c)).to.deep.include({ type: "piece" });
      expect(free.seeder.slotTable().map((p) => p.bid)).to.deep.equal([undefined]);
      expect(free.seeder.stats.protocolErrors).to.equal(0);
      c.conn.close();
    } finally {
      await free.close();
    }
  });

  it("a bid obliges: credit and payment-required count at the bid, and a voucher at the terms price pays for fewer pieces", async () => {
    const store = new MemoryVoucherStore();
    const s = await startPaidSeeder(tmp.dir, 8 * DEFAULT_PIECE_SIZE, { pool, store, creditPieces: 2 });
    const payer = account();
    const bid = 2n * PRICE;
    try {
      const c = await s.paidClient(payer, PAID);
      c.conn.send(encodeBid(bid));
      c.conn.send(encodeEmpty(MSG.interested));
      await c.until((m) => m.some((x) => x.type === "unchoke"));
      const blocks = DEFAULT_PIECE_SIZE / BLOCK_SIZE;
      const ask = (pieces: number[]) => {
        for (const p of pieces)
          for (let b = 0; b < blocks; b++)
            c.conn.send(encodeRequest(MSG.request, { piece: p, offset: b * BLOCK_SIZE, length: BLOCK_SIZE }));
      };
      // Credit 2 pieces at the bid: 2 pieces served, then payment-required for 2 x bid.
      ask([0, 1, 2]);
      await c.until((m) => answers(c) >= 3 * blocks);
      expect(c.messages.filter((x) => x.type === "piece").length).to.equal(2 * blocks);
      expect(c.messages.find((x) => x.type === "paymentRequired")).to.deep.equal({
        type: "paymentRequired",
        cumulativeAmount: 2n * bid,
      });

      // A voucher at the terms price for those 2 pieces (2 x PRICE = 1 piece at the bid) is stored
      // but buys one piece more, not two: the peer stays behind by a piece.
      const voucher = s.voucher(payer.address, 2n * PRICE);
      c.conn.send(encodeVoucher({ voucher, signature: await signMessage(payer, "Voucher", voucher) }));
      await c.until((m) => m.filter((x) => x.type === "ack").length >= 2);
      const before = c.messages.length;
      ask([2, 3]);
      await c.until(
        () => c.messages.slice(before).filter((x) => x.type === "piece" || x.type === "reject").length >= 2 * blocks,
      );
      expect(c.messages.slice(before).filter((x) => x.type === "piece").length).to.equal(blocks);
      expect(c.messages.filter((x) => x.type === "paymentRequired").at(-1)).to.deep.equal({
        type: "paymentRequired",
        cumulativeAmount: 3n * bid,
      });
      expect(await s.stored(store, payer.address)).to.equal(2n * PRICE);
      c.conn.close();
    } finally {
      await s.close();
    }
  });

  it("the payer pays the price in force when each piece verified: terms before a raise, the bid after", async () => {
    const payer = account();
    const payee = account().address;
    const frames: Message[] = [];
    const hooks = {
      send: (f: Uint8Array) => frames.push(decodeMessage(f[4]!, f.subarray(5))),
      close: (e: Error) => {
        throw e;
      },
      unblocked: () => undefined,
      record: () => undefined,
      fail: (e: Error) => {
        throw e;
      },
    };
    const options = {
      signer: payer,
      chainId: CHAIN,
      pool,
      token: zeroAddress,
      generation: 0n,
      maxPricePerPiece: 4n * PRICE,
      voucherIntervalMs: 0,
    };
    const p = new PeerPayer(payee, options, hooks, true);
    p.onTerms({ pricePerPiece: PRICE, creditPieces: 8 });
    p.onAck(10n); // the seeder's stored base
    p.onVerified();
    p.onVerified();
    await p.flush();
    p.raiseBid(3n * PRICE);
    p.raiseBid(2n * PRICE); // bids only rise: nothing sent
    p.onVerified();
    await p.flush();
    expect(() => p.raiseBid(5n * PRICE)).to.throw(PaymentError, /above the configured maximum/);
    const sent = frames.map((m) =>
      m.type === "voucher"
        ? `voucher ${m.voucher.voucher.cumulativeAmount}`
        : m.type === "bid"
          ? `bid ${m.pricePerPiece}`
          : m.type,
    );
    const vouchers = sent.filter((x) => x.startsWith("voucher"));
    expect(sent).to.include(`bid ${3n * PRICE}`);
    expect(sent.filter((x) => x.startsWith("bid"))).to.have.length(1);
    expect(vouchers.at(-1)).to.equal(`voucher ${10n + 2n * PRICE + 3n * PRICE}`);
    expect(p.amountPaid).to.equal(5n * PRICE);

    // A seeder that does not announce bids never gets one; a bid at or below its terms is not sent.
    const old: Message[] = [];
    new PeerPayer(
      payee,
      { ...options, bid: 3n * PRICE },
      { ...hooks, send: (f) => old.push(decodeMessage(f[4]!, f.subarray(5))) },
      false,
    ).onTerms({ pricePerPiece: PRICE, creditPieces: 8 });
    const cheap: Message[] = [];
    new PeerPayer(
      payee,
      { ...options, bid: PRICE },
      { ...hooks, send: (f) => cheap.push(decodeMessage(f[4]!, f.subarray(5))) },
      true,
    ).onTerms({ pricePerPiece: PRICE, creditPieces: 8 });
    expect(old.map((m) => m.type)).to.deep.equal(["pool"]);
    expect(cheap.map((m) => m.type)).to.deep.equal(["pool"]);
  });

  it("a downloader with a bid pays bid x verified pieces; the seeder's stored voucher equals it", async () => {
    const pieces = 12;
    const size = pieces * DEFAULT_PIECE_SIZE - 5;
    const store = await FileVoucherStore.open(join(tmp.dir, "vouchers.json"));
    const s = await startPaidSeeder(tmp.dir, size, { pool, store, creditPieces: 4 });
    const payer = account();
    const bid = 5n * PRICE;
    const payment = { ...s.payment(payer, 6n * PRICE), bid };
    try {
      const out = join(tmp.dir, "out");
      const result = await download({ root: s.root, size: BigInt(size), out, peers: s.peers, account: payer, payment });
      expect(readFileSync(out).equals(s.data)).to.equal(true);
      expect(result.paid).to.equal(bid * BigInt(pieces));
      expect(result.peers[0]?.bid).to.equal(bid);
      await settled(s.seeder);
      // A fresh store instance reads what is on disk.
      expect(await s.stored(await FileVoucherStore.open(store.path), payer.address)).to.equal(bid * BigInt(pieces));

      // A bid above the maximum price is refused before anything is sent.
      const refused = await download({
        root: s.root,
        size: BigInt(size),
        out: join(tmp.dir, "out2"),
        peers: s.peers,
        account: payer,
        payment: { ...payment, bid: 7n * PRICE },
      }).catch((e: unknown) => e);
      expect(refused)
        .to.be.instanceOf(PaymentError)
        .and.to.have.property("shortMessage", "Bid must be between 0 and the maximum price per piece");
    } finally {
      await s.close();
    }
  });

  it("a bid raised mid-download: pieces verified before it are paid at the terms, after it at the bid; the seeder stores exactly that", async () => {
    const pieces = 12;
    const size = pieces * DEFAULT_PIECE_SIZE;
    const store = new MemoryVoucherStore();
    // ~1.5 MiB/s: about 2 s.
    const s = await startPaidSeeder(tmp.dir, size, { pool, store, creditPieces: 4, peerRateLimit: 3 << 19 });
    const payer = account();
    const bid = 4n * PRICE;
    try {
      const out = join(tmp.dir, "out");
      let doneAtRaise: number | undefined;
      const downloader: Downloader = new Downloader({
        root: s.root,
        size: BigInt(size),
        out,
        peers: s.peers,
        account: payer,
        payment: s.payment(payer, bid),
        onProgress: (p) => {
          if (doneAtRaise === undefined && p.piecesDone >= 3 && p.piecesDone < pieces) {
            doneAtRaise = p.piecesDone;
            downloader.raiseBid(bid);
          }
        },
      });
      const result = await downloader.run();
      expect(readFileSync(out).equals(s.data)).to.equal(true);
      expect(doneAtRaise).to.not.equal(undefined);
      // Pieces are written (and counted as done) a little after they verify: at most the pieces in
      // progress (half of the credit) verified between the count and the raise.
      const atBid = (result.paid - PRICE * BigInt(pieces)) / (bid - PRICE);
      expect((result.paid - PRICE * BigInt(pieces)) % (bid - PRICE)).to.equal(0n);
      expect(Number(atBid)).to.be.within(Math.max(1, pieces - doneAtRaise! - 3), pieces - doneAtRaise!);
      expect(result.peers[0]?.bid).to.equal(bid);
      await settled(s.seeder);
      expect(await s.stored(store, payer.address)).to.equal(result.paid);
    } finally {
      await s.close();
    }
  });
});
