import { expect } from "chai";

import { LeaseLostError } from "../../relayer/src/errors.ts";
import type { StoreLocation } from "../../relayer/src/store/open.ts";
import type { Store } from "../../relayer/src/store/Store.ts";
import { describeEngines } from "./support/engines.ts";
import { waitFor } from "./support/fixture.ts";

const A = "0x00000000000000000000000000000000000000aa" as const;
const B = "0x00000000000000000000000000000000000000bb" as const;
/** Short enough to expire within a test, long enough for a loaded machine to renew a lease in time. */
const SHORT = 400;

async function expectLost(check: Promise<void>): Promise<void> {
  expect(await check.catch((error: unknown) => error)).to.be.instanceOf(LeaseLostError);
}

describeEngines("Relayer store: leases and record claims of several processes", function (engine) {
  this.timeout(60_000);
  let location: StoreLocation;
  /** Two processes' handles on one store. */
  let one: Store;
  let two: Store;

  beforeEach(async function () {
    location = await engine.fresh();
    one = await engine.open(location, { processName: "one" });
    two = await engine.open(location, { processName: "two" });
  });
  afterEach(async function () {
    await Promise.all([one.close(), two.close()]);
  });

  it("a lease has one holder; a takeover after expiry raises the generation and fences the old holder off", async function () {
    expect(one.holder).to.match(/^one:/);
    expect(await one.acquireLease("account:bttc:0xaa", 60_000)).to.equal(1);
    if (engine.name === "sqlite") {
      // One process per file (its lock file): another holder can only be a process that died.
      expect(await two.acquireLease("account:bttc:0xaa", 60_000), "taken over at once").to.equal(2);
      await expectLost(one.checkLease("account:bttc:0xaa", 1));
      return;
    }
    expect(await two.acquireLease("account:bttc:0xaa", 60_000), "held by one").to.equal(undefined);
    expect(await one.acquireLease("account:bttc:0xaa", SHORT), "renewed: same generation").to.equal(1);
    await one.checkLease("account:bttc:0xaa", 1);
    const taken = await waitFor("the lease to expire and be taken over", () =>
      two.acquireLease("account:bttc:0xaa", 60_000),
    );
    expect(taken).to.equal(2);
    const refused = await one.checkLease("account:bttc:0xaa", 1).catch((error: unknown) => error);
    expect(refused).to.be.instanceOf(LeaseLostError);
    expect((refused as Error).message).to.include("no longer holds the lease account:bttc:0xaa");
    expect(await one.acquireLease("account:bttc:0xaa", 60_000), "live under two").to.equal(undefined);
    // A released lease is free at once, and its generation only grows.
    await two.releaseLease("account:bttc:0xaa");
    expect(await one.acquireLease("account:bttc:0xaa", 60_000)).to.equal(3);
    const [lease] = await one.leases();
    expect(lease).to.include({ name: "account:bttc:0xaa", holder: one.holder, generation: 3 });
  });

  it("a stale holder's signed attempt is refused inside the transaction, and nothing of it is written", async function () {
    await one.syncNonce("bttc", A, 0);
    await one.insertRecord("payout", "r1", "queued", {});
    const [tx] = await one.applyUpdates([
      {
        duty: "payout",
        id: "r1",
        fromState: "queued",
        state: "submitted",
        data: {},
        error: null,
        txs: [{ chain: "bttc", sender: A, useNonce: true, to: B, data: "0x", value: 0n, gas: 21_000n, gasPrice: 1n }],
      },
    ]);
    expect(tx!.nonce).to.equal(0);
    const lease = `account:bttc:${A}`;
    expect(await one.acquireLease(lease, SHORT)).to.equal(1);
    await waitFor("two to take the account over", () => two.acquireLease(lease, 60_000));
    const attempt = { hash: `0x${"11".repeat(32)}`, raw: "0x02aa", gasPrice: 2n } as const;
    const refused = await one
      .atomically(async () => {
        await one.checkLease(lease, 1);
        await one.recordAttempt(tx!.id, attempt, false);
      })
      .catch((error: unknown) => error);
    expect(refused).to.be.instanceOf(LeaseLostError);
    expect(await two.attemptsOf(tx!.id)).to.deep.equal([]);
    expect((await two.getTx(tx!.id))!.status).to.equal("intended");
    // The holder's own write goes through, signed in its name.
    await two.atomically(async () => {
      await two.checkLease(lease, 2);
      await two.recordAttempt(tx!.id, attempt, false);
    });
    const rows = await engine.query(location, "SELECT signed_by FROM tx_attempts WHERE tx_id = ?", [tx!.id]);
    expect(rows.map((r) => r.signed_by)).to.deep.equal([two.holder]);
    const created = await engine.query(location, "SELECT created_by FROM txs WHERE id = ?", [tx!.id]);
    expect(created[0]!.created_by).to.equal(one.holder);
  });

  it("processes claim different records; an expired claim is taken over and the old claimer's decision refused", async function () {
    for (let i = 0; i < 10; i++) await one.insertRecord("payout", `r${i}`, "queued", { i });
    await one.insertRecord("payout", "done", "paid", {});
    if (engine.name === "sqlite") {
      // One process per file: a claim of another holder is a dead process's, taken over at once.
      const mine = await one.claimRecords("payout", ["paid"], 4, 60_000);
      const all = await two.claimRecords("payout", ["paid"], 10, 60_000);
      expect(all).to.have.length(10);
      for (const record of mine)
        expect(all.find((r) => r.id === record.id)!.claimGeneration).to.equal(record.claimGeneration + 1);
      const stale = mine.map((r) => ({ id: r.id, generation: r.claimGeneration }));
      expect([...(await one.atomically(() => one.fenceClaims("payout", stale)))]).to.deep.equal([]);
      return;
    }
    const [a, b] = await Promise.all([
      one.claimRecords("payout", ["paid"], 4, 60_000),
      two.claimRecords("payout", ["paid"], 4, 60_000),
    ]);
    const ids = [...a, ...b].map((r) => r.id);
    expect(ids).to.have.length(8);
    expect(new Set(ids).size, "no record claimed twice").to.equal(8);
    // one claims again: its own records (renewed, now short) and the two nobody held, never two's.
    const rest = await one.claimRecords("payout", ["paid"], 10, SHORT);
    expect(rest.map((r) => r.id).sort()).to.deep.equal(
      ["r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9"].filter((id) => !b.some((r) => r.id === id)).sort(),
    );
    // one's short claims expire; two takes them over at a higher generation.
    // (two's own claims come back to it each time; one's come too once expired)
    const all = await waitFor("the claims to expire", async () => {
      const got = await two.claimRecords("payout", ["paid"], 10, 60_000);
      return got.length === 10 ? got : undefined;
    });
    const taken = all.filter((r) => rest.some((s) => s.id === r.id));
    expect(taken).to.have.length(rest.length);
    for (const record of taken)
      expect(record.claimGeneration).to.equal(rest.find((r) => r.id === record.id)!.claimGeneration + 1);
    const stale = rest.map((r) => ({ id: r.id, generation: r.claimGeneration }));
    expect([...(await one.atomically(() => one.fenceClaims("payout", stale)))]).to.deep.equal([]);
    const fresh = taken.map((r) => ({ id: r.id, generation: r.claimGeneration }));
    expect([...(await two.atomically(() => two.fenceClaims("payout", fresh)))].sort()).to.deep.equal(
      fresh.map((c) => c.id).sort(),
    );
    expect(await one.claimsByHolder()).to.deep.include({ holder: two.holder, duty: "payout", count: 10 });
    // Released claims are free for anyone at once.
    await two.releaseClaims(
      "payout",
      taken.map((r) => r.id),
    );
    expect((await one.claimRecords("payout", ["paid"], 10, 60_000)).map((r) => r.id).sort()).to.deep.equal(
      taken.map((r) => r.id).sort(),
    );
  });
});
