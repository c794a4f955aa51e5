// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// Bit layout shared by the packed slots of PaymentChannels (AccountLib, ChannelLib, PlanLib).

/// @dev Largest amount a packed field holds: 2^112 - 1 (about 5.2e33, above BTT's total supply
/// of about 9.9e29 wei). Deposits beyond it revert; claims never exceed a balance, so every
/// packed amount stays below it.
uint256 constant MAX_AMOUNT = type(uint112).max;
uint256 constant MAX_GENERATION = type(uint32).max;

uint256 constant AMOUNT_MASK = (1 << 112) - 1;
uint256 constant RESERVED_SHIFT = 112;
uint256 constant GENERATION_SHIFT = 224;
