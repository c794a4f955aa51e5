/**
 * Step 2: deposits from each root chain into BTTC, then withdrawals out of BTTC, one of them to
 * another root chain than the one the tokens came from (native BTT deposited from TRON exits on
 * Ethereum). The relayer daemons carry everything: checkpoints signed by the staked set (validator
 * keys spread over three daemons), deposits executed on BTTC, and the users' withdrawals executed
 * on the roots (Alice opted in). The story sends and checks balances exactly.
 */
import { erc20Abi, type Address } from "viem";

import {
  childBridgeAbi,
  deposit,
  getDepositStatus,
  rootBridgeAbi,
  toTronAddress,
  withdraw,
  type CrossChainMessage,
} from "@btt-network/sdk/bridge";
import { cast, rootNames, type Chains, type RootName } from "./chains.ts";
import type { Deployment } from "./deploy.ts";
import { BTT } from "./profile.ts";
import type { DevnetRelayers } from "../relayers.ts";
import { awaitCheckpoint, awaitExecution, describeQuorum, type AwaitedCheckpoint, type RelayTiming } from "./relay.ts";
import { expectEqual, plural, units, type Reporter } from "./report.ts";

/** What each account deposits from each root (token "btt" or "usdt"). */
const deposits: readonly { root: RootName; who: "alice" | "bob"; token: "btt" | "usdt"; amount: bigint }[] = [
  { root: "tron", who: "alice", token: "btt", amount: 500n * BTT },
  { root: "tron", who: "alice", token: "usdt", amount: 1_000n * BTT },
  { root: "ethereum", who: "alice", token: "usdt", amount: 2_000n * BTT },
  { root: "ethereum", who: "bob", token: "btt", amount: 300n * BTT },
  { root: "bnb", who: "alice", token: "btt", amount: 200n * BTT },
];
/** Native BTT from TRON that Alice takes out on Ethereum, and USDT_t she sends back to TRON. */
export const crossExit = 200n * BTT;
export const usdtBack = 250n * BTT;

export interface BridgeOutcome {
  /** Alice's BTTC balances after deposits and withdrawals. */
  readonly aliceNative: bigint;
  readonly aliceUsdtE: bigint;
  readonly aliceUsdtT: bigint;
  readonly aliceBttB: bigint;
  /** Alice's balances on the roots after the exits. */
  readonly aliceEthereumBtt: bigint;
  readonly aliceTronUsdt: bigint;
  /** Native BTT bridged per root chain (ChildBridge.nativeBridged). */
  readonly nativeBridged: Record<RootName, bigint>;
  /** Every checkpoint the daemons submitted for the story's messages, with its quorum. */
  readonly checkpoints: readonly AwaitedCheckpoint[];
  /** How long each relay took (deposit to execution, withdrawal to execution). */
  readonly timings: readonly RelayTiming[];
}

/**
 * The deposits (the first half of step 2, also run alone by test/devnet/postgres.test.ts): each
 * root's deposits checkpointed into BTTC and executed by the daemons; Alice's and Bob's BTTC
 * balances checked exactly.
 */
export async function runDeposits(
  chains: Chains,
  d: Deployment,
  relayers: DevnetRelayers,
  reporter: Reporter,
): Promise<{ checkpoints: AwaitedCheckpoint[]; timings: RelayTiming[] }> {
  const bttc = chains.bttc;
  const alice = bttc.wallet(cast.alice).account.address;
  const nativeBefore = await bttc.publicClient.getBalance({ address: alice });
  const sent: { root: RootName; message: CrossChainMessage; at: number }[] = [];
  for (const { root: name, who, token, amount } of deposits) {
    const root = d.roots[name];
    const wallet = root.chain.wallet(cast[who]);
    const contract = token === "btt" ? root.btt : root.usdt;
    await root.chain.mined(
      token === "btt"
        ? root.btt.write.mint([wallet.account.address, amount])
        : root.usdt.write.mint([wallet.account.address, amount]),
    );
    // TRON users name contracts in base58: the SDK takes either form.
    const rootBridge = name === "tron" ? toTronAddress(root.bridge) : root.bridge;
    const result = await deposit(wallet, {
      rootBridge,
      token: contract.address,
      amount,
      ...(token === "usdt" && name === "ethereum" ? { approval: "permit" as const } : {}),
    });
    await root.chain.mined(result.hash, "deposit");
    sent.push({ root: name, message: result.message, at: performance.now() });
  }
  reporter.ok(
    `${deposits.length} deposits locked on TRON, Ethereum and BNB Chain; the relayer daemons take it from here`,
  );
  const checkpoints: AwaitedCheckpoint[] = [];
  const timings: RelayTiming[] = [];
  for (const name of rootNames) {
    const mine = sent.filter((s) => s.root === name);
    const since = Math.min(...mine.map((s) => s.at));
    const relayed = await awaitCheckpoint(d.roots[name], d.bttc, relayers, since);
    checkpoints.push(relayed);
    await bttc.mined(relayed.hash, "submitCheckpoint (daemon)");
    const executed = await awaitExecution(
      d.bttc,
      mine.map((s) => s.message),
      relayers,
      since,
    );
    for (const hash of executed.hashes) await bttc.mined(hash, "execute deposit (daemon)");
    timings.push({ what: `${chains[name].label} deposit → executed on BTTC`, ms: executed.latencyMs });
    const { checkpoint } = relayed;
    reporter.ok(
      `${chains[name].label} → BTTC: checkpoint of blocks ${checkpoint.startBlock}-${checkpoint.endBlock} (epoch ${checkpoint.epoch}, ${plural(checkpoint.messageCount, "message")}) signed by ${describeQuorum(relayed)} after ${seconds(relayed.latencyMs)}; ${plural(mine.length, "deposit")} executed after ${seconds(executed.latencyMs)}`,
    );
  }
  for (const { message } of sent)
    expectEqual(
      await getDepositStatus(bttc.publicClient, { inbox: d.bttc.inbox, message }),
      "executed",
      `deposit ${message.nonce} from chain ${message.sourceChainId}`,
    );

  const balanceOf = (token: Address, account: Address) =>
    bttc.publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [account] });
  expectEqual(
    (await bttc.publicClient.getBalance({ address: alice })) - nativeBefore,
    500n * BTT,
    "native BTT Alice received on BTTC",
  );
  expectEqual(await balanceOf(d.bttc.usdt.tron, alice), 1_000n * BTT, "Alice's USDT_t");
  expectEqual(await balanceOf(d.bttc.usdt.ethereum, alice), 2_000n * BTT, "Alice's USDT_e");
  expectEqual(await balanceOf(d.bttc.bttB, alice), 200n * BTT, "Alice's BTT_b");
  reporter.ok(`Alice holds 500 BTT (native), 1000 USDT_t, 2000 USDT_e, 200 BTT_b on BTTC; Bob 300 BTT from Ethereum`);

  return { checkpoints, timings };
}

export async function runBridge(
  chains: Chains,
  d: Deployment,
  relayers: DevnetRelayers,
  reporter: Reporter,
): Promise<BridgeOutcome> {
  const { checkpoints, timings } = await runDeposits(chains, d, relayers, reporter);
  const bttc = chains.bttc;
  const alice = bttc.wallet(cast.alice).account.address;
  const balanceOf = (token: Address, account: Address) =>
    bttc.publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [account] });
  // Withdrawals: native BTT that came from TRON exits on Ethereum (within what Ethereum bridged in),
  // USDT_t goes back to TRON to a base58 recipient.
  const aliceWallet = bttc.wallet(cast.alice);
  const toEthereum = await withdraw(aliceWallet, {
    childBridge: d.bttc.bridge,
    token: "native",
    rootChainId: chains.ethereum.chainId,
    amount: crossExit,
  });
  await bttc.mined(toEthereum.hash, "withdraw (native BTT)");
  const toTron = await withdraw(aliceWallet, {
    childBridge: d.bttc.bridge,
    token: d.bttc.usdt.tron,
    rootChainId: chains.tron.chainId,
    amount: usdtBack,
    recipient: toTronAddress(alice),
  });
  await bttc.mined(toTron.hash, "withdraw (USDT_t)");
  const withdrawnAt = performance.now();
  for (const [name, message] of [
    ["ethereum", toEthereum.message],
    ["tron", toTron.message],
  ] as const) {
    const root = d.roots[name];
    const relayed = await awaitCheckpoint(d.bttc, root, relayers, withdrawnAt);
    checkpoints.push(relayed);
    await root.chain.mined(relayed.hash, "submitCheckpoint (daemon)");
    const executed = await awaitExecution(root, [message], relayers, withdrawnAt);
    await root.chain.mined(executed.hashes[0]!, "execute withdrawal (daemon)");
    timings.push({ what: `withdrawal → executed on ${root.chain.label}`, ms: executed.latencyMs });
    const { checkpoint } = relayed;
    reporter.ok(
      `BTTC → ${root.chain.label}: checkpoint of blocks ${checkpoint.startBlock}-${checkpoint.endBlock} (${plural(checkpoint.messageCount, "message")}) signed by ${describeQuorum(relayed)}; Alice's withdrawal executed by the daemon (she opted in) after ${seconds(executed.latencyMs)}`,
    );
  }
  const aliceEthereumBtt = await d.roots.ethereum.btt.read.balanceOf([alice]);
  const aliceTronUsdt = await d.roots.tron.usdt.read.balanceOf([alice]);
  expectEqual(aliceEthereumBtt, crossExit, "BTT Alice received on Ethereum");
  expectEqual(aliceTronUsdt, usdtBack, "USDT Alice received on TRON");
  const locked = (name: RootName, token: Address) =>
    d.roots[name].chain.publicClient.readContract({
      address: d.roots[name].bridge,
      abi: rootBridgeAbi,
      functionName: "locked",
      args: [token],
    });
  expectEqual(
    await locked("ethereum", d.roots.ethereum.btt.address),
    300n * BTT - crossExit,
    "BTT still locked on Ethereum",
  );
  expectEqual(await locked("tron", d.roots.tron.usdt.address), 1_000n * BTT - usdtBack, "USDT still locked on TRON");
  const nativeBridged = {} as Record<RootName, bigint>;
  for (const name of rootNames) {
    nativeBridged[name] = await bttc.publicClient.readContract({
      address: d.bttc.bridge,
      abi: childBridgeAbi,
      functionName: "nativeBridged",
      args: [chains[name].chainId],
    });
  }
  expectEqual(nativeBridged.ethereum, 300n * BTT - crossExit, "native BTT bridged from Ethereum");
  expectEqual(nativeBridged.tron, 500n * BTT, "native BTT bridged from TRON");
  reporter.ok(
    `Alice received ${units(crossExit)} BTT on Ethereum (deposited from TRON) and ${units(usdtBack)} USDT on TRON`,
  );
  return {
    aliceNative: await bttc.publicClient.getBalance({ address: alice }),
    aliceUsdtE: await balanceOf(d.bttc.usdt.ethereum, alice),
    aliceUsdtT: await balanceOf(d.bttc.usdt.tron, alice),
    aliceBttB: await balanceOf(d.bttc.bttB, alice),
    aliceEthereumBtt,
    aliceTronUsdt,
    nativeBridged,
    checkpoints,
    timings,
  };
}

const seconds = (ms: number) => `${(ms / 1_000).toFixed(1)} s`;
