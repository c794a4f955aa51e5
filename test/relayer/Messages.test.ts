import { expect } from "chai";

import { erc20Abi, type Address } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import type { RelayerHandle } from "../../relayer/src/Relayer.ts";
import {
  deployBridgeNetwork,
  depositMany,
  fundedUser,
  inboxEvents,
  withdrawMany,
  writeMessagesConfig,
  type BridgeNetwork,
} from "./support/bridge.ts";
import { describeEngines } from "./support/engines.ts";
import { waitFor } from "./support/fixture.ts";
import { sharedNode, type HardhatNode } from "./support/node.ts";
import { startInProcess } from "./support/relayer.ts";

const newAddress = (): Address => privateKeyToAccount(generatePrivateKey()).address;

describeEngines("Relayer message executor: deposits from two roots, withdrawals for opted-in users", function (engine) {
  this.timeout(180_000);
  let nodes: HardhatNode[];
  let net: BridgeNetwork;
  let relayer: RelayerHandle | undefined;

  before(async function () {
    nodes = await Promise.all([sharedNode(199), sharedNode(1), sharedNode(56)]);
    net = await deployBridgeNetwork(nodes[0]!, nodes.slice(1));
  });
  afterEach(async function () {
    await net.checkpointer.stop();
    await relayer?.stop("test done");
    relayer = undefined;
  });

  it("executes every deposit on BTTC once, and withdrawals on the roots only for opted-in recipients", async function () {
    const executor = await fundedUser(nodes);
    const user = await fundedUser(nodes);
    const alice = newAddress();
    const optedIn = newAddress();
    const notOptedIn = newAddress();
    const child = net.child;
    const deposits = await Promise.all(net.roots.map((root) => depositMany(root, user, [alice, user.address], 6)));

    const config = writeMessagesConfig({ net, key: executor.key, withdrawals: { recipients: [optedIn] } });
    const location = await engine.fresh();
    relayer = await startInProcess(config, engine.env(location), "warn");
    net.checkpointer.start(150);
    for (const root of net.roots)
      await waitFor(
        `deposits from ${root.node.chainId}`,
        async () => (await inboxEvents(child, root.node.chainId)).executed.length === 7,
        60_000,
        200,
      );
    for (const [r, root] of net.roots.entries()) {
      const events = await inboxEvents(child, root.node.chainId);
      expect(new Set(events.executed.map(String)).size, "each nonce once").to.equal(7);
      expect(events.failed).to.deep.equal([]);
      const amounts = deposits[r]!;
      const toAlice = amounts.filter((_, i) => i % 2 === 0).reduce((a, b) => a + b, 0n);
      const toUser = amounts.filter((_, i) => i % 2 === 1).reduce((a, b) => a + b, 0n);
      expect(
        await child.client.readContract({
          address: root.childToken,
          abi: erc20Abi,
          functionName: "balanceOf",
          args: [alice],
        }),
      ).to.equal(toAlice);
      expect(
        await child.client.readContract({
          address: root.childToken,
          abi: erc20Abi,
          functionName: "balanceOf",
          args: [user.address],
        }),
      ).to.equal(toUser);
    }

    // Withdrawals: 3 to the opted-in recipient, 3 to another one, interleaved, from each root's child token.
    const withdrawals = [];
    for (const root of net.roots) withdrawals.push(await withdrawMany(child, root, user, [optedIn, notOptedIn], 6));
    for (const [r, root] of net.roots.entries()) {
      const expected = withdrawals[r]!.filter((_, i) => i % 2 === 0).reduce((a, b) => a + b, 0n);
      await waitFor(
        `withdrawals on ${root.node.chainId}`,
        async () =>
          (await root.client.readContract({
            address: root.token,
            abi: erc20Abi,
            functionName: "balanceOf",
            args: [optedIn],
          })) === expected,
        60_000,
        200,
      );
    }
    // Give the relayer time to (wrongly) execute the others, then check it did not.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const root of net.roots) {
      expect(
        await root.client.readContract({
          address: root.token,
          abi: erc20Abi,
          functionName: "balanceOf",
          args: [notOptedIn],
        }),
      ).to.equal(0n);
      const events = await inboxEvents(root, child.node.chainId);
      expect(events.executed.map(Number).sort((a, b) => a - b)).to.deep.equal([0, 2, 4]);
    }
    const store = relayer.store;
    const states = Object.fromEntries((await store.countRecordsByState("messages")).map((r) => [r.state, r.count]));
    // 2 mappings executed by the test, 12 deposits and 6 withdrawals by the relayer, 6 skipped.
    expect(states).to.deep.equal({ executed: 18, executedElsewhere: 2, skipped: 6 });
    const txs = await engine.query(
      location,
      "SELECT status, success, COUNT(*) AS n FROM txs WHERE duty = 'messages' GROUP BY status, success",
    );
    expect(txs.map((t) => [t.status, Number(t.success), Number(t.n)])).to.deep.equal([["confirmed", 1, 18]]);
  });
});
