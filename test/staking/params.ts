/** The StakeManager parameters of the TypeScript staking tests: 5-block epochs, 4 seats, 1,000 BTT own stake. */
export const BTT = 10n ** 18n;
export const testParams = {
  epochLength: 5n,
  maxValidators: 4,
  unbondingEpochs: 2n,
  jailEpochs: 2n,
  slashBps: 1_000,
  bountyBps: 5_000,
  minSelfStake: 1_000n * BTT,
  rewardPerEpoch: 100n * BTT,
};
