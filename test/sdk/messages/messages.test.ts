import { expect } from "chai";
import { network } from "hardhat";
import { getAddress, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import {
  InvalidMessageError,
  InvalidSignatureError,
  hashMessage,
  isHighS,
  parseSignature,
  recoverMessageSigner,
  signMessage,
  toHighS,
  type Checkpoint,
  type MessageByKind,
  type MessageKind,
  type StorageDeal,
  type ValidatorSetRotation,
  type Voucher,
} from "../../../sdk/src/messages/index.ts";

const addr = (n: number) => getAddress(`0x${n.toString(16).padStart(40, "0")}`);
const word = (n: number): Hex => `0x${n.toString(16).padStart(64, "0")}`;

const checkpoint: Checkpoint = {
  sourceChainId: 199n,
  destChainId: 728126428n,
  destContract: addr(0xc0ffee),
  epoch: 7n,
  startBlock: 1_000n,
  endBlock: 1_255n,
  blockRoot: word(0xb10c),
  messageRoot: word(0x3e55),
  messageCount: 42n,
};
const rotation: ValidatorSetRotation = {
  destChainId: 1n,
  destContract: addr(0xabc),
  epoch: 7n,
  newEpoch: 8n,
  newSetHash: word(0x5e7),
  newTotalPower: 10n ** 24n,
};
const voucher: Voucher = {
  chainId: 199n,
  pool: addr(0x9001),
  payer: addr(0xa),
  payee: addr(0xb),
  token: addr(0),
  cumulativeAmount: 123_456_789n,
  generation: 3n,
};
const deal: StorageDeal = {
  chainId: 199n,
  market: addr(0x3a3),
  client: addr(0xc1),
  host: addr(0x40),
  root: word(0x7007),
  size: 64n << 20n,
  start: 100n,
  periods: 3n,
  periodLength: 600n,
  pricePerPeriod: 10n ** 18n,
  collateral: 5n * 10n ** 17n,
  challengesPerPeriod: 3n,
  nonce: 1n,
  deadline: 2_000_000_000n,
};

describe("signed messages: the SDK and the contracts compute the same EIP-712 digests", () => {
  const account = privateKeyToAccount(generatePrivateKey());

  async function deploy() {
    const { viem } = await network.create();
    return viem.deployContract("MessagesHarness");
  }

  type Case = { [K in MessageKind]: { kind: K; message: MessageByKind[K]; fn: string } }[MessageKind];
  const cases: Case[] = [
    { kind: "Checkpoint", message: checkpoint, fn: "hashCheckpoint" },
    { kind: "ValidatorSetRotation", message: rotation, fn: "hashRotation" },
    { kind: "Voucher", message: voucher, fn: "hashVoucher" },
    { kind: "StorageDeal", message: deal, fn: "hashStorageDeal" },
  ];

  for (const { kind, message, fn } of cases) {
    it(`${kind}: viem signs, the contract hashes the same digest and recovers the signer`, async () => {
      const harness = await deploy();
      const digest = hashMessage(kind, message as never);
      const onChain = await harness.read[fn as "hashCheckpoint"]([message as never]);
      expect(onChain).to.equal(digest);
      const signature = await signMessage(account, kind, message as never);
      expect(isHighS(signature)).to.equal(false);
      expect(await harness.read.recover([digest, signature])).to.equal(account.address);
      expect(await recoverMessageSigner(kind, message as never, signature)).to.equal(account.address);
    });
  }

  it("every field is bound: changing any field changes the digest", () => {
    const base = hashMessage("Checkpoint", checkpoint);
    for (const key of Object.keys(checkpoint) as (keyof Checkpoint)[]) {
      const value = checkpoint[key];
      const changed = typeof value === "bigint" ? value + 1n : key.endsWith("Root") ? word(0xdead) : addr(0xdead);
      expect(hashMessage("Checkpoint", { ...checkpoint, [key]: changed }), key).to.not.equal(base);
    }
  });

  it("the domain has no chain id: the same message hashes alike on every chain", async () => {
    const { viem: a } = await network.create({ network: "tron" });
    const { viem: b } = await network.create({ network: "bnb" });
    const onTron = await a.deployContract("MessagesHarness");
    const onBnb = await b.deployContract("MessagesHarness");
    expect(await onTron.read.domainSeparator()).to.equal(await onBnb.read.domainSeparator());
    expect(await onTron.read.hashVoucher([voucher])).to.equal(await onBnb.read.hashVoucher([voucher]));
  });

  it("high-s signatures are rejected by the contract and by the SDK", async () => {
    const harness = await deploy();
    const digest = hashMessage("Voucher", voucher);
    const low = await signMessage(account, "Voucher", voucher);
    const high = toHighS(low);
    expect(isHighS(high)).to.equal(true);
    let reverted: unknown;
    await harness.read.recover([digest, high]).catch((e: unknown) => (reverted = e));
    expect(String(reverted)).to.match(/MessagesInvalidSignature/);
    expect(await harness.read.tryRecover([digest, high])).to.equal("0x0000000000000000000000000000000000000000");
    expect(() => parseSignature(high)).to.throw(InvalidSignatureError, /high s/);
    let sdkError: unknown;
    await recoverMessageSigner("Voucher", voucher, high).catch((e: unknown) => (sdkError = e));
    expect(sdkError).to.be.instanceOf(InvalidSignatureError);
  });

  it("malformed signatures are rejected with a clear error", async () => {
    const harness = await deploy();
    const digest = hashMessage("Voucher", voucher);
    expect(() => parseSignature("0x1234")).to.throw(InvalidSignatureError, /65 bytes/);
    const sig = await signMessage(account, "Voucher", voucher);
    expect(() => parseSignature(`${sig.slice(0, 130)}1f` as Hex)).to.throw(InvalidSignatureError, /v must be 27 or 28/);
    let reverted: unknown;
    await harness.read.recover([digest, "0x1234"]).catch((e: unknown) => (reverted = e));
    expect(String(reverted)).to.match(/MessagesInvalidSignature/);
  });

  describe("bad message fields get InvalidMessageError", () => {
    const bad: [string, () => unknown, RegExp][] = [
      [
        "negative amount",
        () => hashMessage("Voucher", { ...voucher, cumulativeAmount: -1n }),
        /cumulativeAmount must be a bigint/,
      ],
      [
        "amount as number",
        () => hashMessage("Voucher", { ...voucher, generation: 1 as unknown as bigint }),
        /generation must be a bigint/,
      ],
      [
        "amount above 2^256",
        () => hashMessage("Voucher", { ...voucher, cumulativeAmount: 1n << 256n }),
        /\[0, 2\^256\)/,
      ],
      [
        "bad address",
        () => hashMessage("Voucher", { ...voucher, payee: "0x1234" as Hex }),
        /payee must be a 20-byte hex address/,
      ],
      [
        "short root",
        () => hashMessage("Checkpoint", { ...checkpoint, blockRoot: "0x12" }),
        /blockRoot must be 32 bytes/,
      ],
      [
        "missing field",
        () => hashMessage("Checkpoint", { ...checkpoint, messageCount: undefined as unknown as bigint }),
        /messageCount/,
      ],
      ["unknown kind", () => hashMessage("Nope" as MessageKind, voucher as never), /Unknown message kind/],
    ];
    for (const [name, run, message] of bad) {
      it(name, () => {
        expect(run).to.throw(InvalidMessageError, message);
      });
    }
  });
});
