/**
 * Step 2b: a fast withdrawal next to a slow one (DESIGN section 16). Alice sends two USDT_t
 * withdrawals from BTTC to TRON back to back, both with a delivery fee: the fast one also
 * offers a fast fee. relayer-b (`duties.fastFills`) fronts the fast one from its own USDT before
 * any checkpoint covers it; the slow one waits for the checkpoint. relayer-c executes both (Alice
 * opted in): the slow recipient is paid then, the filler repaid, and relayer-c earns both delivery
 * fees. Balances exact; the delivery fees each relayer earned are read from the chains' events.
 */
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { getAddress, type Address } from "viem";

import { getWithdrawalProgress, rootBridgeAbi, withdraw, type CrossChainMessage } from "@btt-network/sdk/bridge";
import { rootNames, cast, type Chains } from "./chains.ts";
import type { Deployment } from "./deploy.ts";
import { BTT } from "./profile.ts";
import type { DevnetRelayers } from "../relayers.ts";
import { awaitCheckpoint, awaitExecution, type RelayTiming } from "./relay.ts";
import { expectEqual, expectTrue, StoryMismatch, units, type Reporter } from "./report.ts";

export const fastAmount = 100n * BTT;
export const fastFee = 1n * BTT;
export const deliveryFee = BTT / 2n;
/** The filler's liquidity on TRON, minted before the withdrawals. */
export const fillerFunds = 500n * BTT;

export interface FastExitOutcome {
  /** What each recipient received on TRON. */
  readonly fastPaid: bigint;
  readonly slowPaid: bigint;
  /** The filler (relayer-b): its USDT on TRON after the repayment, and what it earned. */
  readonly fillerName: string;
  readonly fillerBalance: bigint;
  readonly fillerEarned: bigint;
  /** Delivery fees each relayer earned on every root chain, in USDT/BTT units (18 decimals), by relayer name. */
  readonly deliveryFees: Readonly<Record<string, bigint>>;
  /** Withdrawal -> recipient paid (fast: the fill; slow: the execution). */
  readonly timings: readonly RelayTiming[];
}

export async function runFastExit(
  chains: Chains,
  d: Deployment,
  relayers: DevnetRelayers,
  reporter: Reporter,
): Promise<FastExitOutcome> {
  const tron = d.roots.tron;
  const filler = relayers.daemons.find((r) => r.duties.includes("fastFills"));
  if (filler === undefined) throw new StoryMismatch("no relayer daemon runs fastFills");
  const executor = relayers.daemons.find((r) => r.role.executes)!;
  const balance = (account: Address) => tron.usdt.read.balanceOf([account]);
  await tron.chain.mined(tron.usdt.write.mint([filler.account, fillerFunds]), "mint (filler's liquidity)");
  const executorBefore = await balance(executor.account);
  const fastTo = privateKeyToAccount(generatePrivateKey()).address;
  const slowTo = privateKeyToAccount(generatePrivateKey()).address;

  const alice = chains.bttc.wallet(cast.alice);
  const common = {
    childBridge: d.bttc.bridge,
    token: d.bttc.usdt.tron,
    rootChainId: chains.tron.chainId,
    amount: fastAmount,
    deliveryFee,
  };
  const fast = await withdraw(alice, { ...common, recipient: fastTo, fast: { maxFee: fastFee } });
  const sentAt = performance.now();
  const slow = await withdraw(alice, { ...common, recipient: slowTo });
  await chains.bttc.mined(fast.hash, "withdraw (fast, USDT_t)");
  await chains.bttc.mined(slow.hash, "withdraw (slow, USDT_t)");

  // The fast recipient is paid by the filler: seen before any checkpoint of BTTC covers it.
  const progress = (message: CrossChainMessage) =>
    getWithdrawalProgress(tron.chain.publicClient, { rootBridge: tron.bridge, message });
  let paid = await progress(fast.message);
  for (const deadline = Date.now() + 60_000; !paid.recipientPaid; paid = await progress(fast.message)) {
    if (Date.now() > deadline)
      throw new StoryMismatch(
        `the fast withdrawal was not filled within 60 s; ${filler.role.name}'s log ends with:\n${filler.logTail()}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const fastMs = performance.now() - sentAt;
  // Paid by the fill, not by the slow path. On a very busy machine a checkpoint may land between
  // the fill and this look (the relayers hold waiting messages 1 s only): the stage is then
  // `checkpointed`, still with the filler, and not executed.
  expectTrue(
    paid.stage === "filled" || paid.stage === "checkpointed",
    `the fast withdrawal's stage when its recipient was paid is "${paid.stage}", expected "filled" (or "checkpointed" if a checkpoint followed the fill at once)`,
  );
  expectEqual(paid.filler, getAddress(filler.account), "the fast withdrawal's filler");
  expectEqual(await balance(fastTo), fastAmount - fastFee - deliveryFee, "USDT the fast recipient received");
  const slowEarly = await progress(slow.message);
  const slowCheckpointed = slowEarly.timeline.some((s) => s.stage === "checkpointed" && s.reached);
  expectTrue(!slowEarly.recipientPaid || slowCheckpointed, "the slow recipient is not paid before a checkpoint");
  reporter.ok(
    `fast: ${units(fastAmount - fastFee - deliveryFee)} USDT paid on TRON by ${filler.role.name} ${seconds(fastMs)} after the withdrawal, stage "${paid.stage}"${paid.stage === "filled" ? " (no checkpoint yet)" : ""}; the slow one is "${slowEarly.stage}"`,
  );

  const checkpoint = await awaitCheckpoint(d.bttc, tron, relayers, sentAt);
  await tron.chain.mined(checkpoint.hash, "submitCheckpoint (daemon)");
  const executed = await awaitExecution(tron, [fast.message, slow.message], relayers, sentAt);
  for (const hash of executed.hashes) await tron.chain.mined(hash, "execute withdrawal (daemon)");
  const [fastDone, slowDone] = [await progress(fast.message), await progress(slow.message)];
  expectEqual(fastDone.stage, "repaid", "the fast withdrawal's final stage");
  expectEqual(slowDone.stage, "executed", "the slow withdrawal's final stage");
  expectEqual(await balance(fastTo), fastAmount - fastFee - deliveryFee, "USDT the fast recipient holds (paid once)");
  expectEqual(await balance(slowTo), fastAmount - deliveryFee, "USDT the slow recipient received (no fast fee)");
  const fillerBalance = await balance(filler.account);
  expectEqual(fillerBalance, fillerFunds + fastFee, "the filler's USDT after its repayment");
  expectEqual(await balance(executor.account), executorBefore + 2n * deliveryFee, "the executor's delivery fees");
  reporter.ok(
    `slow: ${units(fastAmount - deliveryFee)} USDT paid by ${executor.role.name}'s execution ${seconds(executed.latencyMs)} after the withdrawal; ${filler.role.name} repaid ${units(fastAmount - deliveryFee)} (earned ${units(fastFee)}), ${executor.role.name} earned ${units(2n * deliveryFee)} in delivery fees`,
  );

  // Delivery fees per relayer, from the bridges' events on every root chain.
  const deliveryFees: Record<string, bigint> = Object.fromEntries(relayers.daemons.map((r) => [r.role.name, 0n]));
  for (const name of rootNames) {
    const root = d.roots[name];
    const logs = await root.chain.publicClient.getContractEvents({
      address: root.bridge,
      abi: rootBridgeAbi,
      eventName: "DeliveryFeePaid",
      fromBlock: 0n,
      strict: true,
    });
    for (const log of logs) {
      const relayer = relayers.daemons.find((r) => r.account.toLowerCase() === log.args.executor.toLowerCase());
      if (relayer !== undefined) deliveryFees[relayer.role.name]! += log.args.amount;
    }
  }
  expectEqual(deliveryFees[executor.role.name], 2n * deliveryFee, `delivery fees ${executor.role.name} earned`);
  return {
    fastPaid: fastAmount - fastFee - deliveryFee,
    slowPaid: fastAmount - deliveryFee,
    fillerName: filler.role.name,
    fillerBalance,
    fillerEarned: fastFee,
    deliveryFees,
    timings: [
      { what: "fast withdrawal → recipient paid on TRON (fill)", ms: fastMs },
      { what: "slow withdrawal → recipient paid on TRON (execution)", ms: executed.latencyMs },
    ],
  };
}

const seconds = (ms: number) => `${(ms / 1_000).toFixed(1)} s`;
