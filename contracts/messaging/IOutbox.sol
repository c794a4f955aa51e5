// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IOutbox
/// @notice The sending half of cross-chain messaging (DESIGN section 5). Every chain has one
/// Outbox holding, per destination chain, a stream: a nonce sequence and an append-only Merkle
/// accumulator (depth 32, keccak256 nodes, zero leaves as padding) of message leaves
///
///     leaf = keccak256(abi.encode(sourceChainId, destChainId, nonce, sender, target, payload))
///
/// where `nonce` is also the leaf's index. Validators sign the stream's root at a message count in
/// a `Checkpoint`; the destination Inbox executes messages on Merkle proofs against that root.
/// `MessageSent` carries every leaf field (the source chain is the emitting chain), so proofs are
/// rebuilt from this contract's logs alone.
interface IOutbox {
    /// @notice A message entered the stream of `destChainId` at index `nonce`.
    /// @param destChainId Destination chain.
    /// @param nonce Index of the leaf in that stream (0-based).
    /// @param sender `msg.sender` of `send`.
    /// @param target Receiver on the destination chain.
    /// @param payload Application data.
    /// @param leaf The leaf hash (a convenience: it is recomputable from the other fields).
    event MessageSent(
        uint256 indexed destChainId,
        uint256 indexed nonce,
        address indexed sender,
        address target,
        bytes payload,
        bytes32 leaf
    );

    /// @notice Messages to the own chain (or to chain 0) are refused.
    error OutboxInvalidDestination(uint256 destChainId);
    /// @notice The target is the zero address.
    error OutboxInvalidTarget(address target);
    /// @notice The payload is longer than `MAX_PAYLOAD`.
    error OutboxPayloadTooLarge(uint256 length, uint256 max);
    /// @notice The stream of `destChainId` holds 2^32 messages already.
    error OutboxStreamFull(uint256 destChainId);

    /// @notice Appends a message to the stream of `destChainId`.
    /// @dev Requirements: `destChainId` is neither 0 nor this chain; `target` is not zero;
    /// `payload.length <= MAX_PAYLOAD`. Emits `MessageSent`.
    /// @param destChainId Destination chain.
    /// @param target Receiver (an `IMessageReceiver`) on the destination chain.
    /// @param payload Application data.
    /// @return nonce The message's index in the stream.
    function send(uint256 destChainId, address target, bytes calldata payload) external returns (uint256 nonce);

    /// @notice Number of messages sent to `destChainId` so far (the next nonce).
    function messageCount(uint256 destChainId) external view returns (uint256);

    /// @notice Root of the stream of `destChainId` over all messages sent so far.
    function root(uint256 destChainId) external view returns (bytes32);

    /// @notice The leaf of a message (same encoding as the contract computes).
    function leafOf(
        uint256 sourceChainId,
        uint256 destChainId,
        uint256 nonce,
        address sender,
        address target,
        bytes calldata payload
    ) external pure returns (bytes32);
}
