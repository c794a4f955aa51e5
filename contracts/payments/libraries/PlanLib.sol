// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AMOUNT_MASK, RESERVED_SHIFT} from "./SlotLayout.sol";

/// @notice A planned withdrawal, touched only by the payer's withdrawal calls:
///
///     255               176 175              112 111                    0
///     +--------------------+------------------+-----------------------+
///     | unused             | unlockAt u64     | amount u112           |
///     +--------------------+------------------+-----------------------+
///
/// `unlockAt == 0` means no withdrawal is planned.
type Plan is uint256;

using PlanLib for Plan global;

/// @notice Getters and the constructor of `Plan`.
library PlanLib {
    function amount(Plan p) internal pure returns (uint256) {
        return Plan.unwrap(p) & AMOUNT_MASK;
    }

    function unlockAt(Plan p) internal pure returns (uint256) {
        return Plan.unwrap(p) >> RESERVED_SHIFT;
    }

    /// @dev Callers guarantee `amount_ <= MAX_AMOUNT` and `unlockAt_ < 2^64`.
    function pack(uint256 amount_, uint256 unlockAt_) internal pure returns (Plan) {
        return Plan.wrap(amount_ | (unlockAt_ << RESERVED_SHIFT));
    }
}
