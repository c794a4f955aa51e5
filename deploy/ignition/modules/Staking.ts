import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { ExistingToken, Token } from "./Token.ts";

/**
 * The staking home (DESIGN section 4): StakeManager over the Token module's BTT, and the
 * ValidatorSet verifier that syncs its set straight from it (no genesis set: the first
 * `syncFromStakeManager` after validators register installs one).
 *
 * Parameters (`Staking.*`): `owner` (default: the deployer) and `params`, the StakeManager's
 * `Params` struct `{ epochLength, maxValidators, unbondingEpochs, jailEpochs, slashBps,
 * bountyBps, minSelfStake, rewardPerEpoch, setMaxAge }` (amounts in wei, as decimal strings;
 * each has an on-chain range, see contracts/staking/README.md).
 */
export function stakingModule(tokenModule: typeof Token | typeof ExistingToken) {
  return buildModule("Staking", (m) => {
    // Both token modules return `token` (a deployment or a contractAt): either is an address argument.
    const { token } = m.useModule(tokenModule as typeof Token);
    const owner = m.getParameter("owner", m.getAccount(0));
    const params = m.getParameter("params");
    const stakeManager = m.contract("StakeManager", [token, owner, params]);
    // maxAge 0: on the home the verifier follows the StakeManager's `setMaxAge`.
    const validatorSet = m.contract("ValidatorSet", [stakeManager, 0n, [], [], 0n]);
    return { token, stakeManager, validatorSet };
  });
}

export default stakingModule(Token);
