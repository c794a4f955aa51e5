import { expect } from "chai";
import { getAddress, type Hex } from "viem";

import {
  BridgeContractError,
  buildMessageProof,
  deposit,
  executeMessage,
  getDepositStatus,
  getMessageFromTransaction,
  getWithdrawalStatus,
  MessageNotFoundError,
  NoContractError,
  waitForDeposit,
  withdraw,
  WrongChainError,
  type CrossChainMessage,
} from "../../../sdk/src/bridge/index.ts";
import { InsufficientTokenBalanceError, InvalidArgumentError, UnknownRevertError } from "../../../sdk/src/index.ts";
import { badInputTable, type BadInput } from "../../support/badInputs.ts";
import { deployBridge, mapTokens, relayCheckpoint, type Deployment } from "./support/fixture.ts";

const E18 = 10n ** 18n;

interface Env {
  d: Deployment;
  /** A deposit from TRON, sent and checkpointed on BTTC (not executed). */
  sent: CrossChainMessage;
  sentHash: Hex;
  /** A transaction on TRON that sent no message (a mint). */
  mintHash: Hex;
}

/** The bridge's bad inputs, each with the typed error it gives, on four simulated chains. */
describe("sdk/bridge: bad inputs give typed errors", function () {
  let env: Env;

  before(async () => {
    const d = await deployBridge();
    await mapTokens(d);
    const { tron } = d.roots;
    const mintHash = await tron.usdt.write.mint([tron.alice.account.address, 100n * E18]);
    const { hash, message } = await deposit(tron.alice, {
      rootBridge: tron.bridge.address,
      token: tron.usdt.address,
      amount: 10n * E18,
    });
    await relayCheckpoint(tron, d.bttc);
    env = { d, sent: message, sentHash: hash, mintHash };
  });

  it("finds a deposit from the transaction that sent it, and its status by hash (matic.js isDeposited)", async () => {
    const { d, sent, sentHash } = env;
    const tron = d.roots.tron;
    expect(
      await getMessageFromTransaction(tron.publicClient, { hash: sentHash, outbox: tron.outbox.address }),
    ).to.deep.equal(sent);
    const source = { client: tron.publicClient, outbox: tron.outbox.address };
    expect(
      await getDepositStatus(d.bttc.publicClient, { inbox: d.bttc.inbox.address, hash: sentHash, source }),
    ).to.equal("ready-to-execute");
    expect(
      await getDepositStatus(d.bttc.publicClient, { inbox: d.bttc.inbox.address, message: sent, source }),
    ).to.equal("ready-to-execute");
  });

  it("reports each stage of a deposit with an approval (onProgress)", async () => {
    const { bnb } = env.d.roots;
    await bnb.usdt.write.mint([bnb.bob.account.address, 3n]);
    const stages: string[] = [];
    const result = await deposit(bnb.bob, {
      rootBridge: bnb.bridge.address,
      token: bnb.usdt.address,
      amount: 3n,
      onProgress: (p) => stages.push(p.stage),
    });
    expect(stages).to.deep.equal(["approval-sent", "approval-confirmed", "deposit-sent", "deposit-confirmed"]);
    expect(result.approvalHash).to.be.a("string");
  });

  const rows: BadInput<Env>[] = [
    {
      input: "status of a nonce the source Outbox never sent",
      run: ({ d, sent }) =>
        getDepositStatus(d.bttc.publicClient, {
          inbox: d.bttc.inbox.address,
          message: { ...sent, nonce: 999n },
          source: { client: d.roots.tron.publicClient, outbox: d.roots.tron.outbox.address },
        }),
      error: MessageNotFoundError,
      message: /never sent message 999/,
    },
    {
      input: "waitForDeposit of a message never sent (ends at once, no 30-minute spin)",
      run: ({ d, sent }) =>
        waitForDeposit(d.bttc.publicClient, {
          inbox: d.bttc.inbox.address,
          message: { ...sent, nonce: 999n },
          source: { client: d.roots.tron.publicClient, outbox: d.roots.tron.outbox.address },
          pollingInterval: 10,
          timeout: 5_000,
        }),
      error: MessageNotFoundError,
    },
    {
      input: "status asked of a client on another chain than the message's destination (same Inbox address)",
      run: ({ d, sent }) =>
        getDepositStatus(d.roots.ethereum.publicClient, { inbox: d.bttc.inbox.address, message: sent }),
      error: WrongChainError,
      message: /goes to chain 199, but the client is on chain 1\b/,
    },
    {
      input: "status of a message from an unknown source chain",
      run: ({ d, sent }) =>
        getDepositStatus(d.bttc.publicClient, {
          inbox: d.bttc.inbox.address,
          message: { ...sent, sourceChainId: 12345n },
          source: { client: d.roots.tron.publicClient, outbox: d.roots.tron.outbox.address },
        }),
      error: WrongChainError,
    },
    {
      input: "withdrawal status asked of the source chain itself",
      run: ({ d, sent }) =>
        getWithdrawalStatus(d.roots.tron.publicClient, {
          inbox: d.roots.tron.inbox.address,
          message: { sourceChainId: sent.sourceChainId, nonce: 0n },
        }),
      error: WrongChainError,
    },
    {
      input: "status by the hash of a transaction that sent no message",
      run: ({ d, mintHash }) =>
        getDepositStatus(d.bttc.publicClient, {
          inbox: d.bttc.inbox.address,
          hash: mintHash,
          source: { client: d.roots.tron.publicClient, outbox: d.roots.tron.outbox.address },
        }),
      error: MessageNotFoundError,
      message: /sent no message/,
    },
    {
      input: "status by an unknown transaction hash",
      run: ({ d }) =>
        getDepositStatus(d.bttc.publicClient, {
          inbox: d.bttc.inbox.address,
          hash: `0x${"42".repeat(32)}`,
          source: { client: d.roots.tron.publicClient, outbox: d.roots.tron.outbox.address },
        }),
      error: MessageNotFoundError,
    },
    {
      input: "deposit above the token balance (no approval is sent)",
      run: ({ d }) =>
        deposit(d.roots.ethereum.alice, {
          rootBridge: d.roots.ethereum.bridge.address,
          token: d.roots.ethereum.usdt.address,
          amount: 10n ** 30n,
        }),
      error: InsufficientTokenBalanceError,
      after: async ({ d }) => {
        const { ethereum } = d.roots;
        expect(await ethereum.usdt.read.allowance([ethereum.alice.account.address, ethereum.bridge.address])).to.equal(
          0n,
        );
        expect(await ethereum.publicClient.getTransactionCount({ address: ethereum.alice.account.address })).to.equal(
          0,
        );
      },
    },
    {
      input: "deposit above the balance with a permit",
      run: ({ d }) =>
        deposit(d.roots.ethereum.alice, {
          rootBridge: d.roots.ethereum.bridge.address,
          token: d.roots.ethereum.btt.address,
          amount: 1n,
          approval: "permit",
        }),
      error: InsufficientTokenBalanceError,
    },
    {
      input: "deposit of a negative amount",
      run: ({ d }) =>
        deposit(d.roots.tron.alice, {
          rootBridge: d.roots.tron.bridge.address,
          token: d.roots.tron.usdt.address,
          amount: -1n,
        }),
      error: InvalidArgumentError,
    },
    {
      input: "deposit from a client on the wrong chain (BTTC client, a root token address)",
      run: ({ d }) =>
        deposit(d.bttc.alice, {
          rootBridge: d.roots.tron.bridge.address,
          token: d.roots.tron.usdt.address,
          amount: 1n,
        }),
      error: NoContractError,
      message: /on chain 199/,
    },
    {
      input: "deposit to an address without code",
      run: ({ d }) =>
        deposit(d.roots.tron.alice, {
          rootBridge: getAddress(`0x${"77".repeat(20)}`),
          token: d.roots.tron.usdt.address,
          amount: 1n,
        }),
      error: NoContractError,
    },
    {
      input: "deposit of a token that is not mapped",
      run: async ({ d }) => {
        const { tron } = d.roots;
        await tron.btt.write.mint([tron.bob.account.address, 5n]);
        const other = await tron.viem.deployContract("BTTToken", [tron.deployer.account.address]);
        await other.write.mint([tron.bob.account.address, 5n]);
        return deposit(tron.bob, { rootBridge: tron.bridge.address, token: other.address, amount: 5n });
      },
      error: BridgeContractError,
      errorName: "RootBridgeTokenNotMapped",
    },
    {
      input: "withdraw through a client on a root chain (the ChildBridge address there is the RootBridge)",
      run: ({ d }) =>
        withdraw(d.roots.tron.alice, {
          childBridge: d.bttc.bridge.address,
          token: d.roots.tron.usdt.address,
          rootChainId: 728126428n,
          amount: 1n,
        }),
      error: UnknownRevertError,
      message: /on chain 728126428/,
    },
    {
      input: "withdraw of a negative amount",
      run: ({ d }) =>
        withdraw(d.bttc.alice, {
          childBridge: d.bttc.bridge.address,
          token: "native",
          rootChainId: 728126428n,
          amount: -5n,
        }),
      error: InvalidArgumentError,
    },
    {
      input: "execute with a tampered proof",
      run: async ({ d, sent }) => {
        const tron = d.roots.tron;
        const proof = await buildMessageProof(tron.publicClient, d.bttc.publicClient, {
          outbox: tron.outbox.address,
          inbox: d.bttc.inbox.address,
          message: sent,
        });
        const tampered = { ...proof, message: { ...sent, payload: `${sent.payload.slice(0, -2)}ff` as Hex } };
        return executeMessage(d.bttc.bob, { inbox: d.bttc.inbox.address, proof: tampered });
      },
      error: BridgeContractError,
      errorName: "InboxInvalidProof",
    },
  ];
  badInputTable(rows, () => env);
});
