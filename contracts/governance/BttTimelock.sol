// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

import {GovernanceRanges} from "./IBttGovernor.sol";

/// @title BttTimelock
/// @notice OpenZeppelin's TimelockController with its delay kept in a safe range (60 s .. 30 days,
/// `IBttGovernor`), at deployment and on every `updateDelay` (which only the timelock itself can
/// call, i.e. a passed proposal: checked as the operation executes).
contract BttTimelock is TimelockController {
    /// @param minDelay Seconds between queueing and execution.
    /// @param proposers Who may queue (the Governor).
    /// @param executors Who may execute (the Governor; `address(0)` would open it to anyone).
    /// @param admin Optional bootstrap admin (zero in production: the timelock administers itself).
    constructor(uint256 minDelay, address[] memory proposers, address[] memory executors, address admin)
        TimelockController(minDelay, proposers, executors, admin)
    {
        GovernanceRanges.check(
            "timelockDelay", minDelay, GovernanceRanges.MIN_TIMELOCK_DELAY, GovernanceRanges.MAX_TIMELOCK_DELAY
        );
    }

    /// @dev `updateDelay` runs only as an operation of this timelock, so every call of it passes
    /// here: its argument is checked before it runs.
    function _execute(address target, uint256 value, bytes calldata data) internal override {
        if (target == address(this) && data.length >= 36 && bytes4(data[:4]) == this.updateDelay.selector) {
            GovernanceRanges.check(
                "timelockDelay",
                uint256(bytes32(data[4:36])),
                GovernanceRanges.MIN_TIMELOCK_DELAY,
                GovernanceRanges.MAX_TIMELOCK_DELAY
            );
        }
        super._execute(target, value, data);
    }
}
