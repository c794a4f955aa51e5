import { join } from "node:path";

import { expect } from "chai";
import Database from "better-sqlite3";

import { StoreError } from "../../relayer/src/errors.ts";
import { migrations } from "../../relayer/src/store/migrations.ts";
import type { StoreLocation } from "../../relayer/src/store/open.ts";
import { SqliteStore } from "../../relayer/src/store/SqliteStore.ts";
import type { Store } from "../../relayer/src/store/Store.ts";
import type { NewTx } from "../../relayer/src/store/types.ts";
import { describeEngines } from "./support/engines.ts";
import { tempDir } from "./support/fixture.ts";

const A = "0x00000000000000000000000000000000000000aa" as const;
const B = "0x00000000000000000000000000000000000000bb" as const;

function tx(over: Partial<NewTx> = {}): NewTx {
  return {
    chain: "bttc",
    sender: A,
    useNonce: true,
    to: B,
    data: "0x",
    value: 0n,
    gas: 21_000n,
    maxFeePerGas: 10n,
    maxPriorityFeePerGas: 1n,
    ...over,
  };
}

describeEngines("Relayer store", function (engine) {
  let location: StoreLocation;
  let store: Store;

  beforeEach(async function () {
    location = await engine.fresh();
    store = await engine.open(location);
  });
  afterEach(async function () {
    await store.close();
  });

  const insertLiveNonce0 = () =>
    engine.query(
      location,
      "INSERT INTO txs (duty, record_id, chain, sender, nonce, to_address, data, value, gas, status, created_at, updated_at) VALUES ('x','y','bttc',?,0,?,'0x','0','21000','intended',0,0)",
      [A, B],
    );

  it("records applied migrations once and refuses a database written by a newer relayer", async function () {
    expect(await store.schemaVersion()).to.equal(migrations[migrations.length - 1]!.version);
    expect(store.engine).to.equal(engine.name);
    await store.close();
    store = await engine.open(location); // re-opening applies nothing twice
    expect((await engine.query(location, "SELECT COUNT(*) AS n FROM schema_migrations"))[0]).to.deep.include({
      n: engine.name === "sqlite" ? migrations.length : String(migrations.length),
    });
    await engine.query(location, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)");
    await store.close();
    const refused = await engine.open(location).then(
      (opened) => opened.close().then(() => undefined),
      (error: unknown) => error,
    );
    expect(refused).to.be.instanceOf(StoreError);
    expect((refused as Error).message).to.include("the relayer database was written by a newer relayer");
    store = await engine.open(await engine.fresh());
  });

  it("inserts a record once per (duty, id) and lists actionable ones oldest first", async function () {
    expect(await store.insertRecord("payout", "b", "queued", { n: 1 })).to.equal(true);
    expect(await store.insertRecord("payout", "a", "queued", { n: 2 })).to.equal(true);
    expect(await store.insertRecord("payout", "a", "queued", { n: 3 })).to.equal(false);
    expect(await store.insertRecord("other", "a", "queued", {})).to.equal(true);
    expect((await store.getRecord("payout", "a"))?.data).to.deep.equal({ n: 2 });
    await store.setRecordState("payout", "b", "queued", "paid", { n: 1 }, null);
    expect((await store.actionableRecords("payout", ["paid"], 10)).map((r) => r.id)).to.deep.equal(["a"]);
    expect(await store.countRecordsByState("payout")).to.deep.equal([
      { duty: "payout", state: "paid", count: 1 },
      { duty: "payout", state: "queued", count: 1 },
    ]);
  });

  it("finds records by id prefix with LIKE's wildcards taken literally", async function () {
    await store.insertRecord("d", "1_2:a", "open", {});
    await store.insertRecord("d", "1x2:b", "open", {});
    await store.insertRecord("d", "1%2:c", "done", {});
    expect((await store.recordsWithPrefix("d", "1_2:")).map((r) => r.id)).to.deep.equal(["1_2:a"]);
    expect(await store.countRecordsWithPrefix("d", "1%")).to.equal(1);
    expect(await store.hasOpenRecord("d", "1%", ["done"])).to.equal(false);
    expect(await store.hasOpenRecord("d", "1x", ["done"])).to.equal(true);
    expect((await store.recordsInState("d", "open", "1")).map((r) => r.id)).to.have.members(["1_2:a", "1x2:b"]);
    expect(await store.oldestOpenCreatedAt("d", "1%", ["done"])).to.equal(undefined);
    expect(await store.latestCreatedAt("d", "1%")).to.be.a("number");
  });

  it("applies a decision and its transactions atomically, allocating consecutive nonces", async function () {
    await store.insertRecord("payout", "a", "queued", {});
    await store.insertRecord("payout", "b", "queued", {});
    const refused = await store
      .applyUpdates([
        { duty: "payout", id: "a", fromState: "queued", state: "submitted", data: {}, error: null, txs: [tx()] },
      ])
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refused).to.be.instanceOf(StoreError);
    expect((refused as Error).message).to.include("no nonce is known");
    expect((await store.getRecord("payout", "a"))?.state).to.equal("queued"); // rolled back with the failed insert
    await store.syncNonce("bttc", A, 7);
    const rows = await store.applyUpdates([
      { duty: "payout", id: "a", fromState: "queued", state: "submitted", data: {}, error: null, txs: [tx()] },
      { duty: "payout", id: "b", fromState: "queued", state: "submitted", data: {}, error: null, txs: [tx(), tx()] },
      { duty: "payout", id: "b", fromState: "queued", state: "submitted", data: {}, error: null, txs: [tx()] }, // stale: skipped
    ]);
    expect(rows.map((r) => [r.recordId, r.nonce, r.status])).to.deep.equal([
      ["a", 7, "intended"],
      ["b", 8, "intended"],
      ["b", 9, "intended"],
    ]);
    expect(rows[0]).to.include({ value: 0n, gas: 21_000n, maxFeePerGas: 10n, maxPriorityFeePerGas: 1n });
    expect(await store.nextNonce("bttc", A)).to.equal(10);
    expect((await store.getRecord("payout", "b"))?.attempts).to.equal(1);
    // Records with transactions in flight are not actionable.
    expect(await store.actionableRecords("payout", ["paid"], 10)).to.have.length(0);
    expect((await store.openTxs("bttc")).map((r) => r.nonce)).to.deep.equal([7, 8, 9]);
    expect(await store.countTxsByStatus()).to.deep.equal([{ chain: "bttc", status: "intended", count: 3 }]);
    // syncNonce never lowers the counter (a node that lost its mempool must not cause reuse).
    expect(await store.syncNonce("bttc", A, 3)).to.equal(10);
    expect(await store.syncNonce("bttc", A, 12)).to.equal(12);
  });

  it("allocates distinct nonces to concurrent decisions", async function () {
    await store.syncNonce("bttc", A, 0);
    const ids = Array.from({ length: 20 }, (_, i) => `r${i}`);
    for (const id of ids) await store.insertRecord("payout", id, "queued", {});
    const rows = (
      await Promise.all(
        ids.map((id) =>
          store.applyUpdates([
            { duty: "payout", id, fromState: "queued", state: "submitted", data: {}, error: null, txs: [tx()] },
          ]),
        ),
      )
    ).flat();
    expect(rows.map((r) => r.nonce).sort((x, y) => x! - y!)).to.deep.equal(ids.map((_, i) => i));
  });

  it("allows one live transaction per (chain, sender, nonce), and records every signed attempt", async function () {
    await store.insertRecord("payout", "a", "queued", {});
    await store.syncNonce("bttc", A, 0);
    const [row] = await store.applyUpdates([
      { duty: "payout", id: "a", fromState: "queued", state: "submitted", data: {}, error: null, txs: [tx()] },
    ]);
    const duplicate = await insertLiveNonce0().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect((duplicate as Error | undefined)?.message).to.match(/UNIQUE constraint failed|duplicate key value/);
    await store.recordAttempts([
      { txId: row!.id, attempt: { hash: "0x01", raw: "0xaa", maxFeePerGas: 10n, maxPriorityFeePerGas: 1n } },
    ]);
    await store.recordAttempt(
      row!.id,
      { hash: "0x02", raw: "0xbb", maxFeePerGas: 13n, maxPriorityFeePerGas: 2n },
      true,
    );
    expect((await store.attemptsOf(row!.id)).map((a) => [a.hash, a.maxFeePerGas])).to.deep.equal([
      ["0x01", 10n],
      ["0x02", 13n],
    ]);
    const current = (await store.getTx(row!.id))!;
    expect([current.status, current.hash, current.raw, current.bumps, current.maxFeePerGas]).to.deep.equal([
      "signed",
      "0x02",
      "0xbb",
      1,
      13n,
    ]);
    await store.markSent([row!.id]);
    expect((await store.getTx(row!.id))?.status).to.equal("sent");
    // The first attempt is the one mined: the row takes its hash and bytes.
    await store.markMined(row!.id, { hash: "0x01", blockNumber: 5, blockHash: "0xb5", success: true });
    expect(await store.getTx(row!.id)).to.include({
      status: "mined",
      hash: "0x01",
      raw: "0xaa",
      blockNumber: 5,
      success: true,
    });
    await store.markUnmined(row!.id, "reorg");
    expect(await store.getTx(row!.id)).to.include({ status: "signed", blockNumber: null, error: "reorg" });
    await store.setTxError(row!.id, null);
    await store.markDropped(row!.id, "foreign");
    expect(await store.pendingTxs()).to.have.length(0);
    await insertLiveNonce0(); // a dropped row frees nothing on chain, but no longer blocks the index
    expect((await store.txsOfRecord("payout", "a")).map((t) => t.status)).to.deep.equal(["dropped"]);
  });

  it("keeps cursors per (chain, watcher) and a heartbeat", async function () {
    expect(await store.getCursor("bttc", "deposits")).to.equal(undefined);
    await store.setCursor("bttc", "deposits", 10, "0xaa");
    await store.setCursor("bttc", "deposits", 12, "0xbb");
    await store.setCursor("tron", "deposits", 3, null);
    expect(await store.getCursor("bttc", "deposits")).to.deep.equal({ block: 12, blockHash: "0xbb" });
    expect(await store.getCursor("tron", "deposits")).to.deep.equal({ block: 3, blockHash: null });
    await store.heartbeat(1);
    await store.heartbeat(2);
    expect((await engine.query(location, "SELECT at FROM heartbeat"))[0]?.at).to.be.oneOf([2, "2"]);
  });

  it("immediate transactions run one at a time: a read-check-write is never interleaved (the double-sign guard)", async function () {
    const claim = (content: string) =>
      store.atomically(
        async () => {
          const existing = await store.getRecord<string, { content: string }>("signer", "slot");
          await new Promise((resolve) => setTimeout(resolve, 20)); // the other claim runs meanwhile
          if (existing !== undefined) return existing.data.content;
          await store.insertRecord("signer", "slot", "signed", { content });
          return content;
        },
        { immediate: true },
      );
    const [a, b] = await Promise.all([claim("A"), claim("B")]);
    expect([a, b]).to.deep.equal(["A", "A"]); // the second saw the first's claim, never its own content
  });

  it("atomically: commits together, rolls back together, nests as a savepoint, and keeps other work out", async function () {
    await store.atomically(async () => {
      await store.insertRecord("t", "a", "s", {});
      await store.setCursor("c", "w", 1, null);
    });
    expect(await store.getRecord("t", "a")).to.not.equal(undefined);
    const failure = await store
      .atomically(async () => {
        await store.insertRecord("t", "b", "s", {});
        throw new Error("boom");
      })
      .catch((error: Error) => error.message);
    expect(failure).to.equal("boom");
    expect(await store.getRecord("t", "b")).to.equal(undefined);
    // A nested failure caught inside rolls back the inner part only.
    await store.atomically(async () => {
      await store.insertRecord("t", "c", "s", {});
      await store
        .atomically(async () => {
          await store.insertRecord("t", "d", "s", {});
          throw new Error("inner");
        })
        .catch(() => undefined);
    });
    expect(await store.getRecord("t", "c")).to.not.equal(undefined);
    expect(await store.getRecord("t", "d")).to.equal(undefined);
    // A write from outside the transaction (another async context) is not swept into its rollback.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const rolledBack = store
      .atomically(async () => {
        await store.insertRecord("t", "e", "s", {});
        await gate;
        throw new Error("late failure");
      })
      .catch(() => "rolled back");
    const outside = store.insertRecord("t", "f", "s", {});
    release();
    expect(await rolledBack).to.equal("rolled back");
    expect(await outside).to.equal(true);
    expect(await store.getRecord("t", "e")).to.equal(undefined);
    expect(await store.getRecord("t", "f")).to.not.equal(undefined);
  });
});

describe("Relayer store (SQLite specifics)", function () {
  let path: string;
  let store: SqliteStore;

  beforeEach(function () {
    path = join(tempDir(), "relayer.db");
    store = new SqliteStore(path);
  });
  afterEach(async function () {
    await store.close();
  });

  it("runs in WAL mode with synchronous=FULL", function () {
    expect(store.db.pragma("journal_mode", { simple: true })).to.equal("wal");
    expect(store.db.pragma("synchronous", { simple: true })).to.equal(2);
  });

  it("refuses a newer database read-only too", async function () {
    store.db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)").run();
    await store.close();
    expect(() => new SqliteStore(path, { readonly: true })).to.throw(StoreError, "newer relayer");
  });

  it("a read-only view sees the writer's committed rows while it runs (WAL)", async function () {
    await store.insertRecord("payout", "a", "queued", {});
    const reader = new Database(path, { readonly: true });
    expect(reader.prepare("SELECT COUNT(*) AS n FROM duty_records").get()).to.deep.equal({ n: 1 });
    reader.close();
  });
});
