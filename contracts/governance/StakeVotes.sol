// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";

import {IStakeVotes} from "./IStakeVotes.sol";

/// @title StakeVotes
/// @notice ERC-5805 voting power of staked BTT, written by the StakeManager on every buy, sell and
/// slash, read by the Governor at a proposal's snapshot (block-number clock).
///
/// The power of `account` at block `t` is the BTT value of its own bonded shares at `t`:
/// the sum over the pools it holds of `shares(account, pool, t) * stake(pool, t) / shares(pool, t)`.
/// Pools are checkpointed separately from accounts because a slash lowers the value of every share
/// of a pool without touching its holders. Checkpoints hold the state at the end of a block, so
/// stake bought and sold in one block (flash stake) never shows, and stake bought after a
/// snapshot block does not count for that proposal. Unbonding shares do not vote.
///
/// An account may hold shares of at most `MAX_POOLS` distinct pools over its life (each vote sums
/// over them: the bound keeps `castVote` cheap); the next purchase in a new pool reverts.
contract StakeVotes is IStakeVotes {
    using Checkpoints for Checkpoints.Trace208;

    /// @notice Distinct pools one account may hold shares of.
    uint256 public constant MAX_POOLS = 16;

    address public immutable stakeManager;

    mapping(address validator => Checkpoints.Trace208) private _poolStake;
    mapping(address validator => Checkpoints.Trace208) private _poolShares;
    mapping(address account => mapping(address validator => Checkpoints.Trace208)) private _shares;
    mapping(address account => address[]) private _pools;
    mapping(address account => mapping(address validator => bool)) private _holds;
    Checkpoints.Trace208 private _total;

    /// @param stakeManager_ The StakeManager allowed to write checkpoints.
    constructor(address stakeManager_) {
        stakeManager = stakeManager_;
    }

    // ------------------------------------------------------------------ writes

    /// @inheritdoc IStakeVotes
    function checkpoint(
        address account,
        address validator,
        uint256 accountShares,
        uint256 poolStake,
        uint256 poolShares,
        uint256 totalStaked
    ) external {
        if (msg.sender != stakeManager) revert StakeVotesOnlyStakeManager(msg.sender);
        uint48 now_ = clock();
        if (account != address(0)) {
            if (!_holds[account][validator]) {
                if (_pools[account].length >= MAX_POOLS) revert StakeVotesTooManyPools(account, MAX_POOLS);
                _holds[account][validator] = true;
                _pools[account].push(validator);
            }
            _shares[account][validator].push(now_, _fit(accountShares));
        }
        _poolStake[validator].push(now_, _fit(poolStake));
        _poolShares[validator].push(now_, _fit(poolShares));
        _total.push(now_, _fit(totalStaked));
        emit StakeCheckpointed(account, validator, accountShares, poolStake, poolShares);
    }

    /// @notice Refused: votes follow stake (stake with or delegate to a validator to vote).
    function delegate(address) external pure {
        revert StakeVotesDelegationIsStaking();
    }

    /// @notice Refused: votes follow stake.
    function delegateBySig(address, uint256, uint256, uint8, bytes32, bytes32) external pure {
        revert StakeVotesDelegationIsStaking();
    }

    // ------------------------------------------------------------------ reads

    /// @notice The block number (ERC-6372).
    function clock() public view returns (uint48) {
        return Time.blockNumber();
    }

    /// @notice ERC-6372 clock description.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() external pure returns (string memory) {
        return "mode=blocknumber&from=default";
    }

    /// @notice Current voting power of `account` (the value of its bonded shares now).
    function getVotes(address account) external view returns (uint256 votes) {
        address[] storage pools = _pools[account];
        for (uint256 i; i < pools.length; ++i) {
            address v = pools[i];
            votes += _value(_shares[account][v].latest(), _poolStake[v].latest(), _poolShares[v].latest());
        }
    }

    /// @notice Voting power of `account` at the end of block `timepoint` (which has passed).
    function getPastVotes(address account, uint256 timepoint) external view returns (uint256 votes) {
        uint48 t = _past(timepoint);
        address[] storage pools = _pools[account];
        for (uint256 i; i < pools.length; ++i) {
            address v = pools[i];
            uint256 shares = _shares[account][v].upperLookupRecent(t);
            if (shares != 0) {
                votes += _value(shares, _poolStake[v].upperLookupRecent(t), _poolShares[v].upperLookupRecent(t));
            }
        }
    }

    /// @notice Bonded stake of every pool at the end of block `timepoint` (the quorum's base).
    function getPastTotalSupply(uint256 timepoint) external view returns (uint256) {
        return _total.upperLookupRecent(_past(timepoint));
    }

    /// @notice Every account votes for itself.
    function delegates(address account) external pure returns (address) {
        return account;
    }

    /// @inheritdoc IStakeVotes
    function poolsOf(address account) external view returns (address[] memory) {
        return _pools[account];
    }

    // ------------------------------------------------------------------ internals

    function _value(uint256 shares, uint256 poolStake, uint256 poolShares) private pure returns (uint256) {
        // The StakeManager's own rounding (StakePool.valueOf): down.
        return poolShares == 0 ? 0 : Math.mulDiv(shares, poolStake, poolShares);
    }

    function _past(uint256 timepoint) private view returns (uint48) {
        uint48 current = clock();
        if (timepoint >= current) revert StakeVotesFutureLookup(timepoint, current);
        return SafeCast.toUint48(timepoint);
    }

    function _fit(uint256 value) private pure returns (uint208) {
        if (value > type(uint208).max) revert StakeVotesValueTooLarge(value);
        return uint208(value);
    }
}
