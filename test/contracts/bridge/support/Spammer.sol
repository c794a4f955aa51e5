// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IOutbox} from "../../../../contracts/messaging/IOutbox.sol";

/// @notice Fills an Outbox stream with `n` small messages in one transaction (benchmarks only).
contract Spammer {
    function spam(IOutbox outbox, uint256 destChainId, address target, uint256 n) external {
        for (uint256 i; i < n; ++i) outbox.send(destChainId, target, abi.encode(i));
    }
}
