// SPDX-License-Identifier: MIT
// The three packed-slot layouts are read side by side, so they share a file.
// solhint-disable-next-line one-contract-per-file
pragma solidity 0.8.30;

/// @dev Largest amount a packed field holds: 2^112 - 1 (about 5.2e33, above BTT's total supply
/// of about 9.9e29 wei). Deposits beyond it revert; claims never exceed a balance, so every
/// packed amount stays below it.
uint256 constant MAX_AMOUNT = type(uint112).max;
uint256 constant MAX_GENERATION = type(uint32).max;

uint256 constant AMOUNT_MASK = (1 << 112) - 1;
uint256 constant RESERVED_SHIFT = 112;
uint256 constant GENERATION_SHIFT = 224;

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

/// @notice What one payee has claimed from one payer in one token, in one storage slot:
///
///     255            224 223                  112 111                    0
///     +----------------+-----------------------+-----------------------+
///     | generation u32 | reserved u112         | claimed u112          |
///     +----------------+-----------------------+-----------------------+
///
/// The slot belongs to `generation`; when the payer's generation has moved on, `claimed` and
/// `reserved` read as zero (the next claim or reservation overwrites the slot).
type Channel is uint256;

/// @notice A planned withdrawal, touched only by the payer's withdrawal calls:
///
///     255               176 175              112 111                    0
///     +--------------------+------------------+-----------------------+
///     | unused             | unlockAt u64     | amount u112           |
///     +--------------------+------------------+-----------------------+
///
/// `unlockAt == 0` means no withdrawal is planned.
type Plan is uint256;

using AccountLib for Account global;
using ChannelLib for Channel global;
using PlanLib for Plan global;

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

/// @notice Getters and the constructor of `Channel`.
library ChannelLib {
    function claimed(Channel c) internal pure returns (uint256) {
        return Channel.unwrap(c) & AMOUNT_MASK;
    }

    function reserved(Channel c) internal pure returns (uint256) {
        return (Channel.unwrap(c) >> RESERVED_SHIFT) & AMOUNT_MASK;
    }

    function generation(Channel c) internal pure returns (uint256) {
        return Channel.unwrap(c) >> GENERATION_SHIFT;
    }

    /// @notice The slot as seen in `current`: zero when it belongs to an earlier generation.
    function inGeneration(Channel c, uint256 current) internal pure returns (Channel) {
        return c.generation() == current ? c : Channel.wrap(0);
    }

    /// @dev Callers guarantee `claimed_, reserved_ <= MAX_AMOUNT` and `generation_ <= MAX_GENERATION`.
    function pack(uint256 claimed_, uint256 reserved_, uint256 generation_) internal pure returns (Channel) {
        return Channel.wrap(claimed_ | (reserved_ << RESERVED_SHIFT) | (generation_ << GENERATION_SHIFT));
    }
}

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
