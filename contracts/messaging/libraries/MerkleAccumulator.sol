// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title MerkleAccumulator
/// @notice Append-only binary Merkle tree of fixed depth 32 over keccak256, kept as a frontier
/// (one stored node per level): an append writes one slot and reads one per trailing set bit of
/// the new count, the root is computed on demand. Empty leaves are `bytes32(0)`; the empty subtree
/// of height `h + 1` is `keccak256(Z_h, Z_h)` (so padding is hashed, never a bare zero above the
/// leaves). Node = `keccak256(left || right)`.
///
/// Proofs may be shorter than 32: a proof of length `d` proves a leaf of a tree holding at most
/// `2^d` leaves, whose depth-32 root is the depth-`d` root hashed up with empty subtrees. This
/// saves calldata (14 siblings for a 10,000-message checkpoint instead of 32) and proves exactly
/// the same statement as the full path with its upper siblings all empty.
library MerkleAccumulator {
    uint256 internal constant DEPTH = 32;
    uint256 internal constant MAX_LEAVES = 1 << DEPTH;

    /// @dev `branch[h]` is the root of the last complete subtree of height `h` on the left edge of
    /// the frontier; only meaningful where bit `h` of `count` is set.
    struct Tree {
        uint256 count;
        bytes32[DEPTH] branch;
    }

    /// @notice The tree is full (2^32 leaves).
    error MerkleAccumulatorFull();

    /// @notice Appends `leaf`; returns its index.
    function append(Tree storage tree, bytes32 leaf) internal returns (uint256 index) {
        index = tree.count;
        if (index >= MAX_LEAVES) revert MerkleAccumulatorFull();
        uint256 size = index + 1;
        tree.count = size;
        bytes32 node = leaf;
        // Climb while the new leaf completes a subtree (bit h of the new size is 0): combine with
        // the stored left sibling. The first set bit is where the completed subtree is stored.
        for (uint256 h; h < DEPTH; ++h) {
            if (size & 1 == 1) {
                tree.branch[h] = node;
                return index;
            }
            node = hashPair(tree.branch[h], node);
            size >>= 1;
        }
    }

    /// @notice Root of the depth-32 tree over the leaves appended so far.
    function root(Tree storage tree) internal view returns (bytes32 node) {
        uint256 size = tree.count;
        bytes32 zero; // empty subtree of the current height
        for (uint256 h; h < DEPTH; ++h) {
            node = size & 1 == 1 ? hashPair(tree.branch[h], node) : hashPair(node, zero);
            zero = hashPair(zero, zero);
            size >>= 1;
        }
    }

    /// @notice Depth-32 root implied by `leaf` at `index` and its `proof` (siblings from the leaf
    /// up, at most 32). Returns `bytes32(0)` when `index` does not fit the proof's height or the
    /// proof is longer than 32 (no valid root is zero: it would need a keccak preimage of zero).
    function computeRoot(bytes32 leaf, uint256 index, bytes32[] calldata proof) internal pure returns (bytes32 node) {
        uint256 d = proof.length;
        if (d > DEPTH || index >> d != 0) return bytes32(0);
        node = leaf;
        bytes32 zero;
        for (uint256 h; h < DEPTH; ++h) {
            if (h < d) {
                node = (index >> h) & 1 == 1 ? hashPair(proof[h], node) : hashPair(node, proof[h]);
            } else {
                // Above the proof the leaf is always on the left of an empty subtree.
                node = hashPair(node, zero);
            }
            zero = hashPair(zero, zero);
        }
    }

    /// @notice `keccak256(a || b)` in scratch space.
    function hashPair(bytes32 a, bytes32 b) internal pure returns (bytes32 h) {
        assembly ("memory-safe") {
            // Scratch space 0x00-0x3f is free for hashing (Solidity memory layout).
            mstore(0x00, a)
            mstore(0x20, b)
            h := keccak256(0x00, 0x40)
        }
    }
}
