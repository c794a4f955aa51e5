// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// Event fields are indexed where logs are filtered by them; indexing more costs gas for nothing.
// solhint-disable gas-indexed-events

import {IBridge} from "./IBridge.sol";

/// @title IChildBridge
/// @notice The bridge on BTTC (DESIGN section 6). Each (rootChainId, rootToken) maps, on a MAP
/// message from that root's RootBridge, either to its own ChildToken deployed here (USDT_t,
/// USDT_e, USDT_b are three tokens) or to native BTT, which is released from this contract's
/// vault on deposits and locked back into it on withdrawals. A withdrawal names its destination
/// root chain and is accepted only where the token is mapped; native BTT can go back to a root
/// chain only up to what was bridged from it (`nativeBridged`).
interface IChildBridge is IBridge {
    /// @notice A root chain's RootBridge was registered (once per chain).
    event RootBridgeSet(uint256 indexed rootChainId, address rootBridge);
    /// @notice `(rootChainId, rootToken)` is now mapped to `childToken` (`NATIVE` for native BTT).
    event TokenMapped(uint256 indexed rootChainId, address indexed rootToken, address childToken);
    /// @notice A deposit (root message `nonce`) was minted or released.
    event DepositExecuted(
        uint256 indexed rootChainId, address indexed childToken, address indexed recipient, uint256 amount, uint256 nonce
    );
    /// @notice A withdrawal was burnt (or locked, for native BTT) and sent as WITHDRAW message `nonce`.
    event Withdrawn(
        uint256 indexed rootChainId,
        address indexed childToken,
        address indexed withdrawer,
        address recipient,
        uint256 amount,
        uint256 nonce
    );
    /// @notice Withdrawal `nonce` to `rootChainId` carries these fees (parts of its amount).
    event WithdrawalFees(uint256 indexed rootChainId, uint256 indexed nonce, uint256 fastFee, uint256 deliveryFee);
    /// @notice Native BTT was added to the vault.
    event VaultFunded(address indexed from, uint256 amount);

    /// @notice The chain is not a root chain (zero, BTTC itself) or the bridge address is zero.
    error ChildBridgeInvalidRootBridge(uint256 rootChainId, address rootBridge);
    /// @notice The root chain's RootBridge was registered already.
    error ChildBridgeRootBridgeAlreadySet(uint256 rootChainId, address rootBridge);
    /// @notice `(rootChainId, rootToken)` was mapped already.
    error ChildBridgeTokenAlreadyMapped(uint256 rootChainId, address rootToken);
    /// @notice The root chain already maps another root token to native BTT.
    error ChildBridgeNativeAlreadyMapped(uint256 rootChainId, address rootToken);
    /// @notice `(rootChainId, rootToken)` is not mapped.
    error ChildBridgeTokenNotMapped(uint256 rootChainId, address rootToken);
    /// @notice `childToken` cannot exit on `rootChainId`: it is not mapped there.
    error ChildBridgeNotMappedOnChain(address childToken, uint256 rootChainId);
    /// @notice More native BTT would return to `rootChainId` than was bridged from it.
    error ChildBridgeNativeExceedsBridged(uint256 rootChainId, uint256 bridged, uint256 amount);
    /// @notice The vault cannot release `amount` yet (the message stays retryable).
    error ChildBridgeVaultInsufficient(uint256 available, uint256 amount);

    /// @notice Stand-in address for native BTT in mappings and events.
    function NATIVE() external view returns (address);

    /// @notice The RootBridge of `rootChainId` (zero when not registered).
    function rootBridgeOf(uint256 rootChainId) external view returns (address);

    /// @notice The child token of `(rootChainId, rootToken)`: a ChildToken, `NATIVE`, or zero.
    function childTokenOf(uint256 rootChainId, address rootToken) external view returns (address);

    /// @notice The root chain and token of a ChildToken deployed here (zeros otherwise).
    function rootTokenOf(address childToken) external view returns (uint256 rootChainId, address rootToken);

    /// @notice The root token mapped to native BTT for `rootChainId` (zero when none).
    function nativeRootToken(uint256 rootChainId) external view returns (address);

    /// @notice Native BTT released for deposits from `rootChainId` minus withdrawals to it.
    function nativeBridged(uint256 rootChainId) external view returns (uint256);

    /// @notice Native BTT available in the vault (balance minus accrued fees).
    function vaultBalance() external view returns (uint256);

    /// @notice Registers the RootBridge of `rootChainId`, once. Owner only. Emits `RootBridgeSet`.
    function setRootBridge(uint256 rootChainId, address rootBridge) external;

    /// @notice Burns `amount` of `childToken` from the caller and sends it to `recipient` on
    /// `rootChainId`.
    /// @dev Requirements: not paused; `childToken` is a ChildToken mapped on `rootChainId`;
    /// `amount > 0`; `recipient != 0`; `msg.value == fee`. Emits `Withdrawn`.
    /// @return nonce The WITHDRAW message's nonce in the stream to `rootChainId`.
    function withdraw(address childToken, uint256 rootChainId, address recipient, uint256 amount)
        external
        payable
        returns (uint256 nonce);

    /// @notice Locks `msg.value - fee` native BTT in the vault and sends it to `recipient` on
    /// `rootChainId` as that chain's mapped BTT token.
    /// @dev Requirements: not paused; native BTT mapped on `rootChainId`; amount > 0 and at most
    /// `nativeBridged(rootChainId)`; `recipient != 0`. Emits `Withdrawn`.
    function withdrawNative(uint256 rootChainId, address recipient) external payable returns (uint256 nonce);

    /// @notice `withdraw` with fees, both parts of `amount`: `fastFee` (the most the sender pays
    /// a relayer that fronts the exit on the root chain; not charged when nobody does) and
    /// `deliveryFee` (to the executor of the message on the root chain).
    /// @dev Requirements of `withdraw`, and `fastFee + deliveryFee < amount`. Emits `Withdrawn`
    /// and, when a fee is non-zero, `WithdrawalFees`.
    function withdrawWithFees(
        address childToken,
        uint256 rootChainId,
        address recipient,
        uint256 amount,
        uint256 fastFee,
        uint256 deliveryFee
    ) external payable returns (uint256 nonce);

    /// @notice `withdrawNative` with fees (see `withdrawWithFees`; the amount is `msg.value - fee`).
    function withdrawNativeWithFees(uint256 rootChainId, address recipient, uint256 fastFee, uint256 deliveryFee)
        external
        payable
        returns (uint256 nonce);

    /// @notice Adds native BTT to the vault (genesis allocation, top-ups). Emits `VaultFunded`.
    function fundVault() external payable;
}
