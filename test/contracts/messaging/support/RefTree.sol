// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Reference Merkle tree built level by level from all leaves (the accumulator's spec,
/// written the obvious way): depth 32, keccak256 nodes, zero leaves, empty subtrees hashed.
library RefTree {
    function hashPair(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(a, b));
    }

    /// @dev Root of the depth-32 tree holding `leaves` at indices 0..n-1.
    function root(bytes32[] memory leaves) internal pure returns (bytes32) {
        bytes32[] memory layer = leaves;
        bytes32 zero;
        for (uint256 h; h < 32; ++h) {
            uint256 n = (layer.length + 1) / 2;
            bytes32[] memory next = new bytes32[](n);
            for (uint256 i; i < n; ++i) {
                bytes32 left = layer[2 * i];
                bytes32 right = 2 * i + 1 < layer.length ? layer[2 * i + 1] : zero;
                next[i] = hashPair(left, right);
            }
            if (layer.length == 0) {
                next = new bytes32[](0);
            }
            layer = next;
            zero = hashPair(zero, zero);
        }
        return layer.length == 0 ? zero : layer[0];
    }

    /// @dev Smallest proof height for a tree of `count` leaves: ceil(log2(count)).
    function heightFor(uint256 count) internal pure returns (uint256 d) {
        while ((uint256(1) << d) < count) ++d;
    }

    /// @dev Siblings of leaf `index` up to height `depth` (the tree must fit: n <= 2^depth).
    function proof(bytes32[] memory leaves, uint256 index, uint256 depth) internal pure returns (bytes32[] memory p) {
        p = new bytes32[](depth);
        bytes32[] memory layer = leaves;
        bytes32 zero;
        for (uint256 h; h < depth; ++h) {
            uint256 sibling = index ^ 1;
            p[h] = sibling < layer.length ? layer[sibling] : zero;
            uint256 n = (layer.length + 1) / 2;
            bytes32[] memory next = new bytes32[](n);
            for (uint256 i; i < n; ++i) {
                bytes32 right = 2 * i + 1 < layer.length ? layer[2 * i + 1] : zero;
                next[i] = hashPair(layer[2 * i], right);
            }
            layer = next;
            zero = hashPair(zero, zero);
            index >>= 1;
        }
    }
}
