// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IOutbox} from "./IOutbox.sol";
import {MerkleAccumulator} from "./libraries/MerkleAccumulator.sol";
import {MessageLib} from "./libraries/MessageLib.sol";

/// @title Outbox
/// @notice One append-only message stream per destination chain (encoding in `IOutbox`). Anyone
/// may send: receivers authenticate `(sourceChainId, sender)` themselves.
contract Outbox is IOutbox {
    using MerkleAccumulator for MerkleAccumulator.Tree;

    /// @notice Largest payload accepted (bounds what relayers must carry and prove).
    uint256 public constant MAX_PAYLOAD = 16_384;

    mapping(uint256 destChainId => MerkleAccumulator.Tree) private _streams;

    /// @inheritdoc IOutbox
    function send(uint256 destChainId, address target, bytes calldata payload) external returns (uint256 nonce) {
        if (destChainId == 0 || destChainId == block.chainid) revert OutboxInvalidDestination(destChainId);
        if (target == address(0)) revert OutboxInvalidTarget(target);
        if (payload.length > MAX_PAYLOAD) revert OutboxPayloadTooLarge(payload.length, MAX_PAYLOAD);
        MerkleAccumulator.Tree storage stream = _streams[destChainId];
        nonce = stream.count;
        if (nonce >= MerkleAccumulator.MAX_LEAVES) revert OutboxStreamFull(destChainId);
        bytes32 leaf = MessageLib.leaf(block.chainid, destChainId, nonce, msg.sender, target, payload);
        stream.append(leaf);
        emit MessageSent(destChainId, nonce, msg.sender, target, payload, leaf);
    }

    /// @inheritdoc IOutbox
    function messageCount(uint256 destChainId) external view returns (uint256) {
        return _streams[destChainId].count;
    }

    /// @inheritdoc IOutbox
    function root(uint256 destChainId) external view returns (bytes32) {
        return _streams[destChainId].root();
    }

    /// @inheritdoc IOutbox
    function leafOf(
        uint256 sourceChainId,
        uint256 destChainId,
        uint256 nonce,
        address sender,
        address target,
        bytes calldata payload
    ) external pure returns (bytes32) {
        return MessageLib.leaf(sourceChainId, destChainId, nonce, sender, target, payload);
    }
}
