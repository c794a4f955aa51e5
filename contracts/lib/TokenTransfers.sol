// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title TokenTransfers
/// @notice Outgoing ERC-20 transfers that also work with TRON's canonical USDT, whose `transfer`
/// moves the funds but returns `false`. A transfer is accepted when the call does not revert and
/// either returns `true`, or returns nothing from a contract (the usual non-standard tokens), or
/// (any other answer, `false` included) the balances prove it: this contract's balance fell by
/// exactly `amount` and the recipient's rose by exactly `amount`. A token that delivers less
/// (fee on transfer) or does nothing while answering `false` is rejected.
/// @dev Costs two `balanceOf` calls before the transfer (the "before" figures must exist before
/// the answer is known) and two more only on the `false` path. Incoming transfers keep
/// OpenZeppelin's `safeTransferFrom` plus the callers' balance-delta checks (TRON's USDT returns
/// `true` from `transferFrom`).
library TokenTransfers {
    /// @notice The token's `transfer` reverted (its revert data is not relayed).
    error TokenTransferReverted(address token, address to, uint256 amount);
    /// @notice The token answered something other than `true` and the balances do not show an
    /// exact transfer of `amount` (`sent` left this contract, `received` reached `to`).
    error TokenTransferUnproven(address token, address to, uint256 amount, uint256 sent, uint256 received);

    /// @notice Transfers `amount` of `token` from this contract to `to` (see the library notes).
    function safeTransferExact(IERC20 token, address to, uint256 amount) internal {
        uint256 senderBefore = token.balanceOf(address(this));
        uint256 recipientBefore = token.balanceOf(to);
        bytes memory data = abi.encodeCall(IERC20.transfer, (to, amount));
        bool success;
        uint256 size;
        uint256 answer;
        assembly ("memory-safe") {
            // At most one word of return data is copied (no return-data bomb).
            success := call(gas(), token, 0, add(data, 0x20), mload(data), 0x00, 0x20)
            size := returndatasize()
            answer := mload(0x00)
        }
        if (!success) revert TokenTransferReverted(address(token), to, amount);
        if (size == 0 ? address(token).code.length != 0 : (size >= 32 && answer == 1)) return;
        uint256 senderAfter = token.balanceOf(address(this));
        uint256 recipientAfter = token.balanceOf(to);
        uint256 sent = senderBefore > senderAfter ? senderBefore - senderAfter : 0;
        uint256 received = recipientAfter > recipientBefore ? recipientAfter - recipientBefore : 0;
        if (sent != amount || received != amount || to == address(this)) {
            revert TokenTransferUnproven(address(token), to, amount, sent, received);
        }
    }
}
