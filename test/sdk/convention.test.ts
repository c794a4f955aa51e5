import { network } from "hardhat";
import { erc20Abi, type Address, type Hash } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { getTransactionCount } from "viem/actions";

import { expect } from "chai";

import { bridgeActions } from "../../sdk/src/bridge/index.ts";
import { InsufficientTokenBalanceError, waitForWrite } from "../../sdk/src/index.ts";
import { paymentsActions } from "../../sdk/src/payments/index.ts";
import { stakeManagerAbi, stakingActions, validatorSetActions } from "../../sdk/src/staking/index.ts";
import { approveMarket, storageActions } from "../../sdk/src/storage/index.ts";
import { deliver, deployBridge, mapTokens, relayCheckpoint, type Deployment } from "./bridge/support/fixture.ts";
import { paymentsFixture } from "./payments/support/fixture.ts";
import { BTT, testParams } from "./staking/support/params.ts";
import { deployStorage } from "./storage/support/fixture.ts";

/**
 * Issue 16, item 4: one convention in every domain. A decorator for `client.extend(...)` whose
 * writes each have an unsent `prepare.<write>` form (the request of the next transaction, for a
 * wallet to sign) and a `waitForWrite(hash)` that returns the receipt with the domain's events
 * decoded; operations of several transactions report their stages through `onProgress`.
 */
describe("sdk: one write convention across domains", function () {
  this.timeout(180_000);

  /** The writes each decorator binds; each must have its prepare form. */
  const writes = {
    staking: [
      "approveStaking",
      "stake",
      "delegate",
      "unbond",
      "withdrawUnbonded",
      "claimRewards",
      "restake",
      "setSigner",
      "setCommission",
      "unjail",
      "claimSlot",
      "fundRewards",
      "advanceEpoch",
      "reportDoubleSign",
    ],
    payments: [
      "depositToPool",
      "topUp",
      "reserve",
      "planWithdrawal",
      "completeWithdrawal",
      "cancelWithdrawal",
      "claimVoucher",
      "claimVouchers",
    ],
    storage: [
      "approveMarket",
      "acceptDeal",
      "renewDeal",
      "cancelDeal",
      "reportMissed",
      "claim",
      "pokeSeed",
      "setHost",
      "submitProofs",
    ],
    bridge: ["deposit", "fillWithdrawal", "withdraw", "executeMessage", "submitCheckpoint", "exit"],
    validatorSet: ["syncValidatorSet", "rotateValidatorSet"],
  } as const;

  it("every decorator write has a prepare form and the decorator a waitForWrite", async () => {
    const someAddress = privateKeyToAccount(generatePrivateKey()).address;
    const decorated = {
      staking: stakingActions({ stakeManager: someAddress }),
      payments: paymentsActions({ pool: someAddress }),
      storage: storageActions({ market: someAddress }),
      validatorSet: validatorSetActions({ validatorSet: someAddress }),
      bridge: bridgeActions({
        rootBridge: someAddress,
        childBridge: someAddress,
        inbox: someAddress,
        outbox: someAddress,
      }),
    };
    const { viem } = await network.create({ network: "bttc" });
    const client = await viem.getPublicClient();
    for (const [domain, decorator] of Object.entries(decorated)) {
      const actions = decorator(client) as unknown as Record<string, unknown> & { prepare: Record<string, unknown> };
      const expected = writes[domain as keyof typeof writes];
      for (const write of expected) {
        expect(actions[write], `${domain}.${write}`).to.be.a("function");
        expect(actions.prepare[write], `${domain}.prepare.${write}`).to.be.a("function");
      }
      expect(Object.keys(actions.prepare).sort(), `${domain}.prepare`).to.deep.equal([...expected].sort());
      expect(actions.waitForWrite, `${domain}.waitForWrite`).to.be.a("function");
    }
  });

  it("staking: prepare.stake sends nothing and returns a request the wallet sends; waitForWrite decodes ValidatorStaked", async () => {
    const home = await network.create({ network: "tron" });
    const [gov, validator] = await home.viem.getWalletClients();
    const pub = await home.viem.getPublicClient();
    const token = await home.viem.deployContract("BTTToken", [gov!.account.address]);
    const sm = await home.viem.deployContract("StakeManager", [token.address, gov!.account.address, testParams]);
    await pub.waitForTransactionReceipt({ hash: await token.write.mint([validator!.account.address, 2_000n * BTT]) });
    const staking = validator!.extend(stakingActions({ stakeManager: sm.address }));

    const approval = await staking.waitForWrite(
      await staking.approveStaking({ token: token.address, amount: 2n ** 255n }),
    );
    expect(approval.events.map((e) => e.eventName)).to.deep.equal([]); // an ERC-20 event, not the StakeManager's

    const signer = privateKeyToAccount(generatePrivateKey()).address;
    const nonce = await pub.getTransactionCount({ address: validator!.account.address });
    const request = await staking.prepare.stake({ signer, amount: 1_000n * BTT, commissionBps: 500 });
    expect(await pub.getTransactionCount({ address: validator!.account.address })).to.equal(nonce);
    expect(request.functionName).to.equal("stake");
    expect(request.address.toLowerCase()).to.equal(sm.address.toLowerCase());

    const hash = await validator!.writeContract(request as never);
    const { receipt, events } = await staking.waitForWrite(hash);
    expect(receipt.status).to.equal("success");
    expect(events.map((e) => e.eventName)).to.include("ValidatorStaked");
    // The plain form types the events by the ABI.
    const typed = await waitForWrite(pub, { hash, abi: stakeManagerAbi });
    const staked = typed.events.find((e) => e.eventName === "ValidatorStaked");
    expect(staked?.eventName).to.equal("ValidatorStaked");
  });

  it("payments: prepare.depositToPool with a short allowance is the approval; depositToPool reports its stages", async () => {
    const f = await paymentsFixture();
    const { account, wallet } = await f.newPayer();
    await f.mined(await f.token.write.mint([account.address, 10n ** 20n]));
    const payments = wallet.extend(paymentsActions({ pool: f.pool }));

    const nonce = await f.publicClient.getTransactionCount({ address: account.address });
    const request = await payments.prepare.depositToPool({ token: f.token.address, amount: 10n ** 18n });
    expect(request.functionName).to.equal("approve");
    expect(request.address.toLowerCase()).to.equal(f.token.address.toLowerCase());
    expect(await f.publicClient.getTransactionCount({ address: account.address })).to.equal(nonce);

    const stages: string[] = [];
    const hash = await payments.depositToPool({
      token: f.token.address,
      amount: 10n ** 18n,
      onProgress: (p) => stages.push(p.stage),
    });
    expect(stages).to.deep.equal(["approval-sent", "approval-confirmed", "deposit-sent"]);
    const { events } = await payments.waitForWrite(hash);
    expect(events.map((e) => e.eventName)).to.deep.equal(["Deposited"]);

    // With the allowance in place, the prepared request is the deposit itself.
    await f.mined(
      await wallet.writeContract({
        address: f.token.address,
        abi: erc20Abi,
        functionName: "approve",
        args: [f.pool, 10n ** 18n],
      }),
    );
    const deposit = await payments.prepare.depositToPool({ token: f.token.address, amount: 10n ** 18n });
    expect(deposit.functionName).to.equal("deposit");
  });

  it("storage: approveMarket approves the market's own token after a balance check; prepare.setHost; waitForWrite decodes HostUpdated", async () => {
    const s = await deployStorage();
    const [, host] = s.wallets;
    const storage = host!.extend(storageActions({ market: s.market.address }));
    expect((await storage.getMarketToken({})).toLowerCase()).to.equal(s.token.address.toLowerCase());

    // Above the balance: a typed error, nothing sent.
    const nonce = await getTransactionCount(s.publicClient, { address: host!.account.address });
    let failure: unknown;
    await approveMarket(host!, { market: s.market.address, amount: 1n }).catch((e: unknown) => (failure = e));
    expect(failure).to.be.instanceOf(InsufficientTokenBalanceError);
    expect(await getTransactionCount(s.publicClient, { address: host!.account.address })).to.equal(nonce);

    await s.wait(await s.token.write.mint([host!.account.address, 5n * BTT]));
    await storage.waitForWrite(await storage.approveMarket({ amount: 5n * BTT }));
    expect(await s.token.read.allowance([host!.account.address, s.market.address])).to.equal(5n * BTT);

    const terms = { capacity: 1n << 30n, pricePerGiBPerPeriod: 1n, collateralPerGiB: 1n, endpoint: "tcp://host:6881" };
    const request = await storage.prepare.setHost(terms);
    expect(request.functionName).to.equal("setHost");
    expect(await getTransactionCount(s.publicClient, { address: host!.account.address })).to.equal(nonce + 1); // the approval only
    const { events } = await storage.waitForWrite((await host!.writeContract(request as never)) as Hash);
    expect(events.map((e) => e.eventName)).to.deep.equal(["HostUpdated"]);
  });

  describe("bridge", () => {
    let d: Deployment;
    before(async () => {
      d = await deployBridge();
      await mapTokens(d);
    });

    it("prepare.deposit is the approval, then the deposit; nothing is sent", async () => {
      const tron = d.roots.tron;
      await tron.publicClient.waitForTransactionReceipt({
        hash: await tron.usdt.write.mint([tron.alice.account.address, 10n ** 20n]),
      });
      const bridge = tron.alice.extend(
        bridgeActions({ rootBridge: tron.bridge.address, inbox: tron.inbox.address, outbox: tron.outbox.address }),
      );
      const owner = tron.alice.account.address as Address;
      const nonce = await tron.publicClient.getTransactionCount({ address: owner });
      const approval = await bridge.prepare.deposit!({ token: tron.usdt.address, amount: 10n ** 18n });
      expect(approval.functionName).to.equal("approve");
      expect(await tron.publicClient.getTransactionCount({ address: owner })).to.equal(nonce);
      await tron.publicClient.waitForTransactionReceipt({ hash: await tron.alice.writeContract(approval as never) });
      const deposit = await bridge.prepare.deposit!({ token: tron.usdt.address, amount: 10n ** 18n });
      expect(deposit.functionName).to.equal("deposit");
      const { events } = await bridge.waitForWrite(await tron.alice.writeContract(deposit as never));
      expect(events.map((e) => e.eventName)).to.include("Deposited");
    });

    it("withdraw reports its stages and returns the message", async () => {
      const { tron } = d.roots;
      const bttc = d.bttc;
      const rootSide = tron.alice.extend(
        bridgeActions({ rootBridge: tron.bridge.address, inbox: tron.inbox.address, outbox: tron.outbox.address }),
      );
      const { message: deposited } = await rootSide.deposit!({ token: tron.usdt.address, amount: 10n ** 18n });
      await relayCheckpoint(tron, bttc);
      await deliver(tron, bttc, deposited);
      const usdtT = await bttc.bridge.read.childTokenOf([tron.chainId, tron.usdt.address]);

      const childSide = bttc.alice.extend(
        bridgeActions({ childBridge: bttc.bridge.address, inbox: bttc.inbox.address, outbox: bttc.outbox.address }),
      );
      const stages: string[] = [];
      const result = await childSide.withdraw!({
        token: usdtT,
        rootChainId: tron.chainId,
        amount: 10n ** 18n,
        onProgress: (p) => stages.push(p.stage),
      });
      expect(stages).to.deep.equal(["withdraw-sent", "withdraw-confirmed"]);
      expect(result.message.sourceChainId).to.equal(bttc.chainId);
    });
  });
});
