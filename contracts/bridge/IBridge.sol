// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// Event fields are indexed where logs are filtered by them; indexing more costs gas for nothing.
// solhint-disable gas-indexed-events

import {IMessageReceiver} from "../messaging/IMessageReceiver.sol";

/// @title IBridge
/// @notice What RootBridge and ChildBridge share: the messaging endpoints, the optional flat fee
/// (in the chain's native coin, accrued and claimed by governance) and the errors of both sides.
/// Governance is an `Ownable2Step` owner (meant to be a timelock); pausing stops deposits,
/// withdrawals and message delivery (undelivered messages stay retryable in the Inbox).
interface IBridge is IMessageReceiver {
    /// @notice The flat fee changed.
    event FeeChanged(uint256 fee);
    /// @notice Governance took the accrued fees.
    event FeesClaimed(address indexed to, uint256 amount);

    /// @notice `onMessage` was called by something other than this chain's Inbox.
    error BridgeNotInbox(address caller);
    /// @notice A message came from another contract or chain than the counterpart bridge.
    error BridgeUntrustedSender(uint256 sourceChainId, address sender);
    /// @notice The payload's kind is not one this bridge accepts.
    error BridgeInvalidMessage(uint256 kind);
    /// @notice The native value sent does not match what is due (`expected` includes the fee).
    error BridgeWrongValue(uint256 value, uint256 expected);
    /// @notice Zero amount.
    error BridgeZeroAmount();
    /// @notice The recipient is the zero address.
    error BridgeInvalidRecipient(address recipient);
    /// @notice The fee `fee` is above `maxFee`, the bound fixed at deployment.
    error BridgeFeeTooHigh(uint256 fee, uint256 maxFee);
    /// @notice Sending native coin to `to` failed.
    error BridgeNativeTransferFailed(address to, uint256 amount);

    /// @notice The flat fee charged per deposit (root) or withdrawal (child), in native wei.
    function fee() external view returns (uint256);

    /// @notice Fees accrued and not yet claimed.
    function feesAccrued() external view returns (uint256);

    /// @notice Highest flat fee governance may set, in native wei; fixed at deployment (the chain's
    /// native coin differs per chain, so the bound does too). A fee change can take at most this
    /// much from a native deposit or withdrawal sent before it.
    function maxFee() external view returns (uint256);

    /// @notice Sets the flat fee, at most `maxFee()`. Owner only. Emits `FeeChanged`.
    function setFee(uint256 newFee) external;

    /// @notice Sends the accrued fees to `to`. Owner only. Emits `FeesClaimed`.
    function claimFees(address payable to) external;

    /// @notice Stops deposits, withdrawals and deliveries. Owner only.
    function pause() external;

    /// @notice Resumes. Owner only.
    function unpause() external;
}
