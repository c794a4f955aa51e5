// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

import {IPaymentChannels} from "../../../contracts/payments/IPaymentChannels.sol";

/// @dev Burns 1% of every transfer: the pool must refuse it.
contract FeeOnTransferToken is ERC20("Fee token", "FEE") {
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && to != address(0)) {
            uint256 fee = value / 100;
            super._update(from, address(0), fee);
            value -= fee;
        }
        super._update(from, to, value);
    }
}

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
