import { join } from "node:path";

import { expect } from "chai";
import Database from "better-sqlite3";

import { StoreError } from "../../relayer/src/errors.ts";
import { migrations } from "../../relayer/src/store/migrations.ts";
import { SqliteStore } from "../../relayer/src/store/SqliteStore.ts";
import type { NewTx } from "../../relayer/src/store/types.ts";
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

describe("Relayer store (SQLite)", function () {
  let path: string;
  let store: SqliteStore;

  beforeEach(function () {
    path = join(tempDir(), "relayer.db");
    store = new SqliteStore(path);
  });
  afterEach(function () {
    store.close();
  });

  it("runs in WAL mode with synchronous=FULL and records applied migrations", function () {
    expect(store.db.pragma("journal_mode", { simple: true })).to.equal("wal");
    expect(store.db.pragma("synchronous", { simple: true })).to.equal(2);
    expect(store.schemaVersion).to.equal(migrations[migrations.length - 1]!.version);
    store.close();
    store = new SqliteStore(path); // re-opening applies nothing twice
    expect(store.db.prepare("SELECT COUNT(*) AS n FROM schema_migrations").get()).to.deep.equal({
      n: migrations.length,
    });
  });

  it("refuses a database written by a newer relayer", function () {
    store.db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)").run();
    store.close();
    expect(() => new SqliteStore(path)).to.throw(StoreError, "the relayer database was written by a newer relayer");
    expect(() => new SqliteStore(path, { readonly: true })).to.throw(StoreError, "newer relayer");
  });

  it("inserts a record once per (duty, id) and lists actionable ones oldest first", function () {
    expect(store.insertRecord("payout", "b", "queued", { n: 1 })).to.equal(true);
    expect(store.insertRecord("payout", "a", "queued", { n: 2 })).to.equal(true);
    expect(store.insertRecord("payout", "a", "queued", { n: 3 })).to.equal(false);
    expect(store.insertRecord("other", "a", "queued", {})).to.equal(true);
    expect(store.getRecord("payout", "a")?.data).to.deep.equal({ n: 2 });
    store.setRecordState("payout", "b", "queued", "paid", { n: 1 }, null);
    expect(store.actionableRecords("payout", ["paid"], 10).map((r) => r.id)).to.deep.equal(["a"]);
    expect(store.countRecordsByState("payout")).to.deep.equal([
      { duty: "payout", state: "paid", count: 1 },
      { duty: "payout", state: "queued", count: 1 },
    ]);
  });

  it("applies a decision and its transactions atomically, allocating consecutive nonces", function () {
    store.insertRecord("payout", "a", "queued", {});
    store.insertRecord("payout", "b", "queued", {});
    expect(() =>
      store.applyUpdates([
        { duty: "payout", id: "a", fromState: "queued", state: "submitted", data: {}, error: null, txs: [tx()] },
      ]),
    ).to.throw(StoreError, "no nonce is known");
    expect(store.getRecord("payout", "a")?.state).to.equal("queued"); // rolled back with the failed insert
    store.syncNonce("bttc", A, 7);
    const rows = store.applyUpdates([
      { duty: "payout", id: "a", fromState: "queued", state: "submitted", data: {}, error: null, txs: [tx()] },
      { duty: "payout", id: "b", fromState: "queued", state: "submitted", data: {}, error: null, txs: [tx(), tx()] },
      { duty: "payout", id: "b", fromState: "queued", state: "submitted", data: {}, error: null, txs: [tx()] }, // stale: skipped
    ]);
    expect(rows.map((r) => [r.recordId, r.nonce, r.status])).to.deep.equal([
      ["a", 7, "intended"],
      ["b", 8, "intended"],
      ["b", 9, "intended"],
    ]);
    expect(store.nextNonce("bttc", A)).to.equal(10);
    expect(store.getRecord("payout", "b")?.attempts).to.equal(1);
    // Records with transactions in flight are not actionable.
    expect(store.actionableRecords("payout", ["paid"], 10)).to.have.length(0);
    // syncNonce never lowers the counter (a node that lost its mempool must not cause reuse).
    expect(store.syncNonce("bttc", A, 3)).to.equal(10);
    expect(store.syncNonce("bttc", A, 12)).to.equal(12);
  });

  it("allows one live transaction per (chain, sender, nonce), and records every signed attempt", function () {
    store.insertRecord("payout", "a", "queued", {});
    store.syncNonce("bttc", A, 0);
    const [row] = store.applyUpdates([
      { duty: "payout", id: "a", fromState: "queued", state: "submitted", data: {}, error: null, txs: [tx()] },
    ]);
    const insert = () =>
      store.db
        .prepare(
          "INSERT INTO txs (duty, record_id, chain, sender, nonce, to_address, data, value, gas, status, created_at, updated_at) VALUES ('x','y','bttc',?,0,?,'0x','0','21000','intended',0,0)",
        )
        .run(A, B);
    expect(insert).to.throw(/UNIQUE constraint failed/);
    store.recordAttempt(row!.id, { hash: "0x01", raw: "0xaa", maxFeePerGas: 10n, maxPriorityFeePerGas: 1n }, false);
    store.recordAttempt(row!.id, { hash: "0x02", raw: "0xbb", maxFeePerGas: 13n, maxPriorityFeePerGas: 2n }, true);
    expect(store.attemptsOf(row!.id).map((a) => [a.hash, a.maxFeePerGas])).to.deep.equal([
      ["0x01", 10n],
      ["0x02", 13n],
    ]);
    const current = store.getTx(row!.id)!;
    expect([current.status, current.hash, current.raw, current.bumps, current.maxFeePerGas]).to.deep.equal([
      "signed",
      "0x02",
      "0xbb",
      1,
      13n,
    ]);
    // The first attempt is the one mined: the row takes its hash and bytes.
    store.markMined(row!.id, { hash: "0x01", blockNumber: 5, blockHash: "0xb5", success: true });
    expect(store.getTx(row!.id)).to.include({ status: "mined", hash: "0x01", raw: "0xaa", blockNumber: 5 });
    store.markUnmined(row!.id, "reorg");
    expect(store.getTx(row!.id)).to.include({ status: "signed", blockNumber: null, error: "reorg" });
    store.markDropped(row!.id, "foreign");
    expect(insert).to.not.throw(); // a dropped row frees nothing on chain, but no longer blocks the index
  });

  it("keeps cursors per (chain, watcher)", function () {
    expect(store.getCursor("bttc", "deposits")).to.equal(undefined);
    store.setCursor("bttc", "deposits", 10, "0xaa");
    store.setCursor("bttc", "deposits", 12, "0xbb");
    store.setCursor("tron", "deposits", 3, null);
    expect(store.getCursor("bttc", "deposits")).to.deep.equal({ block: 12, blockHash: "0xbb" });
    expect(store.getCursor("tron", "deposits")).to.deep.equal({ block: 3, blockHash: null });
  });

  it("a read-only view sees the writer's committed rows while it runs (WAL)", function () {
    store.insertRecord("payout", "a", "queued", {});
    const reader = new Database(path, { readonly: true });
    expect(reader.prepare("SELECT COUNT(*) AS n FROM duty_records").get()).to.deep.equal({ n: 1 });
    reader.close();
  });
});
