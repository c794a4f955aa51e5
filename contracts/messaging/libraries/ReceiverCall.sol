// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMessageReceiver} from "../IMessageReceiver.sol";

/// @title ReceiverCall
/// @notice Calls `IMessageReceiver.onMessage` without trusting the receiver: no revert escapes,
/// at most `MAX_REASON` bytes of return data are copied (no return-data bomb), and success means
/// the call returned the `onMessage` selector.
library ReceiverCall {
    /// @notice Largest revert reason kept for `MessageFailed`.
    uint256 internal constant MAX_REASON = 256;

    /// @return ok True when the receiver returned `onMessage.selector`.
    /// @return reason Revert data (truncated), empty on success or when the target has no code.
    function deliver(address target, uint256 sourceChainId, uint256 nonce, address sender, bytes calldata payload)
        internal
        returns (bool ok, bytes memory reason)
    {
        if (target.code.length == 0) return (false, reason);
        return _call(target, abi.encodeCall(IMessageReceiver.onMessage, (sourceChainId, nonce, sender, payload)));
    }

    function _call(address target, bytes memory data) private returns (bool ok, bytes memory reason) {
        bool success;
        uint256 size;
        bytes4 answer;
        assembly ("memory-safe") {
            // Return data is not copied by the call itself (out size 0); we copy what we need below.
            success := call(gas(), target, 0, add(data, 0x20), mload(data), 0, 0)
            size := returndatasize()
        }
        if (success) {
            if (size < 32) return (false, reason);
            assembly ("memory-safe") {
                // First word of the return data, left-aligned selector in scratch space.
                returndatacopy(0x00, 0, 0x20)
                answer := mload(0x00)
            }
            return (answer == IMessageReceiver.onMessage.selector, reason);
        }
        if (size > MAX_REASON) size = MAX_REASON;
        reason = new bytes(size);
        assembly ("memory-safe") {
            // `reason` was allocated with exactly `size` bytes after its length word.
            returndatacopy(add(reason, 0x20), 0, size)
        }
    }
}
