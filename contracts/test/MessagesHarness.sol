// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Messages} from "../lib/Messages.sol";

/// @title MessagesHarness
/// @notice Exposes the Messages library for tests. Not deployed in production.
contract MessagesHarness {
    /// @notice Digest of a checkpoint.
    function hashCheckpoint(Messages.Checkpoint calldata c) external pure returns (bytes32) {
        return Messages.hash(c);
    }

    /// @notice Digest of a validator-set rotation.
    function hashRotation(Messages.ValidatorSetRotation calldata r) external pure returns (bytes32) {
        return Messages.hash(r);
    }

    /// @notice Digest of a voucher.
    function hashVoucher(Messages.Voucher calldata v) external pure returns (bytes32) {
        return Messages.hash(v);
    }

    /// @notice Digest of a storage deal.
    function hashStorageDeal(Messages.StorageDeal calldata d) external pure returns (bytes32) {
        return Messages.hash(d);
    }

    /// @notice Signer of a digest; reverts on invalid or high-s signatures.
    function recover(bytes32 digest, bytes calldata signature) external pure returns (address) {
        return Messages.recover(digest, signature);
    }

    /// @notice Signer of a digest, or zero when the signature is invalid.
    function tryRecover(bytes32 digest, bytes calldata signature) external pure returns (address) {
        return Messages.tryRecover(digest, signature);
    }

    /// @notice The domain separator every chain computes identically.
    function domainSeparator() external pure returns (bytes32) {
        return Messages.DOMAIN_SEPARATOR;
    }
}
