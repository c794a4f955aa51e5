// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// Event fields are indexed where logs are filtered by them; indexing more costs gas for nothing.
// solhint-disable gas-indexed-events

import {Messages} from "../lib/Messages.sol";
import {IValidatorSet} from "../staking/IValidatorSet.sol";
import {MessageLib} from "./libraries/MessageLib.sol";

/// @title IInbox
/// @notice The receiving half of cross-chain messaging (DESIGN section 5). The Inbox of a chain
/// accepts `Checkpoint`s addressed to it (this chain, this contract, current epoch, quorum of the
/// committed validator set's power), keeps each accepted `messageRoot` with its message count, and
/// executes each message of a source chain at most once on a Merkle proof against a kept root.
///
/// Checkpoints of one source chain cover contiguous block ranges (`startBlock` is the previous
/// `endBlock + 1`) with non-decreasing message counts, so a checkpoint is never accepted twice. A
/// message whose receiver reverts (or does not answer with its selector) is recorded as failed,
/// stays unexecuted and may be retried by anyone. The receiver runs inside a call that rolls back
/// when it does not answer with its selector, so a failed delivery leaves no side effects and a
/// message's effects happen once, on the delivery that succeeds.
interface IInbox {
    /// @notice What the Inbox keeps per source chain.
    /// @param messageCount Messages covered by the latest checkpoint (nonces below are executable).
    /// @param nextStartBlock The `startBlock` the next checkpoint must have.
    /// @param checkpoints Number of checkpoints accepted so far.
    /// @param lastRoot `messageRoot` of the latest checkpoint.
    struct SourceState {
        uint64 messageCount;
        uint64 nextStartBlock;
        uint64 checkpoints;
        bytes32 lastRoot;
    }

    /// @notice A checkpoint of `sourceChainId` was accepted.
    event CheckpointAccepted(
        uint256 indexed sourceChainId,
        uint256 indexed index,
        uint256 epoch,
        uint256 startBlock,
        uint256 endBlock,
        bytes32 messageRoot,
        uint256 messageCount,
        bytes32 digest
    );
    /// @notice Message `nonce` of `sourceChainId` was delivered.
    event MessageExecuted(uint256 indexed sourceChainId, uint256 indexed nonce, bytes32 leaf);
    /// @notice Delivery of message `nonce` of `sourceChainId` failed; it may be retried.
    /// @param reason The receiver's revert data (at most `MAX_REASON` bytes).
    event MessageFailed(uint256 indexed sourceChainId, uint256 indexed nonce, bytes32 leaf, bytes reason);

    /// @notice A checkpoint names this chain as its source.
    error InboxInvalidSource(uint256 sourceChainId);
    /// @notice `endBlock < startBlock`.
    error InboxInvalidBlockRange(uint256 startBlock, uint256 endBlock);
    /// @notice The checkpoint does not start where the previous one ended (includes replays).
    error InboxCheckpointNotContiguous(uint256 sourceChainId, uint256 startBlock, uint256 expected);
    /// @notice The checkpoint covers fewer messages than the previous one, or more than 2^32.
    error InboxInvalidMessageCount(uint256 sourceChainId, uint256 messageCount, uint256 previous);
    /// @notice A message addressed to another chain.
    error InboxWrongChain(uint256 destChainId, uint256 chainId);
    /// @notice The root was never accepted for this source chain (or covers no message).
    error InboxUnknownRoot(uint256 sourceChainId, bytes32 root);
    /// @notice The root covers messages `[0, messageCount)` only.
    error InboxNonceNotCovered(uint256 sourceChainId, uint256 nonce, uint256 messageCount);
    /// @notice The message was executed already.
    error InboxAlreadyExecuted(uint256 sourceChainId, uint256 nonce);
    /// @notice The Merkle proof does not lead from the message's leaf to the root.
    error InboxInvalidProof(uint256 sourceChainId, uint256 nonce, bytes32 root);
    /// @notice `deliverToReceiver` was called by `caller`; only the Inbox itself may call it.
    error InboxOnlySelf(address caller);

    /// @notice Accepts a checkpoint addressed to this Inbox, signed by a quorum of the current set.
    /// Anyone may submit one.
    /// @dev Requirements: the verifier's (`destChainId == block.chainid`, `destContract == this`,
    /// current epoch, quorum by power); `sourceChainId != block.chainid`;
    /// `startBlock <= endBlock`; `startBlock == nextStartBlock` unless it is the source's first;
    /// `previous messageCount <= messageCount <= 2^32`. Emits `CheckpointAccepted`.
    function submitCheckpoint(Messages.Checkpoint calldata checkpoint, IValidatorSet.QuorumProof calldata proof)
        external;

    /// @notice Delivers `message` to its target, proven against an accepted `root`.
    /// Anyone may execute (relayers, users, the SDK).
    /// @dev Requirements: `destChainId == block.chainid`; `root` accepted for the source with
    /// `nonce < messageCount`; not executed yet; a valid proof (see `MerkleAccumulator`). Emits
    /// `MessageExecuted`, or `MessageFailed` (message left retryable) when the receiver fails.
    /// @param message The message, every leaf field.
    /// @param root An accepted `messageRoot` of the message's source chain.
    /// @param proof Siblings from the leaf up (at most 32; shorter proofs for smaller trees).
    /// @return delivered True when the receiver accepted the message.
    function execute(MessageLib.Message calldata message, bytes32 root, bytes32[] calldata proof)
        external
        returns (bool delivered);

    /// @notice The Inbox's own rollback frame around a receiver (called by `execute` through an
    /// external call to itself; anyone else is refused with `InboxOnlySelf`). Reverts, undoing
    /// everything the receiver did, unless the receiver answers with `onMessage`'s selector; the
    /// revert data is the receiver's revert reason truncated to `MAX_REASON` bytes (empty when it
    /// answered wrongly or has no code).
    function deliverToReceiver(address target, uint256 sourceChainId, uint256 nonce, address sender, bytes calldata payload)
        external;

    /// @notice The verifier of checkpoint signatures.
    function validatorSet() external view returns (IValidatorSet);

    /// @notice The state kept for `sourceChainId`.
    function sourceState(uint256 sourceChainId) external view returns (SourceState memory);

    /// @notice Message count of an accepted root of `sourceChainId` (0 when unknown).
    function rootMessageCount(uint256 sourceChainId, bytes32 root) external view returns (uint256);

    /// @notice Whether message `nonce` of `sourceChainId` was delivered.
    function isExecuted(uint256 sourceChainId, uint256 nonce) external view returns (bool);

    /// @notice Whether a delivery of message `nonce` of `sourceChainId` has failed (it may have
    /// succeeded on a later retry: check `isExecuted` first).
    function hasFailed(uint256 sourceChainId, uint256 nonce) external view returns (bool);
}
