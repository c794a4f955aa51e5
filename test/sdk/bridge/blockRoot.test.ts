import { expect } from "chai";
import { network } from "hardhat";
import { concat, keccak256, toHex, type Hex } from "viem";

import { InvalidArgumentError } from "../../../sdk/src/errors.ts";
import {
  MAX_CHECKPOINT_BLOCKS,
  MessageTree,
  blockRangeRoot,
  getBlockRangeRoot,
} from "../../../sdk/src/bridge/index.ts";

/** The depth-32 keccak tree written out level by level, independent of MessageTree's code. */
function referenceRoot(leaves: readonly Hex[]): Hex {
  let zero: Hex = `0x${"00".repeat(32)}`;
  let level = [...leaves];
  for (let h = 0; h < 32; h++) {
    const next: Hex[] = [];
    for (let i = 0; i < Math.max(1, Math.ceil(level.length / 2)); i++)
      next.push(keccak256(concat([level[2 * i] ?? zero, level[2 * i + 1] ?? zero])));
    level = next;
    zero = keccak256(concat([zero, zero]));
  }
  return level[0]!;
}

describe("sdk/bridge: checkpoint block root", () => {
  const hashes = Array.from({ length: 5 }, (_, i) => keccak256(toHex(`block ${i}`)));

  it("is the depth-32 keccak Merkle root of the block hashes in order", () => {
    expect(blockRangeRoot(hashes)).to.equal(referenceRoot(hashes));
    expect(blockRangeRoot(hashes)).to.equal(MessageTree.fromLeaves(hashes).root);
    expect(blockRangeRoot(hashes)).to.not.equal(blockRangeRoot([...hashes].reverse()));
    expect(blockRangeRoot(hashes.slice(0, 1))).to.equal(referenceRoot(hashes.slice(0, 1)));
  });

  it("covers 1 to MAX_CHECKPOINT_BLOCKS blocks", () => {
    expect(() => blockRangeRoot([])).to.throw(InvalidArgumentError);
    const many = Array.from({ length: Number(MAX_CHECKPOINT_BLOCKS) + 1 }, () => hashes[0]!);
    expect(() => blockRangeRoot(many)).to.throw(InvalidArgumentError, /1 to 1024 blocks/);
    expect(blockRangeRoot(many.slice(1))).to.match(/^0x[0-9a-f]{64}$/);
  });

  it("reads the range from a node and rejects empty or oversized ranges", async () => {
    const { viem, provider } = await network.create();
    const client = await viem.getPublicClient();
    for (let i = 0; i < 6; i++) await provider.request({ method: "evm_mine", params: [] });
    await provider.request({ method: "hardhat_mine", params: ["0x6"] });
    const blocks = await Promise.all(
      Array.from({ length: 10 }, (_, i) => client.getBlock({ blockNumber: BigInt(i + 2) })),
    );
    expect(await getBlockRangeRoot(client, { startBlock: 2n, endBlock: 11n, concurrency: 3 })).to.equal(
      referenceRoot(blocks.map((b) => b.hash)),
    );
    for (const range of [
      { startBlock: 5n, endBlock: 4n },
      { startBlock: 0n, endBlock: MAX_CHECKPOINT_BLOCKS },
    ]) {
      const error = await getBlockRangeRoot(client, range).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(
        error,
        JSON.stringify(range, (_k, v) => (typeof v === "bigint" ? String(v) : v)),
      ).to.be.instanceOf(InvalidArgumentError);
    }
  });
});
