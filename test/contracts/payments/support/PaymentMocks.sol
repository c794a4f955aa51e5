// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPaymentChannels} from "../../../../contracts/payments/IPaymentChannels.sol";

/// @dev A payee that refuses native BTT.
contract RejectingPayee {
    receive() external payable {
        revert("no thanks");
    }
}

/// @dev A payee that tries to claim again while being paid, and records why it could not.
contract ReentrantPayee {
    IPaymentChannels public pool;
    IPaymentChannels.Claim public replay;
    bool public armed;
    bytes public lastError;

    function arm(IPaymentChannels pool_, IPaymentChannels.Claim calldata replay_) external {
        pool = pool_;
        replay = replay_;
        armed = true;
    }

    receive() external payable {
        if (!armed) return;
        armed = false;
        try pool.claim(address(this), address(0), replay) {}
        catch (bytes memory reason) {
            lastError = reason;
        }
    }
}
