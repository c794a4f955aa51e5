import { expect } from "chai";
import { network } from "hardhat";
import { createPublicClient, custom, hexToBigInt, type EIP1193Provider, type Hex } from "viem";

import { DEFAULT_LOG_BLOCK_RANGE, getOutboxMessages } from "../../../sdk/src/bridge/index.ts";

/** Issue 16, item 8: exit proofs do not scan logs from block 0; every eth_getLogs fits a public RPC's range. */
describe("sdk/bridge: Outbox logs are read in bounded pages, never from block 0 by default", () => {
  it("finds the checkpointed messages of an Outbox created at block ~20,000 in pages of at most 5,000 blocks", async () => {
    const chain = await network.create({ network: "bttc" });
    await chain.networkHelpers.mine(20_000);
    const outbox = await chain.viem.deployContract("Outbox");
    const created = await (await chain.viem.getPublicClient()).getBlockNumber();
    for (let i = 0; i < 3; i++) await outbox.write.send([1n, outbox.address, "0x"]);
    await chain.networkHelpers.mine(7_000);

    const ranges: [bigint, bigint][] = [];
    const provider = chain.provider as unknown as EIP1193Provider;
    const recording = custom({
      async request(args: { method: string; params?: unknown }) {
        if (args.method === "eth_getLogs") {
          const [filter] = args.params as [{ fromBlock: Hex; toBlock: Hex }];
          ranges.push([hexToBigInt(filter.fromBlock), hexToBigInt(filter.toBlock)]);
        }
        return provider.request(args as never);
      },
    });
    const client = createPublicClient({ transport: recording });
    const messages = await getOutboxMessages(client, { outbox: outbox.address, destChainId: 1n, count: 3n });
    expect(messages.map((m) => m.nonce)).to.deep.equal([0n, 1n, 2n]);
    expect(ranges.length).to.be.greaterThan(0);
    for (const [from, to] of ranges) expect(to - from + 1n).to.be.at.most(DEFAULT_LOG_BLOCK_RANGE);
    // Stopped at the first message: nothing below the page holding the Outbox's creation block.
    const lowest = ranges.reduce((min, [from]) => (from < min ? from : min), ranges[0]![0]);
    expect(lowest).to.be.greaterThan(created - DEFAULT_LOG_BLOCK_RANGE);
    expect(ranges.length).to.be.at.most(3);
  });
});
