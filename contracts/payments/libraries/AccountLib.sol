// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AMOUNT_MASK, GENERATION_SHIFT, RESERVED_SHIFT} from "./SlotLayout.sol";

/// @notice A payer's deposit of one token, in one storage slot (read and written once per claim):
///
///     255            224 223                  112 111                    0
///     +----------------+-----------------------+-----------------------+
///     | generation u32 | reservedTotal u112    | balance u112          |
///     +----------------+-----------------------+-----------------------+
///
/// `balance` is everything the payer still has in the pool (reserved or not); `reservedTotal <=
/// balance` is the part reserved for particular payees; `generation` counts completed withdrawals.
type Account is uint256;

using AccountLib for Account global;

/// @notice Getters and the constructor of `Account`.
library AccountLib {
    function balance(Account a) internal pure returns (uint256) {
        return Account.unwrap(a) & AMOUNT_MASK;
    }

    function reservedTotal(Account a) internal pure returns (uint256) {
        return (Account.unwrap(a) >> RESERVED_SHIFT) & AMOUNT_MASK;
    }

    function generation(Account a) internal pure returns (uint256) {
        return Account.unwrap(a) >> GENERATION_SHIFT;
    }

    /// @dev Callers guarantee `balance_, reserved_ <= MAX_AMOUNT` and `generation_ <= MAX_GENERATION`.
    function pack(uint256 balance_, uint256 reserved_, uint256 generation_) internal pure returns (Account) {
        return Account.wrap(balance_ | (reserved_ << RESERVED_SHIFT) | (generation_ << GENERATION_SHIFT));
    }
}
