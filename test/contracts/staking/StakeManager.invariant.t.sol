// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {IStakeManager} from "../../../contracts/staking/IStakeManager.sol";
import {StakingHandler} from "./support/StakingHandler.sol";

contract StakeManagerInvariantTest is Test {
    StakingHandler internal handler;

    function setUp() public {
        handler = new StakingHandler();
        targetContract(address(handler));
    }

    /// The token balance always covers bonded stakes, pending withdrawals, the reward pool and
    /// unclaimed rewards.
    function invariant_balanceCoversObligations() public view {
        (uint256 staked, uint256 unbonding, uint256 pool, uint256 owed) = handler.sm().totals();
        assertGe(handler.token().balanceOf(address(handler.sm())), staked + unbonding + pool + owed);
    }

    /// The aggregate totals equal the sums over the pools.
    function invariant_totalsMatchPools() public view {
        uint256 staked;
        uint256 unbonding;
        for (uint256 i; i < handler.validatorCount(); ++i) {
            IStakeManager.Validator memory v = handler.sm().validator(handler.validators(i));
            staked += v.stake;
            unbonding += v.unbondingStake;
        }
        (uint256 totalStaked, uint256 totalUnbonding,,) = handler.sm().totals();
        assertEq(totalStaked, staked);
        assertEq(totalUnbonding, unbonding);
    }

    /// No one withdraws more principal than they put in, and all rewards taken (claimed or
    /// restaked) never exceed what epochs paid out of the pool: together, no delegator gets more
    /// than deposits plus rewards.
    function invariant_noOneTakesMoreThanDepositsPlusRewards() public view {
        uint256 taken;
        for (uint256 i; i < handler.actorCount(); ++i) {
            address a = handler.actors(i);
            assertLe(handler.withdrawn(a), handler.deposited(a));
            taken += handler.rewardsTaken(a);
        }
        assertLe(taken, handler.rewardsPaidIn());
    }

    /// Each epoch pays at most its budget, and no account is credited for a pool it did not hold
    /// shares of through the whole epoch, nor more than the pool's reward scaled to those shares
    /// (issue 14 item 4: rewards follow stake held through the epoch).
    function invariant_rewardsFollowStakeHeldThroughTheEpoch() public view {
        assertEq(handler.overBudgetEpochs(), 0, "an epoch paid more than its budget");
        assertEq(handler.unearnedCredits(), 0, "an account earned for an epoch it did not hold stake through");
        assertEq(handler.oversizedCredits(), 0, "a credit exceeded the reward of the shares held through the epoch");
    }
}
