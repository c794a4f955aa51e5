/**
 * A host refuses bad offers with clear reasons, never accepts a shard whose bytes do not match the
 * deal's root, and never accepts a half-received shard when it is killed with SIGKILL mid-pull.
 */
import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";
import type { Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import type { ContentSource } from "../../sdk/src/p2p/index.ts";
import { FileSource, Seeder } from "../../sdk/src/p2p/index.ts";
import { findDeal, perGiB, type ChainContext } from "../../storage/src/shared/chain.ts";
import { servePull } from "../../storage/src/shared/tunnel.ts";
import { clientChain, offerStatus, PRICE_PER_GIB, postOffer, postRaw, shardFile, termsFor } from "./support/client.ts";
import {
  account,
  blockNumber,
  createHost,
  deployNetwork,
  tempDir,
  waitFor,
  BTT,
  type HostProcess,
  type Network,
} from "./support/network.ts";

describe("btt-host: offers", function () {
  let net: Network;
  let host: HostProcess;
  let chain: ChainContext;
  let dir: string;

  before(async function () {
    net = await deployNetwork();
    host = await createHost(net, { capacity: 8n << 20n, pullStallMs: 5_000 });
    await host.start();
    chain = await clientChain(net, (await account(net, 1_000n * BTT)).key);
    dir = tempDir("btt-host-offers-");
  });

  after(async function () {
    await host?.kill();
  });

  async function dealOnChain(id: Hex): Promise<string> {
    return (await findDeal(chain, id)) === undefined ? "None" : "exists";
  }

  describe("refuses bad offers with the reason", function () {
    const commitment = { root: `0x${"11".repeat(32)}` as Hex, size: 64n << 10n };
    const cases: {
      name: string;
      reason: string;
      edit: (t: Awaited<ReturnType<typeof termsFor>>, head: bigint) => Awaited<ReturnType<typeof termsFor>>;
    }[] = [
      {
        name: "price below the host's terms",
        reason: "price_below_terms",
        edit: (t) => ({ ...t, pricePerPeriod: t.pricePerPeriod - 1n }),
      },
      {
        name: "more bytes than the capacity left",
        reason: "capacity_exceeded",
        edit: (t) => ({ ...t, size: 16n << 20n, pricePerPeriod: perGiB(PRICE_PER_GIB, 16n << 20n), collateral: 0n }),
      },
      { name: "an expired deadline", reason: "deadline_expired", edit: (t, head) => ({ ...t, deadline: head - 1n }) },
      {
        name: "more collateral than the host posts",
        reason: "collateral_above_terms",
        edit: (t) => ({ ...t, collateral: t.collateral + 1n }),
      },
      { name: "another host", reason: "wrong_host", edit: (t) => ({ ...t, host: t.client }) },
      { name: "another market", reason: "wrong_market", edit: (t) => ({ ...t, market: t.client }) },
      { name: "another chain", reason: "wrong_chain", edit: (t) => ({ ...t, chainId: 1n }) },
      { name: "too many periods", reason: "periods_out_of_range", edit: (t) => ({ ...t, periods: 20_000n }) },
      {
        name: "a start in the past",
        reason: "start_passed",
        edit: (t, head) => ({ ...t, start: 0n, deadline: head + 10n }),
      },
    ];
    for (const c of cases) {
      it(`${c.name}: ${c.reason}`, async function () {
        const terms = c.edit(await termsFor(net, chain, host, commitment), await blockNumber(net));
        const answer = await postOffer(host, chain, terms);
        expect(answer.status).to.equal(422);
        expect(answer.body.reason).to.equal(c.reason);
        expect(answer.body.message).to.be.a("string").and.not.equal("");
      });
    }

    it("a signature that is not the client's: bad_signature", async function () {
      const terms = await termsFor(net, chain, host, commitment);
      const answer = await postOffer(host, chain, terms, privateKeyToAccount(generatePrivateKey()));
      expect(answer.body.reason).to.equal("bad_signature");
    });

    it("a client without the escrow: client_unfunded", async function () {
      const poor = await clientChain(net, (await account(net, 0n)).key);
      const answer = await postOffer(host, poor, await termsFor(net, poor, host, commitment));
      expect(answer.body.reason).to.equal("client_unfunded");
    });

    it("malformed offers: 400 malformed", async function () {
      for (const body of ["not json", "{}", JSON.stringify({ terms: { root: "0x12" }, signature: "0x" })]) {
        const answer = await postRaw(host, body);
        expect(answer.status).to.equal(400);
        expect(answer.body.reason).to.equal("malformed");
      }
    });

    it("the same offer twice: duplicate", async function () {
      const shard = await shardFile(dir, 16 << 10, "dup.bin");
      const terms = await termsFor(net, chain, host, shard.tree.commitment);
      expect((await postOffer(host, chain, terms)).status).to.equal(202);
      const again = await postOffer(host, chain, terms);
      expect(again.status).to.equal(409);
      expect(again.body.reason).to.equal("duplicate");
    });
  });

  it("never accepts a shard whose pulled bytes do not match the deal's root", async function () {
    const real = await shardFile(dir, 600 << 10, "real.bin");
    const other = await shardFile(dir, 600 << 10, "other.bin");
    const claimed = await FileSource.open(real.path);
    const served = await FileSource.open(other.path);
    // A lying client: announces the real shard's root and piece layer, serves other bytes.
    const liar: ContentSource = {
      commitment: claimed.commitment,
      geometry: claimed.geometry,
      pieceRoots: claimed.pieceRoots,
      readPiece: (i) => served.readPiece(i),
      close: async () => undefined,
    };
    const seeder = await Seeder.start({
      account: privateKeyToAccount(generatePrivateKey()),
      content: liar,
      host: "127.0.0.1",
      port: 0,
    });
    try {
      const answer = await postOffer(host, chain, await termsFor(net, chain, host, real.tree.commitment));
      expect(answer.status).to.equal(202);
      const id = answer.body.id!;
      await servePull(host.url, id, answer.body.ticket!, seeder.port).catch(() => undefined);
      const status = await waitFor("the offer to be refused", async () => {
        const s = await offerStatus(host, id);
        return s.state === "refused" ? s : undefined;
      });
      expect(status.reason).to.equal("root_mismatch");
      expect(await dealOnChain(id)).to.equal("None");
      expect(readdirSync(join(host.dir, "data", "shards")).filter((f) => f.startsWith(id))).to.deep.equal([]);
    } finally {
      await seeder.close();
      await claimed.close();
      await served.close();
    }
  });

  it("killed with SIGKILL mid-pull, never accepts the half-received shard", async function () {
    const big = await shardFile(dir, 3 << 20, "big.bin");
    const source = await FileSource.open(big.path);
    // Slow uploads (256 KiB/s) so that the kill lands while pieces are arriving.
    const seeder = await Seeder.start({
      account: privateKeyToAccount(generatePrivateKey()),
      content: source,
      host: "127.0.0.1",
      port: 0,
      rateLimit: 256 << 10,
    });
    try {
      const answer = await postOffer(host, chain, await termsFor(net, chain, host, big.tree.commitment, 60n));
      expect(answer.status).to.equal(202);
      const id = answer.body.id!;
      const pull = servePull(host.url, id, answer.body.ticket!, seeder.port).catch(() => undefined);
      await waitFor("bytes to arrive", async () => {
        const s = await offerStatus(host, id);
        return s.state === "pulling" && (s.bytes ?? 0) > 0 ? true : undefined;
      });
      await host.kill();
      await pull;
      expect(await dealOnChain(id)).to.equal("None");
      await host.start();
      const status = await offerStatus(host, id);
      expect(status.state).to.equal("refused");
      expect(status.reason).to.equal("interrupted");
      expect(await dealOnChain(id)).to.equal("None");
      mkdirSync(join(host.dir, "data", "shards"), { recursive: true });
      expect(readdirSync(join(host.dir, "data", "shards")).filter((f) => f.startsWith(id))).to.deep.equal([]);
    } finally {
      await seeder.close();
      await source.close();
    }
  });
});
