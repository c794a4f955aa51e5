import { expect } from "chai";
import { createWalletClient, http, toEventSelector, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { LogWatcher, type WatchedLog } from "../../relayer/src/chain/LogWatcher.ts";
import { SqliteStore } from "../../relayer/src/store/SqliteStore.ts";
import { chainOf, DEPLOYER_KEY, deployToken, mintAbi, publicClientFor, tempDir } from "./support/fixture.ts";
import { sharedNode, type HardhatNode } from "./support/node.ts";

const TRANSFER = toEventSelector("Transfer(address,address,uint256)");

describe("Relayer log watcher: confirmed ranges, atomic cursor, deep reorgs", function () {
  let node: HardhatNode;
  let token: Address;

  before(async function () {
    node = await sharedNode(31337);
    token = await deployToken(node);
  });

  async function mint(amount: bigint): Promise<Hex> {
    const wallet = createWalletClient({
      account: privateKeyToAccount(DEPLOYER_KEY),
      transport: http(node.url),
      chain: chainOf(node),
    });
    const hash = await wallet.writeContract({
      address: token,
      abi: mintAbi,
      functionName: "mint",
      args: [wallet.account.address, amount],
    });
    await publicClientFor(node).waitForTransactionReceipt({ hash, pollingInterval: 20 });
    return hash;
  }

  it("hands over logs only at depth, once, moving the cursor with them; re-reads after a deep reorg", async function () {
    const client = publicClientFor(node);
    const store = new SqliteStore(`${tempDir()}/w.db`);
    const seen = new Map<string, WatchedLog>();
    const handled: string[] = [];
    const watcher = new LogWatcher({
      store,
      client,
      chain: "local",
      name: "token-transfers",
      address: token,
      topics: [TRANSFER],
      confirmations: 3,
      fromBlock: Number(await client.getBlockNumber()),
    });
    const handle = async (logs: readonly WatchedLog[]) => {
      for (const log of logs) {
        const id = `${log.transactionHash}:${log.logIndex}`;
        handled.push(id);
        if (!seen.has(id)) await store.insertRecord("watch", id, "seen", { block: log.blockNumber });
        seen.set(id, log);
      }
    };
    try {
      const first = await mint(1n);
      await watcher.poll(handle);
      expect(handled, "not yet at depth 3").to.deep.equal([]);
      await node.rpc("hardhat_mine", ["0x2"]);
      await watcher.poll(handle);
      expect(handled).to.deep.equal([`${first}:0`]);
      await watcher.poll(handle);
      expect(handled, "nothing twice").to.have.length(1);

      // A branch that later disappears: two mints, buried at depth, read, then reverted away.
      const snapshot = await node.rpc<Hex>("evm_snapshot");
      const doomed = await mint(2n);
      await node.rpc("hardhat_mine", ["0x3"]);
      while ((await watcher.poll(handle)) > 0);
      expect(handled).to.include(`${doomed}:0`);
      const cursorBefore = (await store.getCursor("local", "token-transfers"))!;
      await node.rpc("evm_revert", [snapshot]);
      const replacement = await mint(3n);
      await node.rpc("hardhat_mine", ["0x5"]);
      for (let i = 0; i < 5; i++) await watcher.poll(handle);
      // Without stepping back, the replacement (below the old cursor) would never be read.
      expect(seen.get(`${replacement}:0`)!.blockNumber).to.be.at.most(cursorBefore.block);
      expect(handled).to.include(`${replacement}:0`);
      const cursor = (await store.getCursor("local", "token-transfers"))!;
      expect(cursor.blockHash).to.equal((await client.getBlock({ blockNumber: BigInt(cursor.block) })).hash);
      expect(cursor.blockHash).to.not.equal(cursorBefore.blockHash);
      // Records are keyed by log id: the re-read inserted nothing twice.
      expect(await store.countRecordsByState("watch")).to.deep.equal([{ duty: "watch", state: "seen", count: 3 }]);
    } finally {
      await store.close();
    }
  });

  it("prepare: chain reads run before the store transaction (not inside it), and a failed prepare moves nothing", async function () {
    const client = publicClientFor(node);
    const store = new SqliteStore(`${tempDir()}/p.db`);
    const watcher = new LogWatcher({
      store,
      client,
      chain: "local",
      name: "prepared",
      address: token,
      topics: [TRANSFER],
      confirmations: 1,
      fromBlock: Number(await client.getBlockNumber()),
    });
    try {
      const minted = await mint(5n);
      const failed = await watcher
        .poll(
          () => expect.fail("handle must not run after a failed prepare"),
          () => Promise.reject(new Error("RPC down")),
        )
        .then(
          () => undefined,
          (error: Error) => error.message,
        );
      expect(failed).to.equal("RPC down");
      expect(await store.getCursor("local", "prepared"), "cursor not moved").to.equal(undefined);
      const inside: boolean[] = [];
      const got: string[] = [];
      await watcher.poll<string[]>(
        (_logs, ids) => {
          inside.push(store.db.inTransaction);
          got.push(...ids);
        },
        async (logs) => {
          inside.push(store.db.inTransaction);
          await client.getBlockNumber({ cacheTime: 0 }); // a chain read, as a duty's prepare makes
          return logs.map((log) => log.transactionHash);
        },
      );
      expect(inside, "[in prepare, in handle]").to.deep.equal([false, true]);
      expect(got).to.deep.equal([minted]);
    } finally {
      await store.close();
    }
  });
});
