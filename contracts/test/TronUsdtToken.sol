// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

// Test-only: never deployed to real networks.

/// @notice Behaves like TRON's canonical USDT (TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t): `transfer`
/// moves the funds but returns `false` (its implementation declares `returns (bool)` and never
/// sets it), while `transferFrom` and `approve` return `true`. Anyone may mint. It keeps 18
/// decimals like the other test tokens (the devnet's amounts are in 18-decimal units); the real
/// token has 6, which changes nothing on chain (decimals are metadata).
contract TronUsdtToken is ERC20 {
    constructor() ERC20("Tether USD", "USDT") {}

    /// @notice Mints `amount` to `to` (anyone may call).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Moves `value` to `to` and, like TRON's USDT, returns `false` anyway.
    function transfer(address to, uint256 value) public override returns (bool) {
        super.transfer(to, value);
        return false;
    }
}
