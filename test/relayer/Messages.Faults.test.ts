import { expect } from "chai";

import { SqliteStore } from "../../relayer/src/store/SqliteStore.ts";
import { erc20Abi, type Address } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { childBridgeAbi } from "../../sdk/src/bridge/index.ts";
import {
  deployBridgeNetwork,
  depositMany,
  fundedUser,
  inboxEvents,
  send,
  writeMessagesConfig,
  type BridgeNetwork,
  type RootSide,
} from "./support/bridge.ts";
import { waitFor } from "./support/fixture.ts";
import { sharedNode, type HardhatNode } from "./support/node.ts";
import { startInProcess, type StartedRelayer } from "./support/relayer.ts";

const newAddress = (): Address => privateKeyToAccount(generatePrivateKey()).address;

describe("Relayer message executor: faults", function () {
  this.timeout(120_000);
  let nodes: HardhatNode[];
  let net: BridgeNetwork;
  let relayer: StartedRelayer | undefined;

  before(async function () {
    nodes = await Promise.all([sharedNode(199), sharedNode(1), sharedNode(56)]);
    net = await deployBridgeNetwork(nodes[0]!, nodes.slice(1));
  });
  afterEach(async function () {
    for (const node of nodes) {
      node.resume();
      await node.rpc("evm_setAutomine", [true]);
    }
    await net.checkpointer.stop();
    net.checkpointer.paused.clear();
    await relayer?.stop("test done");
    relayer = undefined;
  });

  const balance = (root: RootSide, who: Address) =>
    net.child.client.readContract({ address: root.childToken, abi: erc20Abi, functionName: "balanceOf", args: [who] });
  const executedFrom = async (root: RootSide) => (await inboxEvents(net.child, root.node.chainId)).executed;

  it("keeps going when the destination node stops answering and comes back (SIGSTOP)", async function () {
    const root = net.roots[0]!;
    const [executor, user] = [await fundedUser(nodes), await fundedUser(nodes)];
    const recipient = newAddress();
    const before = (await executedFrom(root)).length;
    const amounts = await depositMany(root, user, [recipient], 20);
    await net.checkpointer.tick();
    relayer = await startInProcess(writeMessagesConfig({ net, key: executor.key }), {}, "warn");
    await waitFor(
      "a first execution",
      async () =>
        (await relayer!.store.countRecordsByState("messages")).some(
          (r) => r.state === "submitted" || r.state === "executed",
        ),
      30_000,
      5,
    );
    net.child.node.pause();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    net.child.node.resume();
    await waitFor("all executed", async () => (await executedFrom(root)).length === before + 20, 60_000, 200);
    await waitFor(
      "all records settled",
      async () =>
        (await relayer!.store.countRecordsByState("messages")).find((r) => r.state === "executed")?.count === 20,
      30_000,
      50,
    );
    expect(await balance(root, recipient)).to.equal(amounts.reduce((a, b) => a + b, 0n));
    const nonces = (await executedFrom(root)).map(String);
    expect(new Set(nonces).size).to.equal(nonces.length);
    const confirmed = (relayer.store as SqliteStore).db
      .prepare("SELECT COUNT(*) AS n FROM txs WHERE duty = 'messages' AND status = 'confirmed' AND success = 1")
      .get() as { n: number };
    const rows = (relayer.store as SqliteStore).db
      .prepare("SELECT record_id, status, success, error FROM txs WHERE duty = 'messages'")
      .all();
    expect(confirmed.n, JSON.stringify([rows, await relayer.store.countRecordsByState("messages")])).to.equal(20);
    expect(await relayer.store.pendingTxs()).to.have.length(0);
  });

  it("re-sends an execution whose transaction was dropped from the mempool, and executes it once", async function () {
    const root = net.roots[1]!;
    const [executor, user] = [await fundedUser(nodes), await fundedUser(nodes)];
    const recipient = newAddress();
    const before = (await executedFrom(root)).length;
    const [amount] = await depositMany(root, user, [recipient], 1);
    await net.checkpointer.tick();
    const bttc = net.child.node;
    await bttc.rpc("evm_setAutomine", [false]);
    relayer = await startInProcess(writeMessagesConfig({ net, key: executor.key }), {}, "warn");
    const sent = await waitFor(
      "the execution sent",
      async () => (await relayer!.store.pendingTxs()).find((tx) => tx.status === "sent"),
      30_000,
      20,
    );
    expect(await bttc.rpc("hardhat_dropTransaction", [sent.hash])).to.equal(true);
    await bttc.rpc("evm_mine");
    // stuckAfterMs is 3 s in the test config: the executor re-sends (fees bumped, same nonce).
    await waitFor(
      "a replacement in the mempool",
      async () =>
        (await bttc.rpc<{ transactions: string[] }>("eth_getBlockByNumber", ["pending", false])).transactions.length > 0
          ? true
          : undefined,
      30_000,
      100,
    );
    await bttc.rpc("evm_mine");
    await bttc.rpc("evm_setAutomine", [true]);
    await waitFor("executed", async () => (await executedFrom(root)).length === before + 1, 30_000, 100);
    expect(await balance(root, recipient)).to.equal(amount);
    await waitFor(
      "the record settled",
      async () => (await relayer!.store.countRecordsByState("messages")).some((r) => r.state === "executed"),
      30_000,
      50,
    );
    const rows = (relayer.store as SqliteStore).db
      .prepare("SELECT status, success, bumps FROM txs WHERE duty = 'messages'")
      .all() as {
      status: string;
      success: number;
      bumps: number;
    }[];
    expect(rows).to.have.length(1);
    expect(rows[0]).to.include({ status: "confirmed", success: 1 });
    expect(rows[0]!.bumps).to.be.at.least(1);
  });

  it("never executes a deposit whose block was reorganised away, before or after the relayer's confirmation depth", async function () {
    const root = net.roots[0]!;
    const eth = root.node;
    const [executor, user] = [await fundedUser(nodes), await fundedUser(nodes)];
    const [gone1, gone2, kept] = [newAddress(), newAddress(), newAddress()];
    const route = net.checkpointer.routes.find((r) => r.from.node === root.node && r.to.node === net.child.node)!;
    net.checkpointer.paused.add(route);
    await depositMany(root, user, [user.address], 1); // mint and approve outside the reorganised blocks
    const before = (await executedFrom(root)).length;
    relayer = await startInProcess(
      writeMessagesConfig({ net, key: executor.key, confirmations: { ethereum: 3 } }),
      {},
      "warn",
    );

    // 1. Reorg before confirmation: the deposit is one block deep (depth 3 needed), then reverted.
    let snapshot = await eth.rpc<string>("evm_snapshot");
    await depositMany(root, user, [gone1], 1, 7n);
    await eth.rpc("hardhat_mine", ["0x1"]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const recordsBefore = (await relayer.store.countRecordsByState("messages")).reduce((a, r) => a + r.count, 0);
    expect(await eth.rpc("evm_revert", [snapshot])).to.equal(true);

    // 2. Reorg after confirmation: the deposit is recorded (depth reached) but not checkpointed yet.
    snapshot = await eth.rpc<string>("evm_snapshot");
    await depositMany(root, user, [gone2], 1, 8n);
    await eth.rpc("hardhat_mine", ["0x2"]);
    await waitFor(
      "the deposit recorded",
      async () =>
        (await relayer!.store.countRecordsByState("messages")).reduce((a, r) => a + r.count, 0) > recordsBefore,
      30_000,
      20,
    );
    expect(await eth.rpc("evm_revert", [snapshot])).to.equal(true);
    await eth.rpc("hardhat_mine", ["0x4"]);
    // The recorded message's block is gone: the record is orphaned, never executed.
    await waitFor(
      "the record orphaned",
      async () => (await relayer!.store.countRecordsByState("messages")).some((r) => r.state === "orphaned"),
      30_000,
      20,
    );

    // The canonical chain goes on with another deposit at the same Outbox nonce: it replaces the orphan.
    await depositMany(root, user, [kept], 1, 9n);
    await eth.rpc("hardhat_mine", ["0x4"]);
    net.checkpointer.paused.delete(route);
    net.checkpointer.confirmations.set(route, 3);
    net.checkpointer.start(100);
    await waitFor("the canonical deposit executed", async () => (await balance(root, kept)) === 9n, 60_000, 100);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await balance(root, gone1)).to.equal(0n);
    expect(await balance(root, gone2)).to.equal(0n);
    expect(
      (await relayer.store.countRecordsByState("messages")).some((r) => r.state === "orphaned"),
      "the orphan was replaced by the canonical message",
    ).to.equal(false);
    // The set-up deposit and the canonical one; nothing else.
    expect((await executedFrom(root)).length).to.equal(before + 2);
    const rows = (relayer.store as SqliteStore).db
      .prepare("SELECT COUNT(*) AS n FROM txs WHERE duty = 'messages'")
      .get() as {
      n: number;
    };
    expect(rows.n).to.equal(2);
    net.checkpointer.confirmations.delete(route);
  });

  it("retries a deposit the receiver refused (MessageFailed) with a pause, at most maxFailedExecutions times", async function () {
    const root = net.roots[1]!;
    const [executor, user] = [await fundedUser(nodes), await fundedUser(nodes)];
    const [later, never] = [newAddress(), newAddress()];
    const pause = (fn: "pause" | "unpause") =>
      send(net.child.node, { address: net.child.bridge, abi: childBridgeAbi, functionName: fn });
    const failedFrom = async () => (await inboxEvents(net.child, root.node.chainId)).failed;
    const before = (await failedFrom()).length;
    await pause("pause"); // the ChildBridge refuses deliveries: the Inbox records MessageFailed
    try {
      await depositMany(root, user, [later], 1, 11n);
      await net.checkpointer.tick();
      relayer = await startInProcess(
        writeMessagesConfig({ net, key: executor.key, messages: { maxFailedExecutions: 3, retryDelayMs: 300 } }),
        {},
        "warn",
      );
      await waitFor("a failed execution", async () => (await failedFrom()).length === before + 1, 30_000, 50);
      await waitFor(
        "retrying",
        async () => (await relayer!.store.countRecordsByState("messages")).some((r) => r.state === "retrying"),
        30_000,
        20,
      );
      await pause("unpause");
      await waitFor("executed on retry", async () => (await balance(root, later)) === 11n, 30_000, 50);
      await waitFor(
        "the record settled",
        async () => (await relayer!.store.countRecordsByState("messages")).some((r) => r.state === "executed"),
        30_000,
        20,
      );

      // Still paused for the next one: three refused executions, then the record fails for good.
      await pause("pause");
      await depositMany(root, user, [never], 1, 12n);
      await net.checkpointer.tick();
      await waitFor(
        "failed for good",
        async () => (await relayer!.store.countRecordsByState("messages")).some((r) => r.state === "failed"),
        30_000,
        50,
      );
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect((await failedFrom()).length).to.equal(before + 1 + 3);
      expect(await balance(root, never)).to.equal(0n);
      const failed = (relayer.store as SqliteStore).db
        .prepare("SELECT error, data FROM duty_records WHERE duty = 'messages' AND state = 'failed'")
        .get() as { error: string; data: string };
      expect(failed.error).to.match(/receiver refused the message \(3 of 3 executions failed\)/);
      expect(JSON.parse(failed.data).failures).to.equal(3);
    } finally {
      await pause("unpause").catch(() => undefined);
    }
  });
});
