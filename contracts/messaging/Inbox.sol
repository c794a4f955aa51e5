// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

import {Messages} from "../lib/Messages.sol";
import {IValidatorSet} from "../staking/IValidatorSet.sol";
import {IInbox} from "./IInbox.sol";
import {MerkleAccumulator} from "./libraries/MerkleAccumulator.sol";
import {MessageLib} from "./libraries/MessageLib.sol";
import {ReceiverCall} from "./libraries/ReceiverCall.sol";

/// @title Inbox
/// @notice Accepts checkpoints of other chains' Outbox streams addressed to this chain and
/// executes their messages once each (rules in `IInbox`). Uses the storage-based reentrancy guard
/// (no transient storage on TRON).
contract Inbox is IInbox, ReentrancyGuard {
    /// @inheritdoc IInbox
    // Public immutables are ABI names: camelCase like every other getter.
    // solhint-disable-next-line immutable-vars-naming
    IValidatorSet public immutable validatorSet;

    mapping(uint256 sourceChainId => SourceState) private _sources;
    /// @dev Message count of each accepted root; 0 for unknown roots (an empty root proves nothing).
    mapping(uint256 sourceChainId => mapping(bytes32 root => uint256)) private _rootCounts;
    /// @dev Bit `nonce % 256` of word `nonce / 256`.
    mapping(uint256 sourceChainId => mapping(uint256 word => uint256)) private _executed;
    mapping(uint256 sourceChainId => mapping(uint256 word => uint256)) private _failed;

    /// @param validatorSet_ This chain's validator-set verifier.
    constructor(IValidatorSet validatorSet_) {
        validatorSet = validatorSet_;
    }

    /// @inheritdoc IInbox
    function submitCheckpoint(Messages.Checkpoint calldata checkpoint, IValidatorSet.QuorumProof calldata proof)
        external
    {
        uint256 source = checkpoint.sourceChainId;
        if (source == block.chainid) revert InboxInvalidSource(source);
        if (checkpoint.endBlock < checkpoint.startBlock || checkpoint.endBlock >= type(uint64).max) {
            revert InboxInvalidBlockRange(checkpoint.startBlock, checkpoint.endBlock);
        }
        SourceState memory state = _sources[source];
        if (state.checkpoints != 0 && checkpoint.startBlock != state.nextStartBlock) {
            revert InboxCheckpointNotContiguous(source, checkpoint.startBlock, state.nextStartBlock);
        }
        uint256 count = checkpoint.messageCount;
        if (count < state.messageCount || count > MerkleAccumulator.MAX_LEAVES) {
            revert InboxInvalidMessageCount(source, count, state.messageCount);
        }
        bytes32 digest = validatorSet.verifyCheckpoint(checkpoint, proof);

        // Casts: endBlock < 2^64 - 1 and count <= 2^32 were checked above; checkpoints never reach 2^64.
        _sources[source] = SourceState({
            messageCount: uint64(count),
            nextStartBlock: uint64(checkpoint.endBlock + 1),
            checkpoints: state.checkpoints + 1,
            lastRoot: checkpoint.messageRoot
        });
        if (count > _rootCounts[source][checkpoint.messageRoot]) _rootCounts[source][checkpoint.messageRoot] = count;
        emit CheckpointAccepted(
            source,
            state.checkpoints,
            checkpoint.epoch,
            checkpoint.startBlock,
            checkpoint.endBlock,
            checkpoint.messageRoot,
            count,
            digest
        );
    }

    /// @inheritdoc IInbox
    function execute(MessageLib.Message calldata message, bytes32 root, bytes32[] calldata proof)
        external
        nonReentrant
        returns (bool delivered)
    {
        bytes32 leaf = _checkExecutable(message, root, proof);
        uint256 source = message.sourceChainId;
        uint256 nonce = message.nonce;
        mapping(uint256 => uint256) storage executed = _executed[source];
        uint256 bit = 1 << (nonce & 0xff);

        // Effects before the interaction: the message counts as executed while its receiver runs.
        executed[nonce >> 8] |= bit;
        bytes memory reason;
        (delivered, reason) = _deliverOnce(message);
        if (delivered) {
            emit MessageExecuted(source, nonce, leaf);
        } else {
            executed[nonce >> 8] &= ~bit;
            _failed[source][nonce >> 8] |= bit;
            emit MessageFailed(source, nonce, leaf, reason);
        }
    }

    /// @inheritdoc IInbox
    function deliverToReceiver(address target, uint256 sourceChainId, uint256 nonce, address sender, bytes calldata payload)
        external
    {
        if (msg.sender != address(this)) revert InboxOnlySelf(msg.sender);
        (bool ok, bytes memory reason) = ReceiverCall.deliver(target, sourceChainId, nonce, sender, payload);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(reason, 0x20), mload(reason))
            }
        }
    }

    /// @dev Runs the receiver inside `deliverToReceiver` (a call to this contract), so a wrong
    /// answer rolls back whatever the receiver changed. The revert data is ours (bounded by
    /// `ReceiverCall.MAX_REASON`), but it is bounded again here all the same.
    function _deliverOnce(MessageLib.Message calldata message) private returns (bool ok, bytes memory reason) {
        bytes memory data = abi.encodeCall(
            this.deliverToReceiver,
            (message.target, message.sourceChainId, message.nonce, message.sender, message.payload)
        );
        uint256 size;
        assembly ("memory-safe") {
            ok := call(gas(), address(), 0, add(data, 0x20), mload(data), 0, 0)
            size := returndatasize()
        }
        if (ok) return (true, reason);
        if (size > ReceiverCall.MAX_REASON) size = ReceiverCall.MAX_REASON;
        reason = new bytes(size);
        assembly ("memory-safe") {
            returndatacopy(add(reason, 0x20), 0, size)
        }
    }

    /// @dev All checks of `execute`; returns the message's leaf.
    function _checkExecutable(MessageLib.Message calldata message, bytes32 root, bytes32[] calldata proof)
        private
        view
        returns (bytes32 leaf)
    {
        uint256 source = message.sourceChainId;
        uint256 nonce = message.nonce;
        if (message.destChainId != block.chainid) revert InboxWrongChain(message.destChainId, block.chainid);
        uint256 count = _rootCounts[source][root];
        if (count == 0) revert InboxUnknownRoot(source, root);
        if (nonce >= count) revert InboxNonceNotCovered(source, nonce, count);
        if (_executed[source][nonce >> 8] & (1 << (nonce & 0xff)) != 0) revert InboxAlreadyExecuted(source, nonce);
        leaf = MessageLib.leaf(message);
        if (MerkleAccumulator.computeRoot(leaf, nonce, proof) != root) revert InboxInvalidProof(source, nonce, root);
    }

    /// @inheritdoc IInbox
    function sourceState(uint256 sourceChainId) external view returns (SourceState memory) {
        return _sources[sourceChainId];
    }

    /// @inheritdoc IInbox
    function rootMessageCount(uint256 sourceChainId, bytes32 root) external view returns (uint256) {
        return _rootCounts[sourceChainId][root];
    }

    /// @inheritdoc IInbox
    function isExecuted(uint256 sourceChainId, uint256 nonce) external view returns (bool) {
        return _executed[sourceChainId][nonce >> 8] & (1 << (nonce & 0xff)) != 0;
    }

    /// @inheritdoc IInbox
    function hasFailed(uint256 sourceChainId, uint256 nonce) external view returns (bool) {
        return _failed[sourceChainId][nonce >> 8] & (1 << (nonce & 0xff)) != 0;
    }
}
