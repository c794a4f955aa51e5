// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

import {IOutbox} from "../messaging/IOutbox.sol";
import {IBridge} from "./IBridge.sol";

/// @title BridgeBase
/// @notice Governance, pausing, the flat fee and the messaging endpoints shared by both bridges.
abstract contract BridgeBase is IBridge, Ownable2Step, Pausable, ReentrancyGuard {
    // Public immutables are ABI names: camelCase like every other getter.
    // solhint-disable immutable-vars-naming
    /// @notice This chain's Outbox.
    IOutbox public immutable outbox;
    /// @notice This chain's Inbox: the only caller of `onMessage`.
    address public immutable inbox;
    /// @inheritdoc IBridge
    uint256 public immutable maxFee;
    // solhint-enable immutable-vars-naming

    /// @inheritdoc IBridge
    uint256 public fee;
    /// @inheritdoc IBridge
    uint256 public feesAccrued;

    constructor(IOutbox outbox_, address inbox_, address owner_, uint256 fee_, uint256 maxFee_) Ownable(owner_) {
        if (fee_ > maxFee_) revert BridgeFeeTooHigh(fee_, maxFee_);
        outbox = outbox_;
        inbox = inbox_;
        maxFee = maxFee_;
        fee = fee_;
        emit FeeChanged(fee_);
    }

    /// @inheritdoc IBridge
    function setFee(uint256 newFee) external onlyOwner {
        if (newFee > maxFee) revert BridgeFeeTooHigh(newFee, maxFee);
        fee = newFee;
        emit FeeChanged(newFee);
    }

    /// @inheritdoc IBridge
    function claimFees(address payable to) external onlyOwner nonReentrant {
        if (to == address(0)) revert BridgeInvalidRecipient(to);
        uint256 amount = feesAccrued;
        feesAccrued = 0;
        emit FeesClaimed(to, amount);
        _sendNative(to, amount);
    }

    /// @inheritdoc IBridge
    function pause() external onlyOwner {
        _pause();
    }

    /// @inheritdoc IBridge
    function unpause() external onlyOwner {
        _unpause();
    }

    /// @dev Takes the fee out of `msg.value`; returns what is left.
    function _takeFee() internal returns (uint256 rest) {
        uint256 due = fee;
        if (msg.value < due) revert BridgeWrongValue(msg.value, due);
        feesAccrued += due;
        return msg.value - due;
    }

    /// @dev Reverts unless called by the Inbox with a message from `trusted` on `trustedChainId`.
    function _checkOrigin(uint256 sourceChainId, address sender, uint256 trustedChainId, address trusted)
        internal
        view
    {
        if (msg.sender != inbox) revert BridgeNotInbox(msg.sender);
        if (trusted == address(0) || sourceChainId != trustedChainId || sender != trusted) {
            revert BridgeUntrustedSender(sourceChainId, sender);
        }
    }

    function _sendNative(address to, uint256 amount) internal {
        // slither-disable-next-line arbitrary-send-eth (recipients are named by their owners)
        (bool ok,) = payable(to).call{value: amount}("");
        if (!ok) revert BridgeNativeTransferFailed(to, amount);
    }
}
