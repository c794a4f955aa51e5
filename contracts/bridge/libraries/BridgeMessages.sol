// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title BridgeMessages
/// @notice Payloads exchanged by RootBridge and ChildBridge through the Outbox/Inbox. Every
/// payload is `abi.encode(uint256 kind, ...)`:
///
/// | kind | direction | fields after the kind |
/// |---|---|---|
/// | MAP (1) | root -> child | rootToken, nativeOnChild, name, symbol, decimals |
/// | DEPOSIT (2) | root -> child | rootToken, depositor, recipient, amount |
/// | WITHDRAW (3) | child -> root | rootToken, withdrawer, recipient, amount |
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
