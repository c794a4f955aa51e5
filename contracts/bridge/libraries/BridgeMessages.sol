// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title BridgeMessages
/// @notice Payloads exchanged by RootBridge and ChildBridge through the Outbox/Inbox. Every
/// payload is `abi.encode(uint256 kind, ...)`:
///
/// | kind | direction | fields after the kind |
/// |---|---|---|
/// | MAP (1) | root -> child | rootToken, nativeOnChild, name, symbol, decimals |
/// | DEPOSIT (2) | root -> child | rootToken, depositor, recipient, amount [, fastFee, deliveryFee] |
/// | WITHDRAW (3) | child -> root | rootToken, withdrawer, recipient, amount [, fastFee, deliveryFee] |
///
/// A transfer without fees keeps the original five-word form, so encoders and decoders written
/// before fees existed still read and write it; a transfer with a fee appends the two fee words
/// (seven words). Both fees are parts of `amount` (see `contracts/bridge/README.md`).
library BridgeMessages {
    uint256 internal constant MAP = 1;
    uint256 internal constant DEPOSIT = 2;
    uint256 internal constant WITHDRAW = 3;

    /// @notice A token transfer (DEPOSIT or WITHDRAW).
    struct Transfer {
        address rootToken;
        address from;
        address to;
        uint256 amount;
    }

    /// @notice The fees a transfer carries, both parts of its amount: `fast` goes to whoever
    /// fronted a withdrawal on the root chain (nothing is charged when nobody did); `delivery`
    /// goes to whoever executes the message on the destination.
    struct Fees {
        uint256 fast;
        uint256 delivery;
    }

    /// @notice A token mapping (MAP). Lives in memory only, so its field order follows the payload.
    // solhint-disable-next-line gas-struct-packing
    struct Mapping {
        address rootToken;
        bool nativeOnChild;
        string name;
        string symbol;
        uint8 decimals;
    }

    /// @notice The kind word of a payload (0 when shorter than one word).
    function kindOf(bytes calldata payload) internal pure returns (uint256) {
        return payload.length < 32 ? 0 : uint256(bytes32(payload[0:32]));
    }

    function encodeTransfer(uint256 kind, Transfer memory t) internal pure returns (bytes memory) {
        return abi.encode(kind, t.rootToken, t.from, t.to, t.amount);
    }

    /// @notice `encodeTransfer` plus the fee words when any fee is non-zero.
    function encodeTransfer(uint256 kind, Transfer memory t, Fees memory f) internal pure returns (bytes memory) {
        if (f.fast == 0 && f.delivery == 0) return encodeTransfer(kind, t);
        return abi.encode(kind, t.rootToken, t.from, t.to, t.amount, f.fast, f.delivery);
    }

    /// @notice The fees of a transfer payload (zeros for the five-word form).
    function feesOf(bytes calldata payload) internal pure returns (Fees memory f) {
        if (payload.length < 7 * 32) return f;
        (,,,,, f.fast, f.delivery) =
            abi.decode(payload, (uint256, address, address, address, uint256, uint256, uint256));
    }

    function decodeTransfer(bytes calldata payload) internal pure returns (Transfer memory t) {
        (, t.rootToken, t.from, t.to, t.amount) = abi.decode(payload, (uint256, address, address, address, uint256));
    }

    function encodeMapping(Mapping memory m) internal pure returns (bytes memory) {
        return abi.encode(MAP, m.rootToken, m.nativeOnChild, m.name, m.symbol, m.decimals);
    }

    function decodeMapping(bytes calldata payload) internal pure returns (Mapping memory m) {
        (, m.rootToken, m.nativeOnChild, m.name, m.symbol, m.decimals) =
            abi.decode(payload, (uint256, address, bool, string, string, uint8));
    }
}
