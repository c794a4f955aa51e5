/**
 * Fast and slow exit latency on the relayer bench's cadence (`bench/relayer.bench.ts`: hardhat
 * nodes without automine, a block every second on both chains, 2 confirmations): BTTC and a root
 * chain (Ethereum's id) as `hardhat node` processes; one relayer daemon in-process with
 * `fastFills` (fronts fast withdrawals 2 blocks deep) and `messages` (executes the user's
 * withdrawals, which repays fills); BTTC -> root checkpoints signed by the four test validators and
 * submitted by the test Checkpointer, 2 blocks deep, as soon as the stream grew. Fast and slow
 * withdrawals alternate; each is timed from its receipt on BTTC to the recipient's balance on the root.
 */
import { readFileSync, writeFileSync } from "node:fs";

import { type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { childBridgeAbi } from "@btt-network/sdk/bridge";
import {
  deployBridgeNetwork,
  depositMany,
  fundedUser,
  send,
  walletFor,
  writeMessagesConfig,
} from "../../test/relayer/support/bridge.ts";
import { balanceOf, mintAbi } from "../../test/relayer/support/fixture.ts";
import { startHardhatNode } from "../../test/relayer/support/node.ts";
import { startInProcess } from "../../test/relayer/support/relayer.ts";

export const EXIT_BLOCK_MS = 1_000;
export const EXIT_CONFIRMATIONS = 2;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`exit latency bench: ${what} did not happen within ${timeoutMs} ms`);
    await sleep(20);
  }
}

export interface ExitLatency {
  readonly fastMs: number[];
  readonly slowMs: number[];
}

/** `samples` fast and `samples` slow withdrawals, alternating; milliseconds from BTTC receipt to the recipient paid. */
export async function exitLatency(samples: number): Promise<ExitLatency> {
  const [child, root] = await Promise.all([startHardhatNode(199), startHardhatNode(1)]);
  const net = await deployBridgeNetwork(child, [root]);
  const side = net.roots[0]!;
  const [user, executor, filler] = [
    await fundedUser([child, root]),
    await fundedUser([child, root]),
    await fundedUser([child, root]),
  ];
  await send(root, { address: side.token, abi: mintAbi, functionName: "mint", args: [filler.address, 10n ** 24n] });
  const config = writeMessagesConfig({
    net,
    key: executor.key,
    withdrawals: { withdrawers: [user.address] },
    confirmations: { bttc: EXIT_CONFIRMATIONS, ethereum: EXIT_CONFIRMATIONS },
  });
  const json = JSON.parse(readFileSync(config.file, "utf8")) as {
    keys: Record<string, unknown>;
    duties: Record<string, unknown>;
  };
  json.keys.filler = {};
  json.duties.fastFills = {
    chain: "ethereum",
    key: "filler",
    source: "bttc",
    intervalMs: 100,
    outbox: net.child.outbox,
    childBridge: net.child.bridge,
    rootBridge: side.bridge,
    fromBlock: net.child.fromBlock,
    confirmations: EXIT_CONFIRMATIONS,
    tokens: [{ token: side.token, maxExposure: (10n ** 24n).toString() }],
  };
  writeFileSync(config.file, JSON.stringify(json, null, 2));
  const relayer = await startInProcess(config, { BTT_RELAYER_KEY_FILLER: filler.key }, "warn");
  try {
    for (const route of net.checkpointer.routes) net.checkpointer.confirmations.set(route, EXIT_CONFIRMATIONS);
    net.checkpointer.start(150);
    // The user's child tokens (automine while setting up: blocks mined on top for the depth).
    const amount = 1_000_000n;
    await depositMany(side, user, [user.address], 1, amount * BigInt(2 * samples));
    await root.rpc("hardhat_mine", [`0x${EXIT_CONFIRMATIONS.toString(16)}`]);
    const mineChild = setInterval(() => void child.rpc("hardhat_mine", ["0x1"]).catch(() => undefined), 500);
    await until(
      "the deposit on BTTC",
      async () => (await balanceOf(net.child.client, side.childToken, user.address)) > 0n,
    ).finally(() => clearInterval(mineChild));
    for (const node of [child, root]) {
      await node.rpc("evm_setAutomine", [false]);
      await node.rpc("evm_setIntervalMining", [EXIT_BLOCK_MS]);
    }
    const wallet = walletFor(child, user.key);
    const exit = async (fastFee: bigint): Promise<number> => {
      const to: Address = privateKeyToAccount(generatePrivateKey()).address;
      const hash: Hex = await wallet.writeContract({
        address: net.child.bridge,
        abi: childBridgeAbi,
        functionName: "withdrawWithFees",
        args: [side.childToken, BigInt(root.chainId), to, amount, fastFee, 0n],
        gas: 400_000n,
      });
      await net.child.client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
      const start = performance.now();
      await until("the recipient paid", async () => (await balanceOf(side.client, side.token, to)) > 0n);
      return performance.now() - start;
    };
    const fastMs: number[] = [];
    const slowMs: number[] = [];
    for (let i = 0; i < samples; i++) {
      fastMs.push(await exit(amount / 100n));
      slowMs.push(await exit(0n));
    }
    return { fastMs, slowMs };
  } finally {
    await net.checkpointer.stop();
    await relayer.stop("bench done");
    await Promise.all([child.stop(), root.stop()]);
  }
}
