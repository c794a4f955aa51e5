// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AMOUNT_MASK, GENERATION_SHIFT, RESERVED_SHIFT} from "./SlotLayout.sol";

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

using ChannelLib for Channel global;

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
