// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

// Test-only tokens shared by the domains' tests (never deployed to real networks).

/// @notice Plain ERC-20 with permit that anyone may mint.
contract TestToken is ERC20, ERC20Permit {
    constructor(string memory symbol_) ERC20(symbol_, symbol_) ERC20Permit(symbol_) {}

    /// @notice Mints `amount` to `to` (anyone may call).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}

/// @notice Takes 1% of every transfer: pools and bridges must refuse it.
contract FeeOnTransferToken is ERC20 {
    constructor() ERC20("Fee", "FEE") {}

    /// @notice Mints `amount` to `to` (anyone may call).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) return super._update(from, to, value);
        uint256 cut = value / 100;
        super._update(from, address(0xfee), cut);
        super._update(from, to, value - cut);
    }
}

/// @notice Calls an armed target with armed data from inside every transfer, and records whether
/// that call succeeded (it must not, when the bridge is reentrancy safe).
contract ReentrantToken is ERC20 {
    address public target;
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
        target = target_;
        data = data_;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        address t = target;
        if (t != address(0) && from != address(0) && to != address(0)) {
            target = address(0);
            bool ok;
            (ok, lastError) = t.call(data);
            reentered = ok;
        }
    }
}
