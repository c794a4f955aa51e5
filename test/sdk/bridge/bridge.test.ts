import { expect } from "chai";
import { encodeAbiParameters, encodeFunctionData, getAddress, keccak256, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { writeContract } from "viem/actions";

import {
  assembleQuorumProof,
  buildCheckpoint,
  buildMessageProof,
  deposit,
  executeMessage,
  exit,
  getDepositStatus,
  getOutboxMessages,
  getWithdrawalStatus,
  inboxAbi,
  rootBridgeAbi,
  signCheckpointQuorum,
  submitCheckpoint,
  toTronAddress,
  waitForDeposit,
  waitForWithdrawalCheckpoint,
  withdraw,
  type AnyAddress,
  type CrossChainMessage,
} from "../../../sdk/src/bridge/index.ts";
import { signMessage, type ValidatorSetRotation } from "../../../sdk/src/messages/index.ts";
import { expectError } from "./support/expectError.ts";
import {
  deliver,
  deployBridge,
  deployTestContract,
  mapTokens,
  reentrantTokenAbi,
  relayCheckpoint,
  validators,
  validatorSet,
  type AnyChain,
  type Deployment,
  type RootChain,
  type RootName,
} from "./support/fixture.ts";

const E18 = 10n ** 18n;
const NATIVE = getAddress("0x0000000000000000000000000000000000001010");

describe("bridge across four chains (TRON, Ethereum, BNB <-> BTTC)", function () {
  let d: Deployment;
  const childTokens = {} as Record<RootName, { usdt: Address; btt: Address }>;

  before(async () => {
    d = await deployBridge();
    await mapTokens(d);
    for (const [name, root] of Object.entries(d.roots) as [RootName, RootChain][]) {
      childTokens[name] = {
        usdt: await d.bttc.bridge.read.childTokenOf([root.chainId, root.usdt.address]),
        btt: await d.bttc.bridge.read.childTokenOf([root.chainId, root.btt.address]),
      };
    }
  });

  const child = (address: Address) => d.bttc.viem.getContractAt("ChildToken", address);
  const opts = (from: AnyChain, to: AnyChain) => ({ outbox: from.outbox.address, inbox: to.inbox.address });

  it("maps one child token per (root chain, root token), and BTT to native BTT", async () => {
    const symbols = await Promise.all(
      (["tron", "ethereum", "bnb"] as const).map(async (n) => (await child(childTokens[n].usdt)).read.symbol()),
    );
    expect(symbols).to.deep.equal(["USDT_t", "USDT_e", "USDT_b"]);
    expect(childTokens.tron.btt).to.equal(NATIVE);
    expect(childTokens.ethereum.btt).to.equal(NATIVE);
    expect(await (await child(childTokens.bnb.btt)).read.symbol()).to.equal("BTT_b");
    expect(await d.roots.tron.publicClient.getChainId()).to.equal(728126428);
  });

  it("deposits from each root arrive on BTTC with exact balances everywhere", async () => {
    const { tron, ethereum, bnb } = d.roots;
    const alice = d.bttc.alice.account.address;
    const nativeBefore = await d.bttc.publicClient.getBalance({ address: alice });
    for (const root of [tron, ethereum, bnb]) await root.usdt.write.mint([root.alice.account.address, 1000n * E18]);
    await tron.btt.write.mint([tron.alice.account.address, 50n * E18]);
    await bnb.btt.write.mint([bnb.alice.account.address, 30n * E18]);

    const sent: [RootChain, CrossChainMessage][] = [];
    const usdtT = await deposit(tron.alice, {
      rootBridge: toTronAddress(tron.bridge.address),
      token: tron.usdt.address,
      amount: 1000n * E18,
    });
    expect(usdtT.approvalHash).to.be.a("string");
    sent.push([tron, usdtT.message]);
    const usdtE = await deposit(ethereum.alice, {
      rootBridge: ethereum.bridge.address,
      token: ethereum.usdt.address,
      amount: 1000n * E18,
      approval: "permit",
    });
    expect(usdtE.approvalHash).to.equal(undefined);
    sent.push([ethereum, usdtE.message]);
    sent.push([
      bnb,
      (await deposit(bnb.alice, { rootBridge: bnb.bridge.address, token: bnb.usdt.address, amount: 1000n * E18 }))
        .message,
    ]);
    sent.push([
      tron,
      (
        await deposit(tron.alice, {
          rootBridge: tron.bridge.address,
          token: tron.btt.address,
          amount: 50n * E18,
          recipient: toTronAddress(alice),
        })
      ).message,
    ]);
    sent.push([
      bnb,
      (await deposit(bnb.alice, { rootBridge: bnb.bridge.address, token: bnb.btt.address, amount: 30n * E18 })).message,
    ]);

    const status = { inbox: d.bttc.inbox.address, message: usdtT.message };
    expect(await getDepositStatus(d.bttc.publicClient, status)).to.equal("waiting-for-checkpoint");
    for (const root of [tron, ethereum, bnb]) await relayCheckpoint(root, d.bttc);
    expect(await getDepositStatus(d.bttc.publicClient, status)).to.equal("ready-to-execute");

    // A paused ChildBridge refuses delivery: the message is recorded failed and stays retryable.
    await d.bttc.bridge.write.pause();
    const refused = await deliver(tron, d.bttc, usdtT.message);
    expect(refused.delivered).to.equal(false);
    expect(await getDepositStatus(d.bttc.publicClient, status)).to.equal("failed");
    await d.bttc.bridge.write.unpause();

    for (const [root, message] of sent) expect((await deliver(root, d.bttc, message)).delivered).to.equal(true);
    expect(await waitForDeposit(d.bttc.publicClient, { ...status, pollingInterval: 10, timeout: 1000 })).to.equal(
      "executed",
    );

    for (const name of ["tron", "ethereum", "bnb"] as const) {
      const root = d.roots[name];
      expect(await (await child(childTokens[name].usdt)).read.balanceOf([alice])).to.equal(1000n * E18);
      expect(await (await child(childTokens[name].usdt)).read.totalSupply()).to.equal(1000n * E18);
      expect(await root.usdt.read.balanceOf([root.alice.account.address])).to.equal(0n);
      expect(await root.usdt.read.balanceOf([root.bridge.address])).to.equal(1000n * E18);
      expect(await root.bridge.read.locked([root.usdt.address])).to.equal(1000n * E18);
    }
    expect(await d.bttc.publicClient.getBalance({ address: alice })).to.equal(nativeBefore + 50n * E18);
    expect(await d.bttc.bridge.read.nativeBridged([tron.chainId])).to.equal(50n * E18);
    expect(await d.bttc.bridge.read.vaultBalance()).to.equal(950n * E18);
    expect(await (await child(childTokens.bnb.btt)).read.balanceOf([alice])).to.equal(30n * E18);
    expect(await tron.bridge.read.locked([tron.btt.address])).to.equal(50n * E18);
  });

  const exits = {} as Record<RootName, CrossChainMessage[]>;

  it("withdrawals exit on each root, TRON base58 recipients included, balances exact everywhere", async () => {
    const { tron, ethereum, bnb } = d.roots;
    const bob = d.bttc.bob.account.address;
    const w = (token: Address | "native", root: RootChain, amount: bigint, recipient: AnyAddress = bob) =>
      withdraw(d.bttc.alice, {
        childBridge: d.bttc.bridge.address,
        token,
        rootChainId: root.chainId,
        amount,
        recipient,
      });
    exits.tron = [
      (await w(childTokens.tron.usdt, tron, 400n * E18, toTronAddress(bob))).message,
      (await w("native", tron, 20n * E18, toTronAddress(bob))).message,
    ];
    exits.ethereum = [(await w(childTokens.ethereum.usdt, ethereum, 300n * E18)).message];
    exits.bnb = [
      (await w(childTokens.bnb.usdt, bnb, 200n * E18)).message,
      (await w(childTokens.bnb.btt, bnb, 10n * E18)).message,
    ];

    for (const name of ["tron", "ethereum", "bnb"] as const) {
      const root = d.roots[name];
      const first = { inbox: root.inbox.address, message: exits[name][0]! };
      expect(await getWithdrawalStatus(root.publicClient, first)).to.equal("waiting-for-checkpoint");
      await relayCheckpoint(d.bttc, root);
      expect(
        await waitForWithdrawalCheckpoint(root.publicClient, { ...first, pollingInterval: 10, timeout: 1000 }),
      ).to.equal("ready-to-execute");
      for (const message of exits[name]) {
        const result = await exit(root.bob, d.bttc.publicClient, { ...opts(d.bttc, root), message });
        expect(result.delivered).to.equal(true);
      }
      expect(await getWithdrawalStatus(root.publicClient, first)).to.equal("executed");
    }

    expect(await tron.usdt.read.balanceOf([bob])).to.equal(400n * E18);
    expect(await tron.btt.read.balanceOf([bob])).to.equal(20n * E18);
    expect(await ethereum.usdt.read.balanceOf([bob])).to.equal(300n * E18);
    expect(await bnb.usdt.read.balanceOf([bob])).to.equal(200n * E18);
    expect(await bnb.btt.read.balanceOf([bob])).to.equal(10n * E18);
    expect(await tron.bridge.read.locked([tron.usdt.address])).to.equal(600n * E18);
    expect(await tron.bridge.read.locked([tron.btt.address])).to.equal(30n * E18);
    expect(await ethereum.bridge.read.locked([ethereum.usdt.address])).to.equal(700n * E18);
    expect(await bnb.bridge.read.locked([bnb.usdt.address])).to.equal(800n * E18);
    expect(await bnb.bridge.read.locked([bnb.btt.address])).to.equal(20n * E18);
    for (const [name, left] of [
      ["tron", 600n],
      ["ethereum", 700n],
      ["bnb", 800n],
    ] as const) {
      expect(await (await child(childTokens[name].usdt)).read.totalSupply()).to.equal(left * E18);
    }
    expect(await (await child(childTokens.bnb.btt)).read.totalSupply()).to.equal(20n * E18);
    expect(await d.bttc.bridge.read.nativeBridged([tron.chainId])).to.equal(30n * E18);
    expect(await d.bttc.bridge.read.vaultBalance()).to.equal(970n * E18);
  });

  describe("attacks that must fail", () => {
    it("double exit", async () => {
      const tron = d.roots.tron;
      const message = exits.tron[0]!;
      await expectError(
        exit(tron.bob, d.bttc.publicClient, { ...opts(d.bttc, tron), message }),
        "AlreadyExecutedError",
      );
      const proof = await buildMessageProof(d.bttc.publicClient, tron.publicClient, { ...opts(d.bttc, tron), message });
      await expectError(
        writeContract(tron.bob, {
          address: tron.inbox.address,
          abi: inboxAbi,
          functionName: "execute",
          args: [message, proof.root, proof.proof],
        }),
        "InboxAlreadyExecuted",
        [199n, message.nonce],
      );
    });

    it("exit on a chain where the token is not mapped", async () => {
      const { ethereum, bnb } = d.roots;
      await expectError(
        withdraw(d.bttc.alice, {
          childBridge: d.bttc.bridge.address,
          token: childTokens.tron.usdt,
          rootChainId: ethereum.chainId,
          amount: 1n,
        }),
        "ChildBridgeNotMappedOnChain",
        [childTokens.tron.usdt, ethereum.chainId],
      );
      await expectError(
        withdraw(d.bttc.alice, {
          childBridge: d.bttc.bridge.address,
          token: "native",
          rootChainId: bnb.chainId,
          amount: 1n,
        }),
        "ChildBridgeNotMappedOnChain",
        [NATIVE, bnb.chainId],
      );
    });

    it("replay of a checkpoint on another chain (or twice on its own)", async () => {
      const { tron, ethereum } = d.roots;
      await withdraw(d.bttc.alice, {
        childBridge: d.bttc.bridge.address,
        token: childTokens.tron.usdt,
        rootChainId: tron.chainId,
        amount: 1n,
      });
      const { checkpoint, proof } = await relayCheckpoint(d.bttc, tron);
      const submit = (chain: RootChain) =>
        writeContract(chain.deployer, {
          address: chain.inbox.address,
          abi: inboxAbi,
          functionName: "submitCheckpoint",
          args: [checkpoint, proof],
        });
      await expectError(submit(ethereum), "ValidatorSetWrongChain", [tron.chainId, ethereum.chainId]);
      await expectError(submit(tron), "InboxCheckpointNotContiguous", [
        199n,
        checkpoint.startBlock,
        checkpoint.endBlock + 1n,
      ]);
    });

    it("replay of a message on another chain", async () => {
      const { tron, ethereum } = d.roots;
      const proof = await buildMessageProof(d.bttc.publicClient, tron.publicClient, {
        ...opts(d.bttc, tron),
        message: exits.tron[0]!,
      });
      // (Called on the contract directly: the SDK would stop earlier, since Ethereum's own
      // message 0 from BTTC is executed already.)
      const execute = (message: CrossChainMessage) =>
        writeContract(ethereum.bob, {
          address: ethereum.inbox.address,
          abi: inboxAbi,
          functionName: "execute",
          args: [message, proof.root, proof.proof],
        });
      await expectError(execute(proof.message), "InboxWrongChain", [tron.chainId, ethereum.chainId]);
      // Readdressed to Ethereum, the message is no longer the one under any root Ethereum accepted.
      await expectError(execute({ ...proof.message, destChainId: ethereum.chainId }), "InboxUnknownRoot", [
        199n,
        proof.root,
      ]);
    });

    it("checkpoint with a quorum by count but not by power", async () => {
      const ethereum = d.roots.ethereum;
      await ethereum.usdt.write.mint([ethereum.alice.account.address, 5n]);
      await deposit(ethereum.alice, { rootBridge: ethereum.bridge.address, token: ethereum.usdt.address, amount: 5n });
      // Three of four validators hold 30 of 100 units of power.
      await expectError(relayCheckpoint(ethereum, d.bttc, validators.slice(0, 3)), "ValidatorSetNoQuorum", [30n, 100n]);
      // The heavy validator alone holds 70%: a quorum by power with one signature.
      await relayCheckpoint(ethereum, d.bttc, validators.slice(3));
    });

    it("signatures of an old validator set", async () => {
      const bnb = d.roots.bnb;
      const next = [11n, 12n, 13n].map((i) =>
        privateKeyToAccount(`0x${(0xfeedn + i).toString(16).padStart(64, "0")}` as Hex),
      );
      next.sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
      const nextSet = { signers: next.map((v) => v.address), powers: [1n, 1n, 1n] };
      const rotation: ValidatorSetRotation = {
        destChainId: bnb.chainId,
        destContract: bnb.verifier.address,
        epoch: 1n,
        newEpoch: 2n,
        newSetHash: keccak256(
          encodeAbiParameters([{ type: "address[]" }, { type: "uint256[]" }], [nextSet.signers, nextSet.powers]),
        ),
        newTotalPower: 3n,
      };
      const signatures = new Map<Address, Hex>();
      for (const v of validators) signatures.set(v.address, await signMessage(v, "ValidatorSetRotation", rotation));
      await bnb.verifier.write.rotate([
        rotation,
        nextSet.signers,
        nextSet.powers,
        assembleQuorumProof(validatorSet, signatures),
      ]);

      await withdraw(d.bttc.alice, {
        childBridge: d.bttc.bridge.address,
        token: childTokens.bnb.usdt,
        rootChainId: bnb.chainId,
        amount: 1n,
      });
      const checkpoint = await buildCheckpoint(d.bttc.publicClient, bnb.publicClient, opts(d.bttc, bnb));
      expect(checkpoint.epoch).to.equal(2n);
      const submit = (c: typeof checkpoint, proof: Awaited<ReturnType<typeof signCheckpointQuorum>>) =>
        submitCheckpoint(bnb.deployer, { inbox: bnb.inbox.address, checkpoint: c, proof });
      // The old set signs its own (old) epoch: refused.
      const old = { ...checkpoint, epoch: 1n };
      await expectError(
        submit(old, await signCheckpointQuorum(old, validatorSet, validators)),
        "ValidatorSetWrongEpoch",
        [1n, 2n],
      );
      // The old set signs the new epoch: its members are not the committed set any more.
      await expectError(
        submit(checkpoint, await signCheckpointQuorum(checkpoint, validatorSet, validators)),
        "ValidatorSetHashMismatch",
      );
      // The new set is accepted.
      await submit(checkpoint, await signCheckpointQuorum(checkpoint, nextSet, next));
      expect((await bnb.inbox.read.sourceState([199n])).messageCount).to.equal(checkpoint.messageCount);
    });

    it("proof against a wrong root, or a tampered proof", async () => {
      const ethereum = d.roots.ethereum;
      const { message } = await withdraw(d.bttc.alice, {
        childBridge: d.bttc.bridge.address,
        token: childTokens.ethereum.usdt,
        rootChainId: ethereum.chainId,
        amount: 1n,
      });
      await relayCheckpoint(d.bttc, ethereum);
      const proof = await buildMessageProof(d.bttc.publicClient, ethereum.publicClient, {
        ...opts(d.bttc, ethereum),
        message,
      });
      const wrongRoot = `0x${"ab".repeat(32)}` as Hex;
      await expectError(
        executeMessage(ethereum.bob, { inbox: ethereum.inbox.address, proof: { ...proof, root: wrongRoot } }),
        "InboxUnknownRoot",
        [199n, wrongRoot],
      );
      const tampered = { ...proof, proof: [`0x${"11".repeat(32)}` as Hex, ...proof.proof.slice(1)] };
      await expectError(
        executeMessage(ethereum.bob, { inbox: ethereum.inbox.address, proof: tampered }),
        "InboxInvalidProof",
        [199n, message.nonce, proof.root],
      );
      const forgedAmount = { ...proof, message: { ...message, payload: message.payload.replace(/01$/, "ff") as Hex } };
      await expectError(
        executeMessage(ethereum.bob, { inbox: ethereum.inbox.address, proof: forgedAmount }),
        "InboxInvalidProof",
      );
      expect((await executeMessage(ethereum.bob, { inbox: ethereum.inbox.address, proof })).delivered).to.equal(true);
    });

    it("a signed root that the Outbox logs do not reproduce is caught by the SDK", async () => {
      const ethereum = d.roots.ethereum;
      const { message } = await withdraw(d.bttc.alice, {
        childBridge: d.bttc.bridge.address,
        token: childTokens.ethereum.usdt,
        rootChainId: ethereum.chainId,
        amount: 1n,
      });
      const honest = await buildCheckpoint(d.bttc.publicClient, ethereum.publicClient, opts(d.bttc, ethereum));
      const lying = { ...honest, messageRoot: keccak256("0x6c6965") };
      await submitCheckpoint(ethereum.deployer, {
        inbox: ethereum.inbox.address,
        checkpoint: lying,
        proof: await signCheckpointQuorum(lying, validatorSet, validators),
      });
      await expectError(
        buildMessageProof(d.bttc.publicClient, ethereum.publicClient, { ...opts(d.bttc, ethereum), message }),
        "ProofBuildError",
      );
      await expectError(
        buildMessageProof(d.bttc.publicClient, ethereum.publicClient, {
          ...opts(d.bttc, ethereum),
          message: { ...message, nonce: message.nonce + 1n },
        }),
        "NotCheckpointedError",
      );
      const later = {
        inbox: ethereum.inbox.address,
        message: { ...message, nonce: message.nonce + 1n },
        pollingInterval: 10,
        timeout: 50,
      };
      await expectError(waitForWithdrawalCheckpoint(ethereum.publicClient, later), "WaitTimeoutError");
    });

    it("a reentrant token cannot re-enter deposits or exits", async () => {
      const ethereum = d.roots.ethereum;
      const evil = await deployTestContract(ethereum, "ReentrantToken", [], reentrantTokenAbi);
      await ethereum.bridge.write.mapToken([evil.address, false, "Reentrant", "REE_e", 18]);
      await evil.write.mint([ethereum.alice.account.address, 100n]);
      // No EIP-2612 permit on this token: the SDK says to approve instead.
      await expectError(
        deposit(ethereum.alice, {
          rootBridge: ethereum.bridge.address,
          token: evil.address,
          amount: 1n,
          approval: "permit",
        }),
        "InvalidArgumentError",
      );
      await evil.write.arm([
        ethereum.bridge.address,
        encodeFunctionData({
          abi: rootBridgeAbi,
          functionName: "deposit",
          args: [evil.address, ethereum.alice.account.address, 1n],
        }),
      ]);
      await deposit(ethereum.alice, { rootBridge: ethereum.bridge.address, token: evil.address, amount: 100n });
      expect(await evil.read.reentered()).to.equal(false);
      expect(await ethereum.bridge.read.locked([evil.address])).to.equal(100n);

      await relayCheckpoint(ethereum, d.bttc);
      const pending = await getOutboxMessages(ethereum.publicClient, {
        outbox: ethereum.outbox.address,
        destChainId: 199n,
      });
      for (const m of pending.slice(-2)) await deliver(ethereum, d.bttc, m); // the MAP, then the deposit
      const childEvil = await d.bttc.bridge.read.childTokenOf([ethereum.chainId, evil.address]);
      const w = (amount: bigint) =>
        withdraw(d.bttc.alice, {
          childBridge: d.bttc.bridge.address,
          token: childEvil,
          rootChainId: ethereum.chainId,
          amount,
          recipient: d.bttc.bob.account.address,
        });
      const first = (await w(60n)).message;
      const second = (await w(40n)).message;
      await relayCheckpoint(d.bttc, ethereum);
      const secondProof = await buildMessageProof(d.bttc.publicClient, ethereum.publicClient, {
        ...opts(d.bttc, ethereum),
        message: second,
      });
      // While the first exit pays out, the token tries to execute the second one.
      await evil.write.arm([
        ethereum.inbox.address,
        encodeFunctionData({
          abi: inboxAbi,
          functionName: "execute",
          args: [second, secondProof.root, secondProof.proof],
        }),
      ]);
      expect(
        (await exit(ethereum.bob, d.bttc.publicClient, { ...opts(d.bttc, ethereum), message: first })).delivered,
      ).to.equal(true);
      expect(await evil.read.reentered()).to.equal(false);
      expect(await ethereum.inbox.read.isExecuted([199n, second.nonce])).to.equal(false);
      await exit(ethereum.bob, d.bttc.publicClient, { ...opts(d.bttc, ethereum), message: second });
      expect(await evil.read.balanceOf([d.bttc.bob.account.address])).to.equal(100n);
      expect(await ethereum.bridge.read.locked([evil.address])).to.equal(0n);
    });
  });
});
