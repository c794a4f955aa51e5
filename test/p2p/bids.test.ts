import { readFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";
import { zeroAddress, type Address, type LocalAccount } from "viem";

import { DEFAULT_PIECE_SIZE } from "../../sdk/src/commitment/index.ts";
import {
  BLOCK_SIZE,
  FEATURE_BIDS,
  FEATURE_PAID,
  FEATURE_PIECE_LAYER,
  FileVoucherStore,
  MSG,
  MemoryVoucherStore,
  PaymentError,
  REJECT,
  accountVoucherSigner,
  download,
  encodeBid,
  encodeEmpty,
  encodePool,
  encodeRequest,
  type Message,
  type PeerSlot,
  type SeederPaymentOptions,
} from "../../sdk/src/p2p/index.ts";
import { account, rawClient, seed, settled, tempDir, writeRandomFile, type RawClient } from "./helpers.ts";

const PRICE = 3n * 10n ** 15n;
const CHAIN = 199n;
const PAID = FEATURE_PAID | FEATURE_PIECE_LAYER | FEATURE_BIDS;

describe("p2p bids", function () {
  let tmp: ReturnType<typeof tempDir>;
  let pool: Address;
  beforeEach(() => {
    tmp = tempDir();
    pool = account().address;
  });
  afterEach(() => tmp.cleanup());

  function terms(store: MemoryVoucherStore | FileVoucherStore = new MemoryVoucherStore(), creditPieces = 4): SeederPaymentOptions {
    return { pricePerPiece: PRICE, creditPieces, chainId: CHAIN, pool, token: zeroAddress, store };
  }

  const answers = (c: RawClient) => c.messages.filter((x) => x.type === "piece" || x.type === "reject").length;
  /** Request one block and wait for its answer: everything sent before it was handled by the seeder. */
  async function sync(c: RawClient, piece = 0): Promise<Message> {
    const before = answers(c);
    c.conn.send(encodeRequest(MSG.request, { piece, offset: 0, length: BLOCK_SIZE }));
    await c.until(() => answers(c) > before);
    return c.messages.filter((x) => x.type === "piece" || x.type === "reject").at(-1)!;
  }

  /** A paid raw client with its pool acknowledged. */
  async function paidClient(port: number, root: `0x${string}`, size: number, payer: LocalAccount = account()): Promise<RawClient> {
    const c = await rawClient(port, { root, size: BigInt(size), pieceSize: DEFAULT_PIECE_SIZE, features: PAID }, payer);
    await c.until((m) => m.some((x) => x.type === "terms"));
    c.conn.send(encodePool({ chainId: CHAIN, pool, token: zeroAddress, generation: 0n }));
    await c.until((m) => m.some((x) => x.type === "ack"));
    return c;
  }

  it("ranks the regular slot by bid: the higher bidder holds it, the others share the optimistic slot; a raised bid moves up at the next re-rank", async () => {
    const size = 4 * DEFAULT_PIECE_SIZE;
    const { path } = writeRandomFile(tmp.dir, "src", size);
    const s = await seed(path, { uploadSlots: 1, rerankMs: 3_600_000, payment: terms(new MemoryVoucherStore(), 64) }); // re-ranks forced below
    try {
      const root = s.source.commitment.root;
      const payers = [account(), account(), account()];
      const clients = await Promise.all(payers.map((p) => paidClient(s.seeder.port, root, size, p)));
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
});
