import { expect } from "chai";
import { once } from "node:events";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeFunctionData, parseAbiItem, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { childBridgeAbi, inboxAbi, rootBridgeAbi } from "../../sdk/src/bridge/index.ts";
import { SqliteStore } from "../../relayer/src/store/SqliteStore.ts";
import type { FastFillData, FastFillState } from "../../relayer/src/duties/fastFills/FastFillDuty.ts";
import {
  deployBridgeNetwork,
  depositMany,
  fundedUser,
  inboxEvents,
  send,
  walletFor,
  writeMessagesConfig,
  type BridgeNetwork,
  type MessagesTestConfig,
  type RootSide,
} from "./support/bridge.ts";
import { balanceOf, mintAbi, waitFor } from "./support/fixture.ts";
import { sharedNode, type HardhatNode } from "./support/node.ts";
import { startInProcess, type StartedRelayer } from "./support/relayer.ts";
import { countInState, prng, spawnRelayer, withStore, stopChild } from "./support/spawn.ts";

const newAddress = (): Address => privateKeyToAccount(generatePrivateKey()).address;
const filledEvent = parseAbiItem(
  "event Filled(bytes32 indexed id, uint256 indexed nonce, address indexed filler, address rootToken, address recipient, uint256 amount, uint256 fastFee, uint256 deliveryFee)",
);

/** The messages config (deposits executed on BTTC, no withdrawal opted in) plus `duties.fastFills` on `root`. */
function writeFastFillsConfig(
  net: BridgeNetwork,
  root: RootSide,
  executorKey: Hex,
  fillerKey: Hex,
  token: Record<string, unknown>,
  withdrawers: Address[] = [],
): MessagesTestConfig {
  const config = writeMessagesConfig({ net, key: executorKey, withdrawals: { withdrawers } });
  const json = JSON.parse(readFileSync(config.file, "utf8")) as {
    keys: Record<string, unknown>;
    duties: Record<string, unknown>;
  };
  json.keys.filler = {};
  json.duties.fastFills = {
    chain: "ethereum",
    key: "filler",
    source: "bttc",
    intervalMs: 100,
    outbox: net.child.outbox,
    childBridge: net.child.bridge,
    rootBridge: root.bridge,
    fromBlock: net.child.fromBlock,
    confirmations: 2,
    tokens: [{ token: root.token, ...token }],
  };
  writeFileSync(config.file, JSON.stringify(json, null, 2));
  return { ...config, env: { ...config.env, BTT_RELAYER_KEY_FILLER: fillerKey } };
}

async function withdrawFast(
  net: BridgeNetwork,
  root: RootSide,
  user: { key: Hex },
  recipient: Address,
  amount: bigint,
  fastFee: bigint,
  deliveryFee = 0n,
): Promise<void> {
  const hash = await walletFor(net.child.node, user.key).writeContract({
    address: net.child.bridge,
    abi: childBridgeAbi,
    functionName: "withdrawWithFees",
    args: [root.childToken, BigInt(root.node.chainId), recipient, amount, fastFee, deliveryFee],
    gas: 400_000n,
  });
  await net.child.client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
}

async function fills(root: RootSide): Promise<{ nonce: bigint; filler: Address }[]> {
  const logs = await root.client.getLogs({ address: root.bridge, event: filledEvent, fromBlock: 0n });
  return logs.map((log) => ({ nonce: log.args.nonce!, filler: log.args.filler! }));
}

/** Messages BTTC -> root checkpointed on the root's Inbox. */
async function checkpointed(root: RootSide): Promise<bigint> {
  const state = await root.client.readContract({
    address: root.inbox,
    abi: inboxAbi,
    functionName: "sourceState",
    args: [199n],
  });
  return state.messageCount;
}

describe("Relayer fastFills: fast withdrawals fronted on the root chain", function () {
  this.timeout(180_000);
  let nodes: HardhatNode[];
  let net: BridgeNetwork;
  let root: RootSide;
  let relayer: StartedRelayer | undefined;

  beforeEach(async function () {
    nodes = await Promise.all([sharedNode(199), sharedNode(1)]);
    net = await deployBridgeNetwork(nodes[0]!, nodes.slice(1));
    root = net.roots[0]!;
    // Deposits only: withdrawals are never checkpointed unless a test says so.
    for (const route of net.checkpointer.routes) if (route.from === net.child) net.checkpointer.paused.add(route);
  });
  afterEach(async function () {
    await net.checkpointer.stop();
    await relayer?.stop("test done");
    relayer = undefined;
  });

  /** A user holding `amount` child tokens on BTTC (deposited and executed by the relayer's message duty). */
  async function userWithChildTokens(
    amount: bigint,
    user: { key: Hex; address: Address } | undefined = undefined,
  ): Promise<{ key: Hex; address: Address }> {
    user ??= await fundedUser(nodes);
    await depositMany(root, user, [user.address], 1, amount);
    net.checkpointer.start(150);
    await waitFor(
      "the deposit on BTTC",
      async () => (await balanceOf(net.child.client, root.childToken, user.address)) === amount,
      60_000,
      100,
    );
    return user;
  }

  it("fills a fast withdrawal before any checkpoint, declines a fee below the margin, keeps exposure within its limit", async function () {
    const executor = await fundedUser(nodes);
    const filler = await fundedUser(nodes);
    await send(root.node, { address: root.token, abi: mintAbi, functionName: "mint", args: [filler.address, 10_000n] });
    const config = writeFastFillsConfig(net, root, executor.key, filler.key, {
      maxExposure: "2000",
      minMargin: "10",
      tokenPerNative: "0",
    });
    relayer = await startInProcess(config, {}, "warn");
    const user = await userWithChildTokens(10_000n);
    const [a, b, c, d] = [newAddress(), newAddress(), newAddress(), newAddress()];
    await withdrawFast(net, root, user, a, 1_000n, 50n, 3n); // nonce 0: filled, pays 947
    await withdrawFast(net, root, user, b, 1_000n, 5n); // nonce 1: fee below the margin
    await withdrawFast(net, root, user, c, 1_000n, 50n); // nonce 2: filled, pays 950 (exposure 1897)
    await withdrawFast(net, root, user, d, 1_000n, 50n); // nonce 3: would take exposure to 2847 > 2000
    await net.child.node.rpc("hardhat_mine", ["0x2"]); // BTTC moves on: every withdrawal is 2 blocks deep
    await waitFor("two fills", async () => (await fills(root)).length === 2, 60_000, 100);
    expect(await balanceOf(root.client, root.token, a)).to.equal(947n);
    expect(await balanceOf(root.client, root.token, c)).to.equal(950n);
    expect(await checkpointed(root), "paid before any withdrawal is checkpointed").to.equal(0n);
    const store = new SqliteStore(join(config.dir, "relayer.db"), { readonly: true });
    try {
      await waitFor(
        "the low fee declined",
        async () =>
          (await store.getRecord<FastFillState, FastFillData>("fastFills", "0000000001"))?.state === "declined",
        30_000,
      );
      // Let the duty run a few more times: the fourth stays waiting (exposure), nothing else is sent.
      const started = relayer;
      await waitFor(
        "exposure metric",
        async () => (await fetchMetric(started, "relayer_fastfills_exposure"))?.endsWith(" 1897"),
        30_000,
      );
      expect((await store.getRecord<FastFillState, FastFillData>("fastFills", "0000000003"))?.state).to.equal(
        "waiting",
      );
      expect((await fills(root)).map((f) => f.nonce)).to.deep.equal([0n, 2n]);
      expect(await balanceOf(root.client, root.token, b)).to.equal(0n);
      expect(await balanceOf(root.client, root.token, d)).to.equal(0n);
      expect(await balanceOf(root.client, root.token, filler.address)).to.equal(10_000n - 947n - 950n);

      // The slow path runs: the filler is repaid amount - deliveryFee; exposure frees; the fourth is filled.
      for (const route of net.checkpointer.routes) net.checkpointer.paused.delete(route);
      await waitFor("withdrawals checkpointed", async () => (await checkpointed(root)) === 4n, 60_000, 100);
      await relayer.stop("switch to an executor of every withdrawal");
      relayer = undefined;
      const json = JSON.parse(readFileSync(config.file, "utf8")) as { duties: { messages: Record<string, unknown> } };
      json.duties.messages.withdrawals = { recipients: [a, c], withdrawers: [] };
      writeFileSync(config.file, JSON.stringify(json, null, 2));
      relayer = await startInProcess(config, {}, "warn");
      await waitFor("fill of nonce 3 after repayments", async () => (await fills(root)).length === 3, 60_000, 100);
      await waitFor(
        "repaid",
        async () => (await store.getRecord<FastFillState, FastFillData>("fastFills", "0000000000"))?.state === "repaid",
        30_000,
      );
      const executed = (await inboxEvents(root, 199)).executed;
      expect(executed.map(String).sort()).to.include.members(["0", "2"]);
      expect(await balanceOf(root.client, root.token, a), "recipient paid once").to.equal(947n);
      expect(await balanceOf(root.client, root.token, d)).to.equal(950n);
      // Repaid 997 + 1000 for the first two fills, 950 paid for the third.
      expect(await balanceOf(root.client, root.token, filler.address)).to.equal(
        10_000n - 947n - 950n + 997n + 1_000n - 950n,
      );
    } finally {
      await store.close();
    }
  });

  it("after a crash between recording a fill and sending it, a restart sends that one fill and no other", async function () {
    const executor = await fundedUser(nodes);
    const filler = await fundedUser(nodes);
    const fillerAddress = privateKeyToAccount(filler.key).address;
    await send(root.node, { address: root.token, abi: mintAbi, functionName: "mint", args: [fillerAddress, 10_000n] });
    await send(
      root.node,
      { address: root.token, abi: approveAbi, functionName: "approve", args: [root.bridge, 10_000n] },
      filler.key,
    );
    const config = writeFastFillsConfig(net, root, executor.key, filler.key, { maxExposure: "5000" });
    const setFastFills = (enabled: boolean) => {
      const json = JSON.parse(readFileSync(config.file, "utf8")) as { duties: { fastFills: Record<string, unknown> } };
      json.duties.fastFills.enabled = enabled;
      writeFileSync(config.file, JSON.stringify(json, null, 2));
    };
    // First run: deposits only (the filler is off), then the fast withdrawal.
    setFastFills(false);
    relayer = await startInProcess(config, {}, "warn");
    const user = await userWithChildTokens(1_000n);
    const recipient = newAddress();
    await withdrawFast(net, root, user, recipient, 1_000n, 40n);
    await relayer.stop("crash");
    relayer = undefined;

    // The state a crash right after the decision leaves: the record in `filling`, its fill
    // transaction recorded (nonce allocated), never signed nor sent.
    const data: FastFillData = {
      nonce: "0",
      token: root.token,
      recipient,
      amount: "1000",
      fastFee: "40",
      deliveryFee: "0",
      paid: "960",
      blockNumber: Number(await net.child.client.getBlockNumber()),
    };
    const writer = new SqliteStore(join(config.dir, "relayer.db"));
    try {
      await writer.insertRecord("fastFills", "0000000000", "waiting", data);
      await writer.syncNonce(
        "ethereum",
        fillerAddress,
        await root.client.getTransactionCount({ address: fillerAddress }),
      );
      const [tx] = await writer.applyUpdates([
        {
          duty: "fastFills",
          id: "0000000000",
          fromState: "waiting",
          state: "filling",
          data,
          error: null,
          txs: [
            {
              chain: "ethereum",
              sender: fillerAddress,
              useNonce: true,
              to: root.bridge,
              data: encodeFunctionData({
                abi: rootBridgeAbi,
                functionName: "fill",
                args: [0n, root.token, recipient, 1_000n, 40n, 0n],
              }),
              value: 0n,
              gas: 300_000n,
              maxFeePerGas: 20_000_000_000n,
              maxPriorityFeePerGas: 1_000_000_000n,
            },
          ],
        },
      ]);
      expect(tx?.status).to.equal("intended");
    } finally {
      await writer.close();
    }

    setFastFills(true);
    relayer = await startInProcess(config, {}, "warn");
    const store = new SqliteStore(join(config.dir, "relayer.db"), { readonly: true });
    try {
      await waitFor(
        "the recorded fill confirmed",
        async () => (await store.getRecord<FastFillState, FastFillData>("fastFills", "0000000000"))?.state === "filled",
        60_000,
      );
      // More runs of the duty (its BTTC cursor passes new blocks): still one transaction, one fill.
      await net.child.node.rpc("hardhat_mine", ["0x4"]);
      const head = Number(await net.child.client.getBlockNumber());
      await waitFor(
        "the duty reading past the new blocks",
        async () => ((await store.getCursor("bttc", "fastFills:ethereum"))?.block ?? 0) >= head - 1,
        30_000,
      );
      const txsBefore = (await store.txsOfRecord("fastFills", "0000000000")).length;
      expect(txsBefore, "one transaction for the record").to.equal(1);
      expect(await fills(root)).to.deep.equal([{ nonce: 0n, filler: fillerAddress }]);
      expect(await balanceOf(root.client, root.token, recipient)).to.equal(960n);
      expect(await balanceOf(root.client, root.token, fillerAddress)).to.equal(10_000n - 960n);
    } finally {
      await store.close();
    }
  });

  it("kill -9 at random moments over 100 fast withdrawals: each filled at most once, each fill repaid exactly once, exposure within its limit at every kill", async function () {
    const random = prng(Number(process.env.RELAYER_CRASH_SEED ?? Date.now() % 100_000));
    const total = 100;
    const batch = 20;
    const maxExposure = 15n * 980n; // 15 fills out at most: within a batch of 20 the duty waits for repayments
    const executor = await fundedUser(nodes);
    const filler = await fundedUser(nodes);
    const fillerAddress = privateKeyToAccount(filler.key).address;
    await send(root.node, { address: root.token, abi: mintAbi, functionName: "mint", args: [fillerAddress, 100_000n] });
    const user = await fundedUser(nodes);
    // The relayer also executes the user's withdrawals on the root: that is what repays the filler.
    const config = writeFastFillsConfig(net, root, executor.key, filler.key, { maxExposure: String(maxExposure) }, [
      user.address,
    ]);
    relayer = await startInProcess(config, {}, "warn");
    await userWithChildTokens(BigInt(total) * 1_000n, user);
    await relayer.stop("hand over to child processes");
    relayer = undefined;
    // Withdrawals are checkpointed a batch behind (the blocks of the next batch confirm them), so
    // the filler (2 confirmations) fronts them first unless its exposure is full; those it cannot
    // front in time take the slow path. Fills of batch k are repaid in round k + 1.
    const lag = batch + 3;
    for (const route of net.checkpointer.routes) {
      if (route.from === net.child) net.checkpointer.confirmations.set(route, lag);
      net.checkpointer.paused.delete(route);
    }
    const dbFile = join(config.dir, "relayer.db");
    const recipients: Address[] = [];
    let maxSeen = 0n;
    /** Fills, repayments and exposure read from the root chain (the filler's paid out, not repaid). */
    const chainState = async () => {
      const state = await fillsAndRepayments(root, fillerAddress);
      if (state.exposure > maxSeen) maxSeen = state.exposure;
      expect(state.exposure, "exposure on chain").to.be.at.most(maxExposure);
      return state;
    };
    /** The relayer's fills so far and the recipients paid (by a fill or the slow path). */
    const progress = async () => {
      const { fills: done, filled } = await chainState();
      const executed = new Set((await inboxEvents(root, 199)).executed.map(String));
      const paid = recipients.filter((_, nonce) => filled.has(String(nonce)) || executed.has(String(nonce))).length;
      return { work: done.length, paid, executed: executed.size };
    };
    const kills: number[] = []; // recipients paid at each kill
    let work = 0;
    // Withdrawals arrive in batches between kills, so the kills of rounds 1.. land strictly
    // between 0 and 100 paid whatever the machine's speed.
    for (let round = 0; round <= total / batch; round++) {
      if (round < total / batch) {
        for (let i = 0; i < batch; i++) {
          const to = newAddress();
          recipients.push(to);
          await withdrawFast(net, root, user, to, 1_000n, 20n);
        }
        await net.child.node.rpc("hardhat_mine", ["0x2"]);
      } else await net.child.node.rpc("hardhat_mine", [`0x${(batch + 2).toString(16)}`]);
      const { child } = spawnRelayer(config);
      if (round === 0)
        await new Promise((resolve) => setTimeout(resolve, Math.round(random() * 600))); // start-up
      else {
        const target = work + 1 + Math.floor(random() * 6);
        await waitFor(
          "fills",
          async () => {
            const now = await progress();
            return now.work >= target || now.paid === total;
          },
          60_000,
          10,
        );
        await new Promise((resolve) => setTimeout(resolve, Math.round(random() * 60)));
      }
      await stopChild(child, "SIGKILL");
      const atKill = await progress(); // asserts the exposure on chain at the kill
      kills.push(atKill.paid);
      work = atKill.work;
      const recorded = await withStore(dbFile, (store) =>
        store.recordsInState<FastFillState, FastFillData>("fastFills", "filled"),
      );
      expect(recorded?.length ?? 0, "fills recorded").to.be.at.most(Number(maxExposure / 980n));
    }
    // Every withdrawal checkpointed, executed and, when filled, repaid.
    await net.child.node.rpc("hardhat_mine", [`0x${lag.toString(16)}`]);
    const { child: last, output } = spawnRelayer(config);
    try {
      await waitFor(
        "every withdrawal executed on the root",
        async () => (await inboxEvents(root, 199)).executed.length === total,
        90_000,
        100,
      ).catch((e: Error) => {
        throw new Error(`${e.message}; paid at each kill ${kills.join(",")}\n${output.slice(-10).join("")}`);
      });
      await waitFor(
        "no fill record left unrepaid",
        async () => (await countInState(dbFile, "fastFills", ["waiting", "approving", "filling", "filled"])) === 0,
        60_000,
      );
    } finally {
      await stopChild(last, "SIGKILL", { mayHaveExited: true });
    }
    const { fills: filledLogs, repaid, exposure } = await chainState();
    const states = await withStore(dbFile, async (store) => ({
      counts: await store.countRecordsByState("fastFills"),
      errors: [...new Set((await store.recordsInState("fastFills", "missed")).map((r) => r.error))].slice(0, 3),
    }));
    const filledNonces = filledLogs.map((f) => String(f.nonce));
    expect(new Set(filledNonces).size, "each withdrawal filled at most once").to.equal(filledNonces.length);
    expect(filledLogs.length, `the filler fronted withdrawals (${JSON.stringify(states)})`).to.be.at.least(1);
    expect(
      [...repaid.values()].every((n) => n === 1),
      "each fill repaid exactly once",
    ).to.equal(true);
    expect([...repaid.keys()].sort(), "only fills repaid").to.deep.equal(filledLogs.map((f) => f.id).sort());
    expect(exposure).to.equal(0n);
    expect(maxSeen, "the limit was reached, never passed").to.be.at.most(maxExposure);
    const executed = (await inboxEvents(root, 199)).executed.map(String);
    expect(new Set(executed).size, "each withdrawal executed once").to.equal(total);
    for (const [nonce, to] of recipients.entries()) {
      const expected = filledNonces.includes(String(nonce)) ? 980n : 1_000n;
      expect(await balanceOf(root.client, root.token, to), `recipient of withdrawal ${nonce}`).to.equal(expected);
    }
    expect(await balanceOf(root.client, root.token, fillerAddress)).to.equal(
      100_000n + 20n * BigInt(filledLogs.length),
    );
    // A recorded fill that reverted lost a race to the slow path (the relayer executes these
    // withdrawals too): never a second fill of a filled withdrawal.
    const reverted =
      (await withStore(dbFile, async (store) =>
        (await store.recordsInState<FastFillState, FastFillData>("fastFills", "missed"))
          .filter((r) => /reverted/.test(r.error ?? ""))
          .map((r) => r.data.nonce),
      )) ?? [];
    expect(
      reverted.filter((nonce) => filledNonces.includes(nonce)),
      "no reverted fill of a filled withdrawal",
    ).to.deep.equal([]);
    expect(
      kills.filter((n) => n > 0 && n < total).length,
      `kills that landed mid-way (paid at each kill ${kills.join(",")}; ${filledLogs.length} filled)`,
    ).to.be.at.least(2);
    console.log(
      `      ${filledLogs.length} of ${total} filled (${reverted.length} fills lost to the slow path), the rest slow; ` +
        `most exposure seen ${maxSeen} of ${maxExposure}; recipients paid at each kill ${kills.join(",")}`,
    );
  });
});

const repaidEvent = parseAbiItem(
  "event FillRepaid(bytes32 indexed fillId, uint256 indexed nonce, address indexed filler, uint256 amount)",
);

/** The filler's fills and repayments on the root chain, and its exposure: paid out and not repaid yet. */
async function fillsAndRepayments(root: RootSide, filler: Address) {
  const [filledLogs, repaidLogs] = await Promise.all([
    root.client.getLogs({ address: root.bridge, event: filledEvent, args: { filler }, fromBlock: 0n }),
    root.client.getLogs({ address: root.bridge, event: repaidEvent, args: { filler }, fromBlock: 0n }),
  ]);
  const repaid = new Map<Hex, number>();
  for (const log of repaidLogs) repaid.set(log.args.fillId!, (repaid.get(log.args.fillId!) ?? 0) + 1);
  const fills = filledLogs.map((log) => ({
    id: log.args.id!,
    nonce: log.args.nonce!,
    paid: log.args.amount! - log.args.fastFee! - log.args.deliveryFee!,
  }));
  const exposure = fills.filter((f) => !repaid.has(f.id)).reduce((sum, f) => sum + f.paid, 0n);
  return { fills, filled: new Set(fills.map((f) => String(f.nonce))), repaid, exposure };
}

const approveAbi = [parseAbiItem("function approve(address spender, uint256 amount) returns (bool)")];

async function fetchMetric(relayer: StartedRelayer, name: string): Promise<string | undefined> {
  const response = await fetch(`${relayer.http?.url}/metrics`, { signal: AbortSignal.timeout(5_000) });
  return (await response.text())
    .split("\n")
    .filter((l) => l.startsWith(name))
    .join("\n");
}
