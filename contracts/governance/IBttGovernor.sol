// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IBttGovernor
/// @notice The safe ranges of the Governor's and the timelock's settings (DESIGN section 15).
/// Each is checked at deployment and on every later change by governance. The clock is the home
/// chain's block number (TRON: 3 s blocks); the timelock delay is in seconds.
///
/// | setting | range | why |
/// |---|---|---|
/// | voting delay | 1 .. 201,600 blocks (7 days at 3 s) | at least one block between a proposal and its snapshot, so nobody stakes in the proposal's block to vote on it |
/// | voting period | 20 .. 864,000 blocks (30 days at 3 s) | a vote cannot be over before it can be seen; nor last so long that parameters freeze |
/// | proposal threshold | 1 BTT .. 1e9 BTT | proposing costs stake (no spam); a large staker can always propose |
/// | quorum | 1% .. 50% of bonded stake at the snapshot | a few votes never pass a proposal; a half-absent network can still decide |
/// | timelock delay | 60 s .. 30 days | users see a passed proposal before it runs; nothing is frozen for longer than the unbonding delay |
///
/// The floors let a devnet or testnet run a proposal's whole life in minutes; production parameter
/// files set days (docs/DEPLOY.md).
interface IBttGovernor {
    /// @notice Setting `setting` is `value`, outside [`min`, `max`].
    error BttGovernorSettingOutOfRange(string setting, uint256 value, uint256 min, uint256 max);
}

/// @notice The bounds in the table of `IBttGovernor`.
library GovernanceRanges {
    uint256 internal constant MIN_VOTING_DELAY = 1;
    uint256 internal constant MAX_VOTING_DELAY = 201_600;
    uint256 internal constant MIN_VOTING_PERIOD = 20;
    uint256 internal constant MAX_VOTING_PERIOD = 864_000;
    uint256 internal constant MIN_PROPOSAL_THRESHOLD = 1e18;
    uint256 internal constant MAX_PROPOSAL_THRESHOLD = 1e27;
    uint256 internal constant MIN_QUORUM_PERCENT = 1;
    uint256 internal constant MAX_QUORUM_PERCENT = 50;
    uint256 internal constant MIN_TIMELOCK_DELAY = 60;
    uint256 internal constant MAX_TIMELOCK_DELAY = 30 days;

    /// @dev Reverts `BttGovernorSettingOutOfRange` unless `min <= value <= max`.
    function check(string memory setting, uint256 value, uint256 min, uint256 max) internal pure {
        if (value < min || value > max) revert IBttGovernor.BttGovernorSettingOutOfRange(setting, value, min, max);
    }
}
