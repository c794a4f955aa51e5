// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";

/// @title BTT test token
/// @notice ERC-20 stand-in for BTT on test networks and the local devnet: 18 decimals, EIP-2612
/// permit, and a mint reserved to the owner. On mainnets the real BTT (TRC-20 on TRON, bridged
/// ERC-20s elsewhere, native on BTTC) takes its place; nothing in the protocol depends on this
/// contract's extras.
contract BTTToken is ERC20, ERC20Permit, Ownable2Step {
    /// @notice A mint to the zero address or of zero tokens was requested.
    error BTTTokenInvalidMint(address to, uint256 amount);

    /// @param initialOwner Account allowed to mint (two-step transferable).
    constructor(address initialOwner) ERC20("BitTorrent Test Token", "BTT") ERC20Permit("BitTorrent Test Token") Ownable(initialOwner) {}

    /// @notice Mints `amount` tokens to `to`.
    /// @dev Requirements: caller is the owner; `to` is not zero; `amount` is not zero.
    /// @param to Recipient of the new tokens.
    /// @param amount Amount in wei (18 decimals).
    function mint(address to, uint256 amount) external onlyOwner {
        if (to == address(0) || amount == 0) revert BTTTokenInvalidMint(to, amount);
        _mint(to, amount);
    }
}
