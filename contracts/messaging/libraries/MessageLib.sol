// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title MessageLib
/// @notice The cross-chain message and its leaf hash (DESIGN section 5), shared by Outbox and Inbox.
library MessageLib {
    /// @notice A message as the Inbox receives it; every field is part of the leaf.
    struct Message {
        uint256 sourceChainId;
        uint256 destChainId;
        uint256 nonce;
        address sender;
        address target;
        bytes payload;
    }

    /// @notice `keccak256(abi.encode(sourceChainId, destChainId, nonce, sender, target, payload))`.
    function leaf(
        uint256 sourceChainId,
        uint256 destChainId,
        uint256 nonce,
        address sender,
        address target,
        bytes calldata payload
    ) internal pure returns (bytes32) {
        return keccak256(abi.encode(sourceChainId, destChainId, nonce, sender, target, payload));
    }

    /// @notice The leaf of `m` (the fields encoded one by one, not as a tuple).
    function leaf(Message calldata m) internal pure returns (bytes32) {
        return leaf(m.sourceChainId, m.destChainId, m.nonce, m.sender, m.target, m.payload);
    }
}
