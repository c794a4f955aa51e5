// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ContentProof} from "../../lib/ContentProof.sol";
import {DealId} from "../StorageTypes.sol";

/// @title Challenges
/// @notice Challenge derivation and verification of one period's proof data.
library Challenges {
    /// @notice Segment challenged as challenge `j`: keccak256(seed, id, j) mod leaves.
    function index(bytes32 seed, DealId id, uint256 j, uint256 leaves) internal pure returns (uint256 result) {
        assembly ("memory-safe") {
            // Hash 96 bytes past the free memory pointer without allocating (the area is scratch).
            let ptr := mload(0x40)
            mstore(ptr, seed)
            mstore(add(ptr, 0x20), id)
            mstore(add(ptr, 0x40), j)
            result := mod(keccak256(ptr, 0x60), leaves)
        }
    }

    /// @notice Checks `challenges` segment proofs laid out in `data` as [segment, depth siblings] each.
    /// @dev `data.length` must be challenges * (depth + 1) (checked by the caller).
    /// @return failed The first failing challenge, or type(uint256).max if all verify.
    function verify(
        bytes32 root,
        uint256 leaves,
        uint256 depth,
        bytes32 seed,
        DealId id,
        uint256 challenges,
        bytes32[] calldata data
    ) internal view returns (uint256 failed) {
        uint256 stride = depth + 1;
        for (uint256 j; j < challenges;) {
            if (!_verifyOne(root, index(seed, id, j, leaves), data[j * stride:(j + 1) * stride])) return j;
            unchecked {
                ++j;
            }
        }
        return type(uint256).max;
    }

    /// @dev `item` is [segment, siblings...].
    function _verifyOne(bytes32 root, uint256 segmentIndex, bytes32[] calldata item) private view returns (bool) {
        return ContentProof.walk(item[0], segmentIndex, item[1:]) == root;
    }
}
