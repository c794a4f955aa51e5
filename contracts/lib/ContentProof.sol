// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ContentProof
/// @notice Verifies proofs against a content commitment (root, size): the SHA-256 binary Merkle
/// tree over 32-byte segments, zero-padded to a power of two, node = sha256(left || right)
/// (DESIGN section 7). Two proof kinds: one segment (a leaf) with its siblings, and one aligned
/// piece (a subtree of 2^k segments) given as bytes with the siblings above it. Siblings are
/// ordered bottom-up; the proven node's index decides left or right at each level.
/// Hashing goes through the sha256 precompile (0x02), which behaves alike on every target chain.
library ContentProof {
    uint256 internal constant SEGMENT_SIZE = 32;
    /// @dev Deepest tree supported (2^48 segments): bounds every loop below.
    uint256 internal constant MAX_DEPTH = 48;

    /// @notice The size is zero or larger than 2^48 segments.
    error ContentProofInvalidSize(uint256 size);
    /// @notice The index is not below the number of segments (or pieces) of the content.
    error ContentProofIndexOutOfRange(uint256 index, uint256 count);
    /// @notice The proof does not have one sibling per level between the proven node and the root.
    error ContentProofWrongLength(uint256 length, uint256 expected);
    /// @notice The piece level is above 48, or the data does not have the length of that piece.
    error ContentProofInvalidPiece(uint256 pieceLevel, uint256 dataLength, uint256 expectedLength);
    /// @notice The sha256 precompile call failed.
    error ContentProofHashFailed();

    /// @notice Number of 32-byte segments of `size` bytes (before padding).
    function leafCount(uint256 size) internal pure returns (uint256) {
        if (size == 0 || size > SEGMENT_SIZE << MAX_DEPTH) revert ContentProofInvalidSize(size);
        // Cannot overflow: size <= 2^53.
        unchecked {
            return (size + SEGMENT_SIZE - 1) / SEGMENT_SIZE;
        }
    }

    /// @notice Levels above the leaves: ceil(log2(leafCount(size))).
    function depthOf(uint256 size) internal pure returns (uint256 depth) {
        uint256 leaves = leafCount(size);
        // Bounded by MAX_DEPTH through leafCount's size check.
        while ((uint256(1) << depth) < leaves) {
            unchecked {
                ++depth;
            }
        }
    }

    /// @notice True if `segment` is segment `index` of the content (root, size). False for a last
    /// segment with a non-zero byte past `size` (padding is zero: no content of that size has it),
    /// as the SDK's verifySegment answers.
    /// @dev Reverts on malformed input (index out of range, wrong proof length): a caller that
    /// must not revert (a batch) checks `index < leafCount(size)` and the length first.
    function verifySegment(bytes32 root, uint256 size, uint256 index, bytes32 segment, bytes32[] calldata proof)
        internal
        view
        returns (bool)
    {
        uint256 leaves = leafCount(size);
        if (index >= leaves) revert ContentProofIndexOutOfRange(index, leaves);
        uint256 depth = depthOf(size);
        if (proof.length != depth) revert ContentProofWrongLength(proof.length, depth);
        // Without this, the last segment of content one byte longer verifies against `size`.
        uint256 tail = size % SEGMENT_SIZE;
        if (index == leaves - 1 && tail != 0 && (uint256(segment) & (type(uint256).max >> (tail * 8))) != 0) {
            return false;
        }
        return walk(segment, index, proof) == root;
    }

    /// @notice True if `data` is piece `index` (pieces of 2^pieceLevel segments) of the content.
    /// @dev The last piece may be short; a piece level above the tree depth means the whole content.
    function verifyPiece(
        bytes32 root,
        uint256 size,
        uint256 pieceLevel,
        uint256 index,
        bytes calldata data,
        bytes32[] calldata proof
    ) internal view returns (bool) {
        uint256 depth = depthOf(size);
        if (pieceLevel > MAX_DEPTH) revert ContentProofInvalidPiece(pieceLevel, data.length, 0);
        uint256 level = pieceLevel < depth ? pieceLevel : depth;
        uint256 pieceBytes = SEGMENT_SIZE << pieceLevel;
        uint256 count = (size + pieceBytes - 1) / pieceBytes;
        if (index >= count) revert ContentProofIndexOutOfRange(index, count);
        uint256 expected = index == count - 1 ? size - index * pieceBytes : pieceBytes;
        if (data.length != expected) revert ContentProofInvalidPiece(pieceLevel, data.length, expected);
        if (proof.length != depth - level) revert ContentProofWrongLength(proof.length, depth - level);
        return walk(subtreeRoot(data, level), index, proof) == root;
    }

    /// @notice Folds `node` at position `index` with its bottom-up `siblings`.
    /// @dev One sha256 precompile call per level in scratch space (0x00-0x3f). The running node
    /// sits in the left word (0x00) when the index's low bit is 0 and in the right word (0x20)
    /// when it is 1; each digest is written straight into the word the next level needs.
    function walk(bytes32 node, uint256 index, bytes32[] calldata siblings) internal view returns (bytes32 root) {
        bool ok = true;
        assembly ("memory-safe") {
            mstore(shl(5, and(index, 1)), node)
            let ptr := siblings.offset
            let end := add(ptr, shl(5, siblings.length))
            for {} lt(ptr, end) { ptr := add(ptr, 0x20) } {
                // The sibling takes the other word of the pair.
                mstore(shl(5, xor(and(index, 1), 1)), calldataload(ptr))
                index := shr(1, index)
                ok := and(ok, staticcall(gas(), 0x02, 0x00, 0x40, shl(5, and(index, 1)), 0x20))
            }
            root := mload(shl(5, and(index, 1)))
        }
        if (!ok) revert ContentProofHashFailed();
    }

    /// @notice Root of the `level`-level subtree over `data` (zero-padded, at most 2^level segments).
    function subtreeRoot(bytes calldata data, uint256 level) internal view returns (bytes32) {
        uint256 count = (data.length + SEGMENT_SIZE - 1) / SEGMENT_SIZE;
        // Layer 0 in memory, one extra zero word so an odd count always has a right sibling.
        bytes32[] memory layer = new bytes32[](count + 1);
        for (uint256 i; i < count; ++i) {
            uint256 start = i * SEGMENT_SIZE;
            uint256 end = start + SEGMENT_SIZE < data.length ? start + SEGMENT_SIZE : data.length;
            // A short last segment converts left-aligned and zero-padded on the right.
            layer[i] = bytes32(data[start:end]);
        }
        bytes32 zero; // root of an all-zero subtree of the current level
        for (uint256 height; height < level; ++height) {
            uint256 pairs = (count + 1) / 2;
            for (uint256 i; i < pairs; ++i) {
                bytes32 right = 2 * i + 1 < count ? layer[2 * i + 1] : zero;
                layer[i] = hashPair(layer[2 * i], right);
            }
            zero = hashPair(zero, zero);
            count = pairs;
        }
        return count == 0 ? zero : layer[0];
    }

    /// @notice sha256(left || right) through the precompile, in scratch space (no allocation).
    function hashPair(bytes32 left, bytes32 right) internal view returns (bytes32 result) {
        bool ok;
        assembly ("memory-safe") {
            // Scratch space 0x00-0x3f holds exactly the 64-byte input; the digest overwrites 0x00.
            mstore(0x00, left)
            mstore(0x20, right)
            // 0x02 is sha256 on Ethereum, BNB Chain, BTTC and TRON alike.
            ok := staticcall(gas(), 0x02, 0x00, 0x40, 0x00, 0x20)
            result := mload(0x00)
        }
        if (!ok) revert ContentProofHashFailed();
    }
}
