// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// A small in-memory content tree for tests (power-of-two leaf count, sha256 pairs as ContentProof).
library TestTree {
    function root(bytes32[] memory leaves) internal pure returns (bytes32) {
        bytes32[] memory layer = leaves;
        while (layer.length > 1) {
            layer = _up(layer);
        }
        return layer[0];
    }

    /// Bottom-up siblings of leaf `index`.
    function siblings(bytes32[] memory leaves, uint256 index) internal pure returns (bytes32[] memory proof) {
        uint256 depth;
        while ((uint256(1) << depth) < leaves.length) ++depth;
        proof = new bytes32[](depth);
        bytes32[] memory layer = leaves;
        for (uint256 l; l < depth; ++l) {
            proof[l] = layer[index ^ 1];
            index >>= 1;
            layer = _up(layer);
        }
    }

    /// Proof data of one period: for each challenged index, the segment then its siblings.
    function periodData(bytes32[] memory leaves, uint256[] memory indices) internal pure returns (bytes32[] memory data) {
        uint256 depth;
        while ((uint256(1) << depth) < leaves.length) ++depth;
        data = new bytes32[](indices.length * (depth + 1));
        uint256 o;
        for (uint256 j; j < indices.length; ++j) {
            data[o++] = leaves[indices[j]];
            bytes32[] memory sib = siblings(leaves, indices[j]);
            for (uint256 l; l < depth; ++l) {
                data[o++] = sib[l];
            }
        }
    }

    function _up(bytes32[] memory layer) private pure returns (bytes32[] memory next) {
        next = new bytes32[](layer.length / 2);
        for (uint256 i; i < next.length; ++i) {
            next[i] = sha256(abi.encodePacked(layer[2 * i], layer[2 * i + 1]));
        }
    }
}
