// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

import {IMessageReceiver} from "../messaging/IMessageReceiver.sol";
import {IGovernanceReceiver} from "./IGovernanceReceiver.sol";

interface IPausableBridge {
    function pause() external;
    function unpause() external;
}

/// @title GovernanceReceiver
/// @notice Owns a chain's contracts for staked-BTT governance (DESIGN section 15).
/// - On a chain other than the home, a governance action is an Inbox message whose sender is the
///   home timelock on the home chain, with payload `abi.encode(Call[])`; the Inbox delivers each
///   message once (nonce bitmap), and a failing action reverts whole, so the message stays
///   retryable. Any other source or sender is refused.
/// - On the home chain the timelock calls `execute` directly (the Outbox does not send to its
///   own chain).
/// - The guardian pauses guarded bridges for at most `maxPause` seconds, then must rest as long
///   before pausing the same bridge again; it cannot unpause, map tokens, move funds or change
///   parameters (it has no other function). The pause ends by itself: anyone calls
///   `endGuardianPause` once it is over. Governance keeps a bridge paused longer with
///   `clearGuardianPause` and can unpause it any time through an action.
contract GovernanceReceiver is IGovernanceReceiver, IMessageReceiver {
    uint256 public constant MIN_MAX_PAUSE = 1 hours;
    uint256 public constant MAX_MAX_PAUSE = 14 days;

    /// @notice The Inbox that delivers governance messages on this chain.
    address public immutable inbox;
    /// @notice The staking home's chain id.
    uint256 public immutable homeChainId;
    /// @notice The home timelock (same address as sender of messages and caller on the home).
    address public immutable homeTimelock;
    /// @notice Longest guardian pause, in seconds.
    uint256 public immutable maxPause;

    /// @notice Who may pause guarded bridges (zero: nobody).
    address public guardian;
    /// @notice Bridges the guardian may pause.
    mapping(address bridge => bool) public guarded;
    /// @notice End (unix seconds) of a running guardian pause; zero when none.
    mapping(address bridge => uint256) public pausedUntil;
    /// @notice First time the guardian may pause the bridge again.
    mapping(address bridge => uint256) public pauseReadyAt;

    /// @param inbox_ This chain's Inbox (any address on the home, where no message arrives).
    /// @param homeChainId_ The staking home's chain id.
    /// @param homeTimelock_ The home timelock.
    /// @param guardian_ The guardian (zero: none).
    /// @param maxPause_ Longest guardian pause, in [1 hour, 14 days].
    constructor(address inbox_, uint256 homeChainId_, address homeTimelock_, address guardian_, uint256 maxPause_) {
        if (maxPause_ < MIN_MAX_PAUSE || maxPause_ > MAX_MAX_PAUSE) {
            revert GovernanceReceiverMaxPauseOutOfRange(maxPause_, MIN_MAX_PAUSE, MAX_MAX_PAUSE);
        }
        inbox = inbox_;
        homeChainId = homeChainId_;
        homeTimelock = homeTimelock_;
        maxPause = maxPause_;
        guardian = guardian_;
        emit GuardianSet(guardian_);
    }

    modifier onlySelf() {
        if (msg.sender != address(this)) revert GovernanceReceiverOnlySelf(msg.sender);
        _;
    }

    /// @notice Receives ETH/BTT for calls that carry value.
    receive() external payable {}

    // ------------------------------------------------------------------ governance actions

    /// @inheritdoc IMessageReceiver
    function onMessage(uint256 sourceChainId, uint256 nonce, address sender, bytes calldata payload)
        external
        returns (bytes4)
    {
        if (msg.sender != inbox || sourceChainId != homeChainId || sender != homeTimelock) {
            revert GovernanceReceiverUnauthorized(msg.sender, sourceChainId, sender);
        }
        Call[] memory calls = abi.decode(payload, (Call[]));
        _run(calls);
        emit GovernanceExecuted(sourceChainId, nonce, calls.length);
        return IMessageReceiver.onMessage.selector;
    }

    /// @inheritdoc IGovernanceReceiver
    function execute(Call[] calldata calls) external payable {
        if (msg.sender != homeTimelock || block.chainid != homeChainId) {
            revert GovernanceReceiverUnauthorized(msg.sender, block.chainid, msg.sender);
        }
        _run(calls);
        emit GovernanceExecuted(block.chainid, type(uint256).max, calls.length);
    }

    /// @inheritdoc IGovernanceReceiver
    function acceptOwnerships(address[] calldata targets) external {
        for (uint256 i; i < targets.length; ++i) {
            Ownable2Step(targets[i]).acceptOwnership();
        }
    }

    /// @inheritdoc IGovernanceReceiver
    function setGuardian(address guardian_) external onlySelf {
        guardian = guardian_;
        emit GuardianSet(guardian_);
    }

    /// @inheritdoc IGovernanceReceiver
    function setGuarded(address bridge, bool guarded_) external onlySelf {
        guarded[bridge] = guarded_;
        emit GuardedSet(bridge, guarded_);
    }

    /// @inheritdoc IGovernanceReceiver
    function clearGuardianPause(address bridge) external onlySelf {
        delete pausedUntil[bridge];
        emit GuardianPauseCleared(bridge);
    }

    // ------------------------------------------------------------------ guardian

    /// @inheritdoc IGovernanceReceiver
    function guardianPause(address bridge, uint256 duration) external {
        if (msg.sender != guardian || guardian == address(0)) revert GovernanceReceiverOnlyGuardian(msg.sender);
        if (!guarded[bridge]) revert GovernanceReceiverNotGuarded(bridge);
        if (duration == 0 || duration > maxPause) revert GovernanceReceiverPauseOutOfRange(duration, maxPause);
        uint256 readyAt = pauseReadyAt[bridge];
        if (block.timestamp < readyAt) revert GovernanceReceiverPauseCoolingDown(bridge, readyAt);
        uint256 until = block.timestamp + duration;
        pausedUntil[bridge] = until;
        pauseReadyAt[bridge] = until + maxPause;
        emit GuardianPaused(bridge, until);
        IPausableBridge(bridge).pause();
    }

    /// @inheritdoc IGovernanceReceiver
    function endGuardianPause(address bridge) external {
        uint256 until = pausedUntil[bridge];
        if (until == 0 || block.timestamp < until) revert GovernanceReceiverPauseNotOver(bridge, until);
        delete pausedUntil[bridge];
        emit GuardianPauseEnded(bridge);
        // Governance may have unpaused it already: then there is nothing to end.
        if (Pausable(bridge).paused()) IPausableBridge(bridge).unpause();
    }

    // ------------------------------------------------------------------ internals

    function _run(Call[] memory calls) private {
        for (uint256 i; i < calls.length; ++i) {
            Call memory c = calls[i];
            (bool ok, bytes memory reason) = c.target.call{value: c.value}(c.data);
            if (!ok) revert GovernanceReceiverCallFailed(i, reason);
        }
    }
}
