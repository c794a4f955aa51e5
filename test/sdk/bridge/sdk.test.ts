import { expect } from "chai";
import { network } from "hardhat";
import { getAddress, keccak256, toHex, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { TronWeb } from "tronweb";

import { InvalidArgumentError } from "../../../sdk/src/errors.ts";
import {
  InvalidAddressError,
  MessageTree,
  assembleQuorumProof,
  computeMessageRoot,
  getOutboxMessages,
  messageLeaf,
  toEvmAddress,
  toTronAddress,
  treeHeight,
} from "../../../sdk/src/bridge/index.ts";
import { messageLeafReference } from "../../../sdk/src/bridge/merkle.ts";
import { signMessage, type Checkpoint } from "../../../sdk/src/messages/index.ts";
import { InvalidValidatorSetError, SignerNotInSetError } from "../../../sdk/src/staking/index.ts";

describe("sdk/bridge: addresses", () => {
  const usdtTron = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";

  it("decodes TRON base58check like TronWeb, and encodes back", () => {
    const hex = TronWeb.address.toHex(usdtTron) as string;
    expect(toEvmAddress(usdtTron)).to.equal(getAddress(`0x${hex.slice(2)}`));
    expect(toTronAddress(toEvmAddress(usdtTron))).to.equal(usdtTron);
    for (let i = 1; i < 20; i++) {
      const evm = getAddress(keccak256(toHex(i)).slice(0, 42));
      expect(toTronAddress(evm)).to.equal(TronWeb.address.fromHex(`41${evm.slice(2)}`));
      expect(toEvmAddress(toTronAddress(evm))).to.equal(evm);
    }
  });

  it("accepts 0x hex in any case and TRON 41-prefixed hex", () => {
    const lower = "0xa614f803b6fd780986a42c78ec9c7f77e6ded13c";
    expect(toEvmAddress(lower)).to.equal(getAddress(lower));
    expect(toEvmAddress(`41${lower.slice(2)}`)).to.equal(getAddress(lower));
  });

  it("rejects a bad checksum, a bad character and garbage with InvalidAddressError", () => {
    const flipped = `${usdtTron.slice(0, 33)}${usdtTron.endsWith("t") ? "u" : "t"}`;
    expect(() => toEvmAddress(flipped)).to.throw(InvalidAddressError, /checksum/);
    expect(() => toEvmAddress(`${usdtTron.slice(0, 33)}0`)).to.throw(InvalidAddressError, /not a base58 character/);
    expect(() => toEvmAddress("hello")).to.throw(InvalidAddressError, /not an address/);
    expect(() => toEvmAddress("")).to.throw(InvalidAddressError);
  });
});

describe("sdk/bridge: message tree", () => {
  it("reproduces the Outbox root for every count up to 33, and leaves the contract computes, with verifying proofs", async () => {
    const { viem } = await network.create();
    const outbox = await viem.deployContract("Outbox");
    const client = await viem.getPublicClient();
    for (let n = 0; n <= 33; n++) {
      const messages = await getOutboxMessages(client, { outbox: outbox.address, destChainId: 56n });
      expect(messages.length).to.equal(n);
      const tree = MessageTree.fromMessages(messages);
      expect(tree.root).to.equal(await outbox.read.root([56n]));
      expect(tree.height).to.equal(treeHeight(n));
      for (const [i, m] of messages.entries()) {
        expect(computeMessageRoot(messageLeaf(m), i, tree.proof(i))).to.equal(tree.root);
        expect(messageLeaf(m)).to.equal(
          await outbox.read.leafOf([m.sourceChainId, m.destChainId, m.nonce, m.sender, m.target, m.payload]),
        );
        expect(messageLeaf(m)).to.equal(messageLeafReference(m));
      }
      // Payloads of 0 to 33 bytes: every padding case of the hand-written encoding.
      await outbox.write.send([56n, outbox.address, toHex(new Uint8Array(n).fill(n))]);
    }
  });

  it("rejects out-of-range indices, unordered messages and malformed leaves", () => {
    const tree = MessageTree.fromLeaves([keccak256("0x01"), keccak256("0x02"), keccak256("0x03")]);
    expect(() => tree.proof(3)).to.throw(InvalidArgumentError, /out of range/);
    expect(() => tree.proof(-1)).to.throw(InvalidArgumentError);
    expect(() => MessageTree.fromLeaves(["0x1234"])).to.throw(InvalidArgumentError, /32 bytes/);
    const m = {
      sourceChainId: 1n,
      destChainId: 199n,
      nonce: 1n,
      sender: getAddress("0x" + "11".repeat(20)),
      target: getAddress("0x" + "22".repeat(20)),
      payload: "0x" as Hex,
    };
    expect(() => MessageTree.fromMessages([m])).to.throw(InvalidArgumentError, /nonce order/);
    expect(() => computeMessageRoot(keccak256("0x01"), 4, tree.proof(0))).to.throw(InvalidArgumentError);
  });
});

describe("sdk/bridge: quorum proofs", () => {
  const keys = [1n, 2n, 3n].map((i) => privateKeyToAccount(`0x${(0xabcn + i).toString(16).padStart(64, "0")}`));
  keys.sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
  const set = { signers: keys.map((k) => k.address), powers: [1n, 2n, 3n] };
  const checkpoint: Checkpoint = {
    sourceChainId: 199n,
    destChainId: 1n,
    destContract: getAddress("0x" + "33".repeat(20)),
    epoch: 1n,
    startBlock: 0n,
    endBlock: 9n,
    blockRoot: keccak256("0x00"),
    messageRoot: keccak256("0x01"),
    messageCount: 2n,
  };

  it("packs compact signatures in member order with a bitmap", async () => {
    const sigs = new Map([
      [keys[2]!.address, await signMessage(keys[2]!, "Checkpoint", checkpoint)],
      [keys[0]!.address, await signMessage(keys[0]!, "Checkpoint", checkpoint)],
    ]);
    const proof = assembleQuorumProof(set, sigs);
    expect(proof.signedBitmap).to.equal(0b101n);
    expect((proof.signatures.length - 2) / 2).to.equal(128);
  });

  it("rejects unsorted sets and signers outside the set", async () => {
    const sig = await signMessage(keys[0]!, "Checkpoint", checkpoint);
    expect(() =>
      assembleQuorumProof(
        { signers: [...set.signers].reverse(), powers: set.powers },
        new Map([[keys[0]!.address, sig]]),
      ),
    ).to.throw(InvalidValidatorSetError, /ascending/);
    const outsider = privateKeyToAccount(`0x${"77".repeat(32)}`);
    expect(() => assembleQuorumProof(set, new Map([[outsider.address, sig]]))).to.throw(
      SignerNotInSetError,
      /not in the current set/,
    );
    expect(() => assembleQuorumProof({ signers: set.signers, powers: [1n] }, new Map())).to.throw(
      InvalidArgumentError,
      /differ in length/,
    );
  });
});
