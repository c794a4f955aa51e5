// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

// Test-only: never deployed to real networks.

/// @notice Plain ERC-20 with permit that anyone may mint.
contract TestToken is ERC20, ERC20Permit {
    constructor(string memory symbol_) ERC20(symbol_, symbol_) ERC20Permit(symbol_) {}

    /// @notice Mints `amount` to `to` (anyone may call).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
