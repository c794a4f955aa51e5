// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IStakeManager} from "../IStakeManager.sol";

/// @title StakeParams
/// @notice The safe range of every governed staking parameter (DESIGN section 4). Time-based
/// bounds convert epochs to seconds at TRON's block interval (the staking home): TRON produces a
/// block every 3 s slot and a missed slot only makes the chain slower, so `epochs * epochLength
/// * 3 s` is a lower bound of the real duration of a delay (what the unbonding rule needs).
library StakeParams {
    /// @notice Seconds per block on the staking home (TRON's slot).
    uint256 internal constant HOME_BLOCK_SECONDS = 3;
    uint256 internal constant MIN_EPOCH_LENGTH = 5;
    /// @notice Seven days of 3 s blocks.
    uint256 internal constant MAX_EPOCH_LENGTH = 201_600;
    /// @notice Largest set on the staking home: bounds `advanceEpoch`'s loops for TRON's 80 ms
    /// CPU cap per transaction (see contracts/staking/README.md, "Loop budget on TRON").
    uint256 internal constant MAX_VALIDATORS = 100;
    /// @notice Members dropped per epoch at most when `maxValidators` is lowered.
    uint256 internal constant MAX_SET_SHRINK = 10;
    uint256 internal constant MAX_UNBONDING_SECONDS = 90 days;
    uint256 internal constant MAX_JAIL_SECONDS = 90 days;
    uint256 internal constant MIN_SLASH_BPS = 100;
    uint256 internal constant MAX_SLASH_BPS = 5_000;
    uint256 internal constant MAX_BOUNTY_BPS = 1_000;
    uint256 internal constant MIN_SELF_STAKE = 1e18;
    uint256 internal constant MAX_MIN_SELF_STAKE = 1e27;
    /// @notice 1e27 per epoch: the accumulator grows by at most 1e27 * 1e36 per epoch per share
    /// unit, so it stays below 2^256 for more than 10^13 epochs.
    uint256 internal constant MAX_REWARD_PER_EPOCH = 1e27;
    uint256 internal constant MIN_SET_AGE = 1 hours;
    uint256 internal constant MAX_SET_AGE = 30 days;

    /// @notice Reverts `StakeManagerParamOutOfRange` for the first parameter out of its range.
    /// @param members Current number of members of the next set (bounds how fast the set shrinks).
    function check(IStakeManager.Params memory p, uint256 members) internal pure {
        _range("setMaxAge", p.setMaxAge, MIN_SET_AGE, MAX_SET_AGE);
        uint256 epochCap = p.setMaxAge / (2 * HOME_BLOCK_SECONDS);
        _range("epochLength", p.epochLength, MIN_EPOCH_LENGTH, epochCap < MAX_EPOCH_LENGTH ? epochCap : MAX_EPOCH_LENGTH);
        uint256 epochSeconds = uint256(p.epochLength) * HOME_BLOCK_SECONDS;
        uint256 floor = members > MAX_SET_SHRINK ? members - MAX_SET_SHRINK : 1;
        _range("maxValidators", p.maxValidators, floor, MAX_VALIDATORS);
        // Strictly longer than the set age: the smallest whole number of epochs above it.
        _range("unbondingEpochs", p.unbondingEpochs, p.setMaxAge / epochSeconds + 1, MAX_UNBONDING_SECONDS / epochSeconds);
        _range("jailEpochs", p.jailEpochs, 1, MAX_JAIL_SECONDS / epochSeconds);
        _range("slashBps", p.slashBps, MIN_SLASH_BPS, MAX_SLASH_BPS);
        _range("bountyBps", p.bountyBps, 0, MAX_BOUNTY_BPS);
        _range("minSelfStake", p.minSelfStake, MIN_SELF_STAKE, MAX_MIN_SELF_STAKE);
        _range("rewardPerEpoch", p.rewardPerEpoch, 0, MAX_REWARD_PER_EPOCH);
    }

    function _range(string memory name, uint256 value, uint256 min, uint256 max) private pure {
        if (value < min || value > max) revert IStakeManager.StakeManagerParamOutOfRange(name, value, min, max);
    }
}
