import { expect } from "chai";
import { getAddress, type Address } from "viem";

import {
  deposit,
  exit,
  fillWithdrawal,
  getOutboxMessages,
  getWithdrawalProgress,
  toTronAddress,
  suggestFastFee,
  withdraw,
  type CrossChainMessage,
} from "../../../sdk/src/bridge/index.ts";
import { expectError } from "./support/expectError.ts";
import {
  deliver,
  deployBridge,
  mapTokens,
  relayCheckpoint,
  type Deployment,
  type RootChain,
} from "./support/fixture.ts";

const E18 = 10n ** 18n;

/** Fast exits through the SDK on EDR chains: stages, exact balances, races, bad inputs. */
describe("sdk/bridge: fast withdrawals and delivery fees", function () {
  let d: Deployment;

  before(async () => {
    d = await deployBridge();
    await mapTokens(d);
    const { tron, ethereum, bnb } = d.roots;
    const alice = d.bttc.alice.account.address;
    await tron.usdt.write.mint([tron.alice.account.address, 1000n * E18]);
    await bnb.usdt.write.mint([bnb.alice.account.address, 1000n * E18]);
    await ethereum.btt.write.mint([ethereum.alice.account.address, 100n * E18]);
    for (const [root, token] of [
      [tron, tron.usdt.address],
      [bnb, bnb.usdt.address],
      [ethereum, ethereum.btt.address],
    ] as const) {
      const amount = token === ethereum.btt.address ? 100n * E18 : 1000n * E18;
      await deposit(root.alice, { rootBridge: root.bridge.address, token, amount, recipient: alice });
      await relayCheckpoint(root, d.bttc);
      const messages = await getOutboxMessages(root.publicClient, { outbox: root.outbox.address, destChainId: 199n });
      await deliver(root, d.bttc, messages.at(-1)!);
    }
  });

  const progress = (root: RootChain, message: CrossChainMessage) =>
    getWithdrawalProgress(root.publicClient, { rootBridge: root.bridge.address, message });
  const childOf = async (root: RootChain, token: Address) => d.bttc.bridge.read.childTokenOf([root.chainId, token]);

  it("TRON USDT: the recipient is paid before the checkpoint, the filler repaid once, the executor earns the delivery fee", async () => {
    const { tron } = d.roots;
    const bob = d.bttc.bob.account.address;
    const { message } = await withdraw(d.bttc.alice, {
      childBridge: d.bttc.bridge.address,
      token: await childOf(tron, tron.usdt.address),
      rootChainId: tron.chainId,
      amount: 400n * E18,
      recipient: toTronAddress(bob),
      fast: { maxFee: 4n * E18 },
      deliveryFee: E18,
    });
    expect((await progress(tron, message)).stage).to.equal("sent");

    const filler = tron.deployer;
    await tron.usdt.write.mint([filler.account.address, 395n * E18]);
    const fill = await fillWithdrawal(filler, { rootBridge: toTronAddress(tron.bridge.address), message });
    expect(fill.paid).to.equal(395n * E18);
    expect(await tron.usdt.read.balanceOf([bob])).to.equal(395n * E18);
    expect(await tron.usdt.read.balanceOf([filler.account.address])).to.equal(0n);
    expect(await progress(tron, message)).to.deep.include({
      stage: "filled",
      recipientPaid: true,
      filler: getAddress(filler.account.address),
      recipientAmount: 395n * E18,
    });

    // A second relayer is too late: a typed error before it spends anything, and the contract refuses too.
    const late = tron.alice;
    const lateBefore = await tron.usdt.read.balanceOf([late.account.address]);
    await expectError(fillWithdrawal(late, { rootBridge: tron.bridge.address, message }), "AlreadyFilledError");
    await expectError(
      tron.bridge.write.fill([message.nonce, tron.usdt.address, bob, 400n * E18, 4n * E18, E18], {
        account: late.account,
      }),
      "RootBridgeAlreadyFilled",
      [fill.fillId, getAddress(filler.account.address)],
    );
    expect(await tron.usdt.read.balanceOf([late.account.address])).to.equal(lateBefore);

    await relayCheckpoint(d.bttc, tron);
    expect((await progress(tron, message)).stage).to.equal("checkpointed");
    const executor = tron.bob.account.address; // bob executes his own exit here: he earns the delivery fee
    const result = await exit(tron.bob, d.bttc.publicClient, {
      outbox: d.bttc.outbox.address,
      inbox: tron.inbox.address,
      message,
    });
    expect(result.delivered).to.equal(true);
    expect((await progress(tron, message)).stage).to.equal("repaid");
    expect(await tron.usdt.read.balanceOf([filler.account.address])).to.equal(399n * E18);
    expect(await tron.usdt.read.balanceOf([executor])).to.equal(396n * E18);
    expect(await tron.bridge.read.locked([tron.usdt.address])).to.equal(600n * E18);
    expect(await tron.usdt.read.balanceOf([tron.bridge.address])).to.equal(600n * E18);
    await expectError(fillWithdrawal(late, { rootBridge: tron.bridge.address, message }), "AlreadyFilledError");
  });

  it("native BTT to Ethereum: the vault's withdrawal is filled and repaid in the root's BTT token", async () => {
    const { ethereum } = d.roots;
    const bob = d.bttc.bob.account.address;
    const { message } = await withdraw(d.bttc.alice, {
      childBridge: d.bttc.bridge.address,
      token: "native",
      rootChainId: ethereum.chainId,
      amount: 10n * E18,
      recipient: bob,
      fast: { maxFee: E18 / 10n },
    });
    const filler = ethereum.deployer.account.address;
    await ethereum.btt.write.mint([filler, 10n * E18]);
    const before = await ethereum.btt.read.balanceOf([filler]);
    await fillWithdrawal(ethereum.deployer, { rootBridge: ethereum.bridge.address, message });
    expect(await ethereum.btt.read.balanceOf([bob])).to.equal(10n * E18 - E18 / 10n);
    await relayCheckpoint(d.bttc, ethereum);
    await exit(ethereum.alice, d.bttc.publicClient, {
      outbox: d.bttc.outbox.address,
      inbox: ethereum.inbox.address,
      message,
    });
    expect(await ethereum.btt.read.balanceOf([filler])).to.equal(before + E18 / 10n);
    expect(await ethereum.btt.read.balanceOf([bob])).to.equal(10n * E18 - E18 / 10n);
    expect(await ethereum.bridge.read.locked([ethereum.btt.address])).to.equal(90n * E18);
  });

  it("suggests a fast fee from recent fills of the token (none: zero)", async () => {
    const { tron, ethereum, bnb } = d.roots;
    // TRON saw one USDT fill at 1% (4 of 400): 250 USDT -> 2.5 USDT.
    expect(
      await suggestFastFee(tron.publicClient, {
        rootBridge: tron.bridge.address,
        rootToken: tron.usdt.address,
        amount: 250n * E18,
      }),
    ).to.deep.equal({
      maxFee: (25n * E18) / 10n,
      ratePpm: 10_000n,
      fills: 1,
    });
    expect(
      (
        await suggestFastFee(ethereum.publicClient, {
          rootBridge: ethereum.bridge.address,
          rootToken: ethereum.usdt.address,
          amount: E18,
        })
      ).fills,
    ).to.equal(0);
    await expectError(
      suggestFastFee(bnb.publicClient, { rootBridge: bnb.bridge.address, rootToken: bnb.usdt.address, amount: 0n }),
      "InvalidArgumentError",
    );
  });

  it("unfilled: the slow path pays amount - delivery fee, no fast fee; a fill after it is refused", async () => {
    const { bnb } = d.roots;
    const bob = d.bttc.bob.account.address;
    const { message } = await withdraw(d.bttc.alice, {
      childBridge: d.bttc.bridge.address,
      token: await childOf(bnb, bnb.usdt.address),
      rootChainId: bnb.chainId,
      amount: 100n * E18,
      recipient: bob,
      fast: { maxFee: 5n * E18 },
      deliveryFee: 2n * E18,
    });
    await relayCheckpoint(d.bttc, bnb);
    expect((await progress(bnb, message)).stage).to.equal("checkpointed");
    await exit(bnb.alice, d.bttc.publicClient, { outbox: d.bttc.outbox.address, inbox: bnb.inbox.address, message });
    const executed = await progress(bnb, message);
    expect(executed).to.deep.include({ stage: "executed", recipientPaid: true, recipientAmount: 98n * E18 });
    expect(executed.filler).to.equal(undefined);
    expect(executed.timeline.map((s) => s.stage)).to.deep.equal(["sent", "checkpointed", "executed"]);
    expect(await bnb.usdt.read.balanceOf([bob])).to.equal(98n * E18);
    await bnb.usdt.write.mint([bnb.deployer.account.address, 93n * E18]);
    await expectError(
      fillWithdrawal(bnb.deployer, { rootBridge: bnb.bridge.address, message }),
      "AlreadyExecutedError",
    );
  });

  it("bad inputs give typed errors", async () => {
    const { bnb } = d.roots;
    const base = {
      childBridge: d.bttc.bridge.address,
      token: await childOf(bnb, bnb.usdt.address),
      rootChainId: bnb.chainId,
      amount: 10n,
    };
    const table: [Record<string, unknown>, string][] = [
      [{ fast: { maxFee: 10n } }, "InvalidArgumentError"],
      [{ fast: { maxFee: 5n }, deliveryFee: 5n }, "InvalidArgumentError"],
      [{ fast: { maxFee: -1n } }, "InvalidArgumentError"],
      [{ deliveryFee: 3 }, "InvalidArgumentError"],
    ];
    for (const [extra, error] of table) {
      await expectError(withdraw(d.bttc.alice, { ...base, ...extra } as Parameters<typeof withdraw>[1]), error);
    }
    const deposit = (await getOutboxMessages(bnb.publicClient, { outbox: bnb.outbox.address, destChainId: 199n })).at(
      -1,
    )!;
    await expectError(
      fillWithdrawal(bnb.deployer, { rootBridge: bnb.bridge.address, message: deposit }),
      "InvalidArgumentError",
    );
    await expectError(
      d.bttc.bridge.write.withdrawWithFees([base.token, bnb.chainId, d.bttc.bob.account.address, 10n, 6n, 4n], {
        account: d.bttc.alice.account,
      }),
      "BridgeTransferFeesTooHigh",
      [10n, 6n, 4n],
    );
  });
});
