// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

// Test-only: never deployed to real networks.

/// @notice Calls an armed target with armed data from inside every transfer, and records whether
/// that call succeeded (it must not, when the bridge is reentrancy safe).
contract ReentrantToken is ERC20 {
    address public reentryTarget;
    bytes public data;
    bool public reentered;
    bytes public lastError;

    constructor() ERC20("Reentrant", "REE") {}

    /// @notice Mints `amount` to `to` (anyone may call).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Makes the next transfer call `target_` with `data_`.
    function arm(address target_, bytes calldata data_) external {
        reentryTarget = target_;
        data = data_;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        address t = reentryTarget;
        if (t != address(0) && from != address(0) && to != address(0)) {
            reentryTarget = address(0);
            bool ok;
            // The point of this token is an arbitrary reentrant call.
            // solhint-disable-next-line avoid-low-level-calls
            (ok, lastError) = t.call(data);
            reentered = ok;
        }
    }
}
