/**
 * The lease keeper of several processes on one PostgreSQL database: processes with the same keys
 * share the leases fairly, and a lease only one process wants (a key no other process has) is
 * still held, by that process beyond its share, rather than left unheld with its transactions
 * recorded and never sent.
 */
import { expect } from "chai";

import { createLogger } from "../../relayer/src/observability/log.ts";
import { LeaseKeeper, ORPHAN_ROUNDS } from "../../relayer/src/runtime/leases.ts";
import { openStore } from "../../relayer/src/store/open.ts";
import type { Store } from "../../relayer/src/store/Store.ts";
import { startPostgres, type ThrowawayPostgres } from "../../devnet/postgres.ts";

const TTL = 60_000;
const accounts = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `account:bttc:${prefix}${i}`);

describe("Relayer lease keeper: fair shares, and no wanted lease left unheld", function () {
  this.timeout(120_000);
  let server: ThrowawayPostgres;
  const stores: Store[] = [];

  before(async function () {
    server = await startPostgres();
  });
  after(async function () {
    await Promise.all(stores.map((store) => store.close()));
    await server?.stop();
  });

  async function processes(url: string, wants: readonly (readonly string[])[]): Promise<LeaseKeeper[]> {
    const keepers: LeaseKeeper[] = [];
    for (const [i, names] of wants.entries()) {
      const store = await openStore({ engine: "postgres", url }, { processName: `p${i}` });
      stores.push(store);
      const keeper = new LeaseKeeper({ store, ttlMs: TTL, log: createLogger("silent") });
      for (const name of names) keeper.want(name);
      keepers.push(keeper);
    }
    return keepers;
  }

  /** One renewal round of every process, in turn (what their timers do). */
  async function rounds(keepers: readonly LeaseKeeper[], n: number): Promise<void> {
    for (let round = 0; round < n; round++) for (const keeper of keepers) await keeper.renew();
  }

  const held = (keeper: LeaseKeeper, names: readonly string[]) =>
    names.filter((name) => keeper.generation(name) !== undefined);

  it("the same keys everywhere: each of three processes holds a share, every lease held once", async function () {
    const names = accounts("s", 6);
    const keepers = await processes(await server.createDatabase("keeper"), [names, names, names]);
    await rounds(keepers, ORPHAN_ROUNDS + 3);
    const counts = keepers.map((keeper) => held(keeper, names).length);
    expect(counts, "two each").to.deep.equal([2, 2, 2]);
    for (const name of names)
      expect(keepers.filter((keeper) => keeper.generation(name) !== undefined)).to.have.length(1);
  });

  it("a key only one process has: its leases are held by that process beyond its share, not left unheld", async function () {
    const own = accounts("own", 4);
    const shared = accounts("sh", 3);
    const keepers = await processes(await server.createDatabase("keeper"), [[...own, ...shared], shared, shared]);
    // The first process starts alone and holds all seven; as the others count as live it hands over
    // one per round (down to its share of 3), and takes back, beyond its share, what no one took.
    const settled = () =>
      held(first!, own).length === own.length &&
      shared.every((name) => keepers.filter((keeper) => keeper.generation(name) !== undefined).length === 1) &&
      keepers.slice(1).every((keeper) => held(keeper, shared).length > 0);
    const [first] = keepers;
    // Settled for a lease term in a row (a lease handed over is free for up to ORPHAN_ROUNDS rounds).
    let n = 0;
    for (let calm = 0; n < 10 * ORPHAN_ROUNDS && calm <= ORPHAN_ROUNDS; n++) {
      await rounds(keepers, 1);
      calm = settled() ? calm + 1 : 0;
    }
    expect(held(first!, own), `every lease of the key only the first process has (after ${n} rounds)`).to.deep.equal(
      own,
    );
    for (const name of shared)
      expect(
        keepers.filter((keeper) => keeper.generation(name) !== undefined),
        name,
      ).to.have.length(1);
    // Kept: the share rule hands none of them over in later rounds.
    await rounds(keepers, 3);
    expect(held(first!, own)).to.deep.equal(own);
  });
});
