/**
 * The StakeManager parameters of the TypeScript staking tests, each inside its on-chain range
 * (contracts/staking/README.md): 600-block epochs, 4 seats, 1,000 BTT own stake, a 10% bounty and
 * sets that expire after an hour.
 */
export const BTT = 10n ** 18n;
export const testParams = {
  epochLength: 600n,
  maxValidators: 4,
  unbondingEpochs: 3n,
  jailEpochs: 2n,
  slashBps: 1_000,
  bountyBps: 1_000,
  minSelfStake: 1_000n * BTT,
  rewardPerEpoch: 100n * BTT,
  setMaxAge: 3_600n,
};
