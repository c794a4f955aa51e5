// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IMessageReceiver
/// @notice What the target of a cross-chain message implements. The Inbox calls `onMessage` once
/// the message is proven against a checkpoint; the call counts as delivered only when it returns
/// the function's selector (a contract with a permissive fallback never swallows a message by
/// accident). A revert leaves the message undelivered and retryable.
/// @dev Implementations MUST check that `msg.sender` is their Inbox and that
/// `(sourceChainId, sender)` is a counterpart they trust: the Inbox delivers any proven message.
interface IMessageReceiver {
    /// @notice Delivers one message.
    /// @param sourceChainId Chain whose Outbox sent the message.
    /// @param nonce Position of the message in its (source, destination) stream.
    /// @param sender The contract or account that called `Outbox.send` on the source chain.
    /// @param payload Application data.
    /// @return selector `IMessageReceiver.onMessage.selector`.
    function onMessage(uint256 sourceChainId, uint256 nonce, address sender, bytes calldata payload)
        external
        returns (bytes4 selector);
}
