import { expect } from "chai";
import { encodeAbiParameters, getAddress, zeroAddress, type Address, type Hex } from "viem";

import { parseConfig } from "../../relayer/src/config/load.ts";
import { createDuties } from "../../relayer/src/duties/registry.ts";
import { resolveMessages } from "../../relayer/src/duties/messages/config.ts";
import { decodeWithdrawal, MessagePolicy } from "../../relayer/src/duties/messages/policy.ts";
import { messageId } from "../../relayer/src/duties/messages/streams.ts";
import { ConfigError } from "../../relayer/src/errors.ts";
import { SqliteStore } from "../../relayer/src/store/SqliteStore.ts";

const A = "0x00000000000000000000000000000000000000a1" as Address;
const B = "0x00000000000000000000000000000000000000b2" as Address;
const BRIDGE = "0x00000000000000000000000000000000000000c3" as Address;
const endpoint = { inbox: A, outbox: B, bridge: BRIDGE };

const transfer = (kind: bigint, from: Address, to: Address): Hex =>
  encodeAbiParameters(
    [{ type: "uint256" }, { type: "address" }, { type: "address" }, { type: "address" }, { type: "uint256" }],
    [kind, zeroAddress, from, to, 5n],
  );

function messagesConfig(messages: Record<string, unknown>) {
  return {
    chains: { bttc: { rpcUrl: "http://127.0.0.1:8545" }, ethereum: { rpcUrl: "http://127.0.0.1:8546" } },
    keys: { executor: {} },
    duties: {
      messages: { chain: "bttc", key: "executor", endpoints: { bttc: endpoint, ethereum: endpoint }, ...messages },
    },
  };
}

describe("Relayer message executor: configuration and policy", function () {
  it("parses the duty with its defaults (no withdrawal opted in)", async function () {
    const config = parseConfig(messagesConfig({}));
    const messages = resolveMessages(config.duties.messages!, new Map());
    expect(messages.withdrawals).to.deep.equal({ recipients: [], withdrawers: [] });
    expect(messages.maxFailedExecutions).to.equal(3);
    expect(messages.endpoints.ethereum).to.deep.equal({ ...endpoint, fromBlock: 0 });
  });

  it("refuses endpoints without BTTC's own entry, and endpoints on chains that are not configured", async function () {
    const store = new SqliteStore(":memory:");
    try {
      const noChild = parseConfig(messagesConfig({ endpoints: { ethereum: endpoint } }));
      expect(() => createDuties({ config: noChild, baseDir: ".", store })).to.throw(
        ConfigError,
        /endpoints needs an entry for its chain 'bttc'/,
      );
      const unknown = parseConfig(messagesConfig({ endpoints: { bttc: endpoint, bnb: endpoint } }));
      expect(() => createDuties({ config: unknown, baseDir: ".", store })).to.throw(
        ConfigError,
        /endpoints\.bnb: chain 'bnb' is not configured/,
      );
    } finally {
      await store.close();
    }
  });

  it("executes deposits from the bridge, withdrawals only for opted-in recipients or withdrawers", async function () {
    const policy = new MessagePolicy({ recipients: [A], withdrawers: [B] });
    const source = { ...endpoint, fromBlock: 0 };
    expect(policy.judge("deposit", source, { sender: BRIDGE, payload: transfer(2n, B, B) })).to.deep.equal({
      execute: true,
    });
    expect(
      policy.judge("deposit", source, { sender: A, payload: transfer(2n, B, B) }).execute,
      "not the bridge",
    ).to.equal(false);
    expect(
      policy.judge("withdrawal", source, { sender: BRIDGE, payload: transfer(3n, zeroAddress, A) }).execute,
      "recipient opted in",
    ).to.equal(true);
    expect(
      policy.judge("withdrawal", source, { sender: BRIDGE, payload: transfer(3n, B, zeroAddress) }).execute,
      "withdrawer opted in",
    ).to.equal(true);
    expect(
      policy.judge("withdrawal", source, { sender: BRIDGE, payload: transfer(3n, zeroAddress, zeroAddress) }),
    ).to.deep.equal({
      execute: false,
      reason: "withdrawal of a user who did not opt in",
    });
    expect(
      policy.judge("withdrawal", source, { sender: BRIDGE, payload: "0x1234" }).execute,
      "garbage payload",
    ).to.equal(false);
    expect(decodeWithdrawal(transfer(2n, A, B)), "a deposit payload is not a withdrawal").to.equal(undefined);
    expect(decodeWithdrawal(transfer(3n, A, B))).to.deep.equal({
      withdrawer: getAddress(A),
      recipient: getAddress(B),
      amount: 5n,
    });
  });

  it("keys records by (source, destination, nonce), nonces padded so a stream sorts in nonce order", async function () {
    expect(messageId(1n, 199n, 7n)).to.equal("1:199:0000000007");
    const ids = [10n, 2n, 1n].map((n) => messageId(1n, 199n, n)).sort();
    expect(ids).to.deep.equal(["1:199:0000000001", "1:199:0000000002", "1:199:0000000010"]);
  });
});

describe("Relayer message executor: opting in later", function () {
  it("re-judges skipped withdrawals at start-up with the current allow-list", async function () {
    const { MessageDuty } = await import("../../relayer/src/duties/messages/MessageDuty.ts");
    const { createPublicClient, http } = await import("viem");
    const store = new SqliteStore(":memory:");
    try {
      const config = parseConfig(messagesConfig({}));
      const clients = new Map([
        ["bttc", createPublicClient({ transport: http("http://127.0.0.1:9") })],
        ["ethereum", createPublicClient({ transport: http("http://127.0.0.1:9") })],
      ]);
      const record = (nonce: number, to: Address) => ({
        source: "bttc",
        dest: "ethereum",
        sourceChainId: "199",
        destChainId: "1",
        nonce: String(nonce),
        sender: BRIDGE,
        target: A,
        payload: transfer(3n, zeroAddress, to),
        leaf: `0x${"00".repeat(32)}`,
        txHash: `0x${"00".repeat(32)}`,
        blockNumber: 1,
        blockHash: `0x${"00".repeat(32)}`,
        logIndex: 0,
        failures: 0,
      });
      await store.insertRecord("messages", messageId(199n, 1n, 0n), "skipped", record(0, A));
      await store.insertRecord("messages", messageId(199n, 1n, 1n), "skipped", record(1, B));
      await new MessageDuty({
        config: resolveMessages(config.duties.messages!, new Map()),
        chains: config.chains,
        clients,
        store,
      }).startUp();
      expect((await store.getRecord("messages", messageId(199n, 1n, 0n)))?.state, "nobody opted in yet").to.equal(
        "skipped",
      );
      const optedIn = parseConfig(messagesConfig({ withdrawals: { recipients: [A] } }));
      await new MessageDuty({
        config: resolveMessages(optedIn.duties.messages!, new Map()),
        chains: optedIn.chains,
        clients,
        store,
      }).startUp();
      expect((await store.getRecord("messages", messageId(199n, 1n, 0n)))?.state).to.equal("waiting");
      expect((await store.getRecord("messages", messageId(199n, 1n, 1n)))?.state).to.equal("skipped");
    } finally {
      await store.close();
    }
  });
});
