// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ContentProof} from "../lib/ContentProof.sol";

/// @title ContentProofHarness
/// @notice Exposes the ContentProof library for tests and benchmarks. Not deployed in production.
contract ContentProofHarness {
    /// @notice See {ContentProof.verifySegment}.
    function verifySegment(bytes32 root, uint256 size, uint256 index, bytes32 segment, bytes32[] calldata proof)
        external
        view
        returns (bool)
    {
        return ContentProof.verifySegment(root, size, index, segment, proof);
    }

    /// @notice See {ContentProof.verifyPiece}.
    function verifyPiece(
        bytes32 root,
        uint256 size,
        uint256 pieceLevel,
        uint256 index,
        bytes calldata data,
        bytes32[] calldata proof
    ) external view returns (bool) {
        return ContentProof.verifyPiece(root, size, pieceLevel, index, data, proof);
    }

    /// @notice See {ContentProof.depthOf}.
    function depthOf(uint256 size) external pure returns (uint256) {
        return ContentProof.depthOf(size);
    }

    /// @notice See {ContentProof.subtreeRoot}.
    function subtreeRoot(bytes calldata data, uint256 level) external view returns (bytes32) {
        return ContentProof.subtreeRoot(data, level);
    }
}
