/**
 * Step 1: on the staking home (TRON), four validators stake BTT with their signer keys, two
 * delegators delegate, epochs advance and pay rewards by power, a delegator and a validator claim;
 * the relayer daemons sync the staked set into TRON's verifier and carry it to BTTC, Ethereum and
 * BNB Chain by rotations signed by the set each verifier holds. Each committed set has a maximum
 * age (DESIGN section 4): the rotation renews every verifier's `expiresAt`, keeping the chain live.
 */
import {
  advanceEpoch,
  approveStaking,
  claimRewards,
  delegate,
  fundRewards,
  getDelegation,
  getEpoch,
  getVerifierState,
  stake,
} from "@btt-network/sdk/staking";
import type { DevnetRelayers } from "../relayers.ts";
import { cast, type Chains } from "./chains.ts";
import { stakingParams, type Deployment } from "./deploy.ts";
import { BTT } from "./profile.ts";
import { awaitRotation, type RelayTiming, type Validators } from "./relay.ts";
import { expectEqual, expectTrue, units, type Reporter } from "./report.ts";

/** Self-stakes of the four validators (also the genesis powers committed at deployment). */
export const selfStakes = [1_000n, 2_000n, 3_000n, 4_000n].map((n) => n * BTT);
const delegations = [
  { delegator: cast.delegators[0], validator: 0, amount: 1_000n * BTT },
  { delegator: cast.delegators[1], validator: 3, amount: 500n * BTT },
] as const;
const COMMISSION_BPS = 1_000;

export interface StakingOutcome {
  readonly epoch: bigint;
  readonly totalPower: bigint;
  /** Rewards claimed by the first delegator and by the first validator (commission + own share). */
  readonly delegatorReward: bigint;
  readonly validatorReward: bigint;
  /** How long the daemons took to commit the staked set on each chain (from the epoch change). */
  readonly timings: readonly RelayTiming[];
}

export async function runStaking(
  chains: Chains,
  d: Deployment,
  validators: Validators,
  relayers: DevnetRelayers,
  reporter: Reporter,
): Promise<StakingOutcome> {
  const tron = chains.tron;
  const { btt } = d.roots.tron;
  const stakeManager = d.stakeManager;
  const gov = tron.wallet(cast.governance);
  const owners = cast.validators.map((i) => tron.wallet(i));
  for (const w of [gov, ...owners, ...cast.delegators.map((i) => tron.wallet(i))]) {
    await tron.mined(btt.write.mint([w.account.address, 10_000n * BTT], { account: gov.account }));
    await tron.mined(approveStaking(w, { token: btt.address, stakeManager, amount: 10_000n * BTT }));
  }
  await tron.mined(fundRewards(gov, { stakeManager, amount: 1_000n * BTT }));
  for (const [i, owner] of owners.entries()) {
    await tron.mined(
      stake(owner, {
        stakeManager,
        signer: validators.keys[i]!.address,
        amount: selfStakes[i]!,
        commissionBps: COMMISSION_BPS,
      }),
      "stake",
    );
  }
  reporter.ok(`4 validators staked ${selfStakes.map((s) => units(s)).join(" / ")} BTT with 10% commission`);
  for (const { delegator, validator, amount } of delegations) {
    await tron.mined(
      delegate(tron.wallet(delegator), { stakeManager, validator: owners[validator]!.account.address, amount }),
      "delegate",
    );
  }
  reporter.ok(
    `2 delegators delegated ${delegations.map((x) => `${units(x.amount)} BTT to validator ${x.validator + 1}`).join(", ")}`,
  );

  // Each verifier's set before the epochs advance (the genesis sets; none yet on TRON): the
  // rotations below must renew them.
  const targets = [d.roots.tron, d.bttc, d.roots.ethereum, d.roots.bnb];
  const expiriesBefore = await Promise.all(
    targets.map(async (t) => (await getVerifierState(t.chain.publicClient, { validatorSet: t.verifier })).expiresAt),
  );

  // Epoch 1 forms the staked set; advancing to epoch 2 pays epoch 1's reward by power.
  const keeper = tron.wallet(cast.relayer);
  for (let i = 0; i < 2; i++) {
    await tron.networkHelpers.mine(Number(stakingParams.epochLength));
    await tron.mined(advanceEpoch(keeper, { stakeManager }), "advanceEpoch");
  }
  const epochChangedAt = performance.now();
  const epoch = await getEpoch(tron.publicClient, { stakeManager });
  const totalStake = selfStakes.reduce((a, b) => a + b, 0n) + delegations.reduce((a, x) => a + x.amount, 0n);
  expectEqual(epoch.epoch, 2n, "staking epoch");
  expectEqual(epoch.totalPower, totalStake / BTT, "total power of the set");
  reporter.ok(
    `epoch ${epoch.epoch}: ${epoch.members.length} validators, total power ${epoch.totalPower}, set ${epoch.setHash.slice(0, 18)}…`,
  );

  // Validator 1's pool had 2000 of 11500 power in epoch 1: 10% commission, the rest by stake (d1 holds half).
  const poolReward = (stakingParams.rewardPerEpoch * 2_000n) / (totalStake / BTT);
  const commission = (poolReward * BigInt(COMMISSION_BPS)) / 10_000n;
  const delegatorShare = (poolReward - commission) / 2n;
  const v1 = owners[0]!;
  const d1 = tron.wallet(delegations[0].delegator);
  const position = await getDelegation(tron.publicClient, {
    stakeManager,
    validator: v1.account.address,
    delegator: d1.account.address,
  });
  expectEqual(position.pendingRewards, delegatorShare, "delegator 1's pending reward");
  const claimed = async (wallet: typeof d1) => {
    const before = await btt.read.balanceOf([wallet.account.address]);
    await tron.mined(claimRewards(wallet, { stakeManager, validator: v1.account.address }), "claimRewards");
    return (await btt.read.balanceOf([wallet.account.address])) - before;
  };
  const delegatorReward = await claimed(d1);
  expectEqual(delegatorReward, delegatorShare, "reward claimed by delegator 1");
  const validatorReward = await claimed(v1);
  expectTrueWithin(validatorReward, poolReward - delegatorShare, "reward claimed by validator 1");
  reporter.ok(
    `epoch 1 paid ${units(stakingParams.rewardPerEpoch)} BTT by power; delegator 1 claimed ${units(delegatorReward)} BTT, validator 1 claimed ${units(validatorReward)} BTT`,
  );

  // The daemons commit the staked set: TRON's verifier syncs from the StakeManager; the other chains rotate.
  const timings: RelayTiming[] = [];
  const lifetimes: string[] = [];
  for (const [i, target] of targets.entries()) {
    const client = target.chain.publicClient;
    const before = expiriesBefore[i]!;
    const ms = await awaitRotation(target, epoch.epoch, relayers, epochChangedAt);
    timings.push({ what: `set of epoch ${epoch.epoch} committed on ${target.chain.label}`, ms });
    const state = await getVerifierState(client, { validatorSet: target.verifier });
    expectEqual(state.setHash, epoch.setHash, `validator set committed on ${target.chain.label}`);
    expectEqual(state.epoch, epoch.epoch, `verifier epoch on ${target.chain.label}`);
    // The rotation (or, on TRON, the sync) renewed the verifier's set: it expires a full max age
    // after it was committed, later than the set it replaced.
    expectTrue(
      state.expiresAt > before,
      `${target.chain.label}'s set expiry renewed by the rotation (${before} -> ${state.expiresAt})`,
    );
    const now = (await client.getBlock()).timestamp;
    lifetimes.push(`${target.chain.label} ${(Number(state.expiresAt - now) / 3_600).toFixed(0)} h`);
  }
  const slowest = Math.max(...timings.map((t) => t.ms));
  reporter.ok(
    `set of epoch ${epoch.epoch} synced on TRON and rotated onto BTTC, Ethereum and BNB Chain by the relayer daemons (all within ${(slowest / 1_000).toFixed(1)} s of the epoch change)`,
  );
  reporter.ok(
    `the rotations renewed every verifier's set before its maximum age (${Number(stakingParams.setMaxAge) / 3_600} h): live for ${lifetimes.join(", ")}`,
  );
  return { epoch: epoch.epoch, totalPower: epoch.totalPower, delegatorReward, validatorReward, timings };
}

/** Rounding in the accumulator may leave a few wei behind; anything more is a mismatch. */
function expectTrueWithin(actual: bigint, expected: bigint, what: string): void {
  const diff = actual > expected ? actual - expected : expected - actual;
  if (diff > 10n) expectEqual(actual, expected, what);
}
