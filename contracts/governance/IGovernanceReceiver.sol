// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IGovernanceReceiver
/// @notice The owner of a chain's contracts under staked-BTT governance (DESIGN section 15). It
/// executes only what the home timelock decided: on another chain, calls that arrive as a
/// cross-chain message from the home timelock through the Inbox (checkpointed by the validators,
/// executed once); on the home, calls made by the timelock itself. A guardian may pause the
/// bridges it is given for a bounded time, and nothing else.
interface IGovernanceReceiver {
    /// @notice One call of a governance action.
    struct Call {
        address target;
        uint256 value;
        bytes data;
    }

    /// @notice The calls of a governance action ran (`nonce` of the message; max uint on the home path).
    event GovernanceExecuted(uint256 indexed sourceChainId, uint256 indexed nonce, uint256 calls);
    /// @notice The guardian paused `bridge` until `until` (unix seconds).
    event GuardianPaused(address indexed bridge, uint256 until);
    /// @notice A guardian pause ended and `bridge` was unpaused.
    event GuardianPauseEnded(address indexed bridge);
    /// @notice Governance took over a guardian pause (the bridge stays paused until governance unpauses it).
    event GuardianPauseCleared(address indexed bridge);
    /// @notice The guardian changed.
    event GuardianSet(address indexed guardian);
    /// @notice `bridge` may (or may no longer) be paused by the guardian.
    event GuardedSet(address indexed bridge, bool guarded);

    /// @notice A message or call that does not come from the home timelock.
    error GovernanceReceiverUnauthorized(address caller, uint256 sourceChainId, address sender);
    /// @notice Call `index` of an action reverted with `reason` (the whole action is undone; a
    /// message stays retryable at the Inbox).
    error GovernanceReceiverCallFailed(uint256 index, bytes reason);
    /// @notice Only the receiver itself (a governance action) may change its settings.
    error GovernanceReceiverOnlySelf(address caller);
    /// @notice Only the guardian may pause.
    error GovernanceReceiverOnlyGuardian(address caller);
    /// @notice `bridge` is not guarded (governance has not given it to the guardian).
    error GovernanceReceiverNotGuarded(address bridge);
    /// @notice A guardian pause lasts from 1 second to `maxPause`.
    error GovernanceReceiverPauseOutOfRange(uint256 duration, uint256 maxPause);
    /// @notice The guardian may pause `bridge` again only from `readyAt` (one pause, then as long a rest).
    error GovernanceReceiverPauseCoolingDown(address bridge, uint256 readyAt);
    /// @notice `bridge` has no guardian pause, or it runs until `until`.
    error GovernanceReceiverPauseNotOver(address bridge, uint256 until);
    /// @notice `maxPause` must lie in [1 hour, 14 days].
    error GovernanceReceiverMaxPauseOutOfRange(uint256 maxPause, uint256 min, uint256 max);

    /// @notice Runs `calls` for the home timelock on the home chain. Caller: the home timelock.
    function execute(Call[] calldata calls) external payable;

    /// @notice Accepts pending `Ownable2Step` transfers of `targets` to this receiver. Anyone:
    /// accepting only completes a transfer the previous owner started.
    function acceptOwnerships(address[] calldata targets) external;

    /// @notice Pauses guarded `bridge` for `duration` seconds (at most `maxPause`); once over,
    /// anyone ends it with `endGuardianPause`, and the guardian may pause it again only after as
    /// long a rest. Guardian only.
    function guardianPause(address bridge, uint256 duration) external;

    /// @notice Unpauses `bridge` once its guardian pause is over. Anyone.
    function endGuardianPause(address bridge) external;

    /// @notice Keeps `bridge` paused under governance (forgets the guardian pause). Governance only.
    function clearGuardianPause(address bridge) external;

    /// @notice Sets the guardian (zero: none). Governance only.
    function setGuardian(address guardian) external;

    /// @notice Lets the guardian pause `bridge`, or stops it. Governance only.
    function setGuarded(address bridge, bool guarded) external;
}
