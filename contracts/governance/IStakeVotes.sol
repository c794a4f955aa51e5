// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";

/// @title IStakeVotes
/// @notice Voting power from stake (DESIGN section 15): ERC-5805 read side over the StakeManager,
/// block-number clock. Each account votes its own stake only: a validator the value of its own
/// shares of its pool, a delegator the value of its shares of every pool it holds. Nobody votes
/// anybody else's stake, so a delegator's vote is always its own (it never needs to override its
/// validator's), and delegation of votes (`delegate`, `delegateBySig`) is refused.
interface IStakeVotes is IERC5805 {
    /// @notice A pool's bonded stake or the account's shares in it changed (`account` is zero when
    /// only the pool changed: a slash). Carries the values after the change.
    event StakeCheckpointed(
        address indexed account, address indexed validator, uint256 accountShares, uint256 poolStake, uint256 poolShares
    );

    /// @notice Only the StakeManager writes checkpoints.
    error StakeVotesOnlyStakeManager(address caller);
    /// @notice Votes follow stake; they cannot be delegated to another account.
    error StakeVotesDelegationIsStaking();
    /// @notice An account holds (or has held) shares of `max` pools already; use another account.
    error StakeVotesTooManyPools(address account, uint256 max);
    /// @notice Votes are read only for blocks that have ended (`timepoint` < `clock`).
    error StakeVotesFutureLookup(uint256 timepoint, uint48 clock);
    /// @notice A value does not fit a 208-bit checkpoint.
    error StakeVotesValueTooLarge(uint256 value);

    /// @notice Records the state after a stake change. Called by the StakeManager only.
    /// @param account The account whose shares changed (zero: none, the pool was slashed).
    /// @param validator The pool.
    /// @param accountShares `account`'s bonded shares of the pool after the change.
    /// @param poolStake The pool's bonded stake after the change.
    /// @param poolShares The pool's bonded shares after the change.
    /// @param totalStaked Bonded stake of every pool after the change (the quorum's base).
    function checkpoint(
        address account,
        address validator,
        uint256 accountShares,
        uint256 poolStake,
        uint256 poolShares,
        uint256 totalStaked
    ) external;

    /// @notice The StakeManager whose stake this contract counts.
    function stakeManager() external view returns (address);

    /// @notice Pools `account` holds or has held shares of (at most `MAX_POOLS`).
    function poolsOf(address account) external view returns (address[] memory);
}
