// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// Event fields are indexed where logs are filtered by them; indexing more costs gas for nothing.
// solhint-disable gas-indexed-events

import {IBridge} from "./IBridge.sol";

/// @title IRootBridge
/// @notice The bridge on a root chain (TRON, Ethereum, BNB Chain; DESIGN section 6). Governance
/// maps a root token once (a MAP message makes ChildBridge deploy its child token, or bind it to
/// native BTT on BTTC); deposits lock mapped tokens and send a DEPOSIT message to ChildBridge;
/// WITHDRAW messages from ChildBridge, proven in this chain's Inbox against a checkpoint, release
/// locked tokens exactly once (the Inbox's nonce bitmap).
///
/// Supported tokens: plain ERC-20/TRC-20 tokens whose balances change only by transfers.
/// Fee-on-transfer tokens are rejected at deposit (the received amount is measured);
/// rebasing or otherwise self-adjusting balances are NOT supported and must not be mapped:
/// the bridge accounts in `locked` units and releases exactly what was burnt on the child.
interface IRootBridge is IBridge {
    /// @notice `rootToken` was mapped; the MAP message has nonce `nonce` in the Outbox.
    event TokenMapped(address indexed rootToken, bool nativeOnChild, uint256 nonce);
    /// @notice A deposit was locked and sent as DEPOSIT message `nonce`.
    event Deposited(
        address indexed rootToken, address indexed depositor, address indexed recipient, uint256 amount, uint256 nonce
    );
    /// @notice A withdrawal (child message `nonce`) was paid out.
    event Exited(address indexed rootToken, address indexed recipient, uint256 amount, uint256 nonce);

    /// @notice `filler` fronted withdrawal `nonce` (fill `fillId`): `recipient` received
    /// `amount - fastFee - deliveryFee` of `rootToken` from the filler.
    event Filled(
        bytes32 indexed fillId,
        uint256 indexed nonce,
        address indexed filler,
        address rootToken,
        address recipient,
        uint256 amount,
        uint256 fastFee,
        uint256 deliveryFee
    );
    /// @notice Withdrawal `nonce`, fronted by `filler`, executed: the filler got `amount` back.
    event FillRepaid(bytes32 indexed fillId, uint256 indexed nonce, address indexed filler, uint256 amount);

    /// @notice Another filler fronted this exact withdrawal already.
    error RootBridgeAlreadyFilled(bytes32 fillId, address filler);
    /// @notice Withdrawal `nonce` was executed already (the recipient was paid by the slow path).
    error RootBridgeAlreadyExecuted(uint256 nonce);
    /// @notice The token is not mapped on this root chain.
    error RootBridgeTokenNotMapped(address rootToken);
    /// @notice The token was mapped already (mappings are permanent).
    error RootBridgeTokenAlreadyMapped(address rootToken);
    /// @notice Another root token is mapped to native BTT already (BTTC takes one per root chain).
    error RootBridgeNativeAlreadyMapped(address current);
    /// @notice The token address has no code.
    error RootBridgeInvalidToken(address rootToken);
    /// @notice The bridge received another amount than the one transferred (fee-on-transfer).
    error RootBridgeFeeOnTransfer(address rootToken, uint256 expected, uint256 received);
    /// @notice An exit would release more than is locked (never with an honest child).
    error RootBridgeInsufficientLocked(address rootToken, uint256 locked, uint256 amount);

    /// @notice Chain id of BTTC.
    function childChainId() external view returns (uint256);

    /// @notice The ChildBridge on BTTC: the only trusted sender.
    function childBridge() external view returns (address);

    /// @notice Whether `rootToken` is mapped.
    function isMapped(address rootToken) external view returns (bool);

    /// @notice The root token mapped to native BTT on BTTC (zero when none).
    function nativeToken() external view returns (address);

    /// @notice Amount of `rootToken` held for BTTC (deposits minus exits).
    function locked(address rootToken) external view returns (uint256);

    /// @notice The filler of the withdrawal whose fill id is `fillId` (zero when unfilled).
    function fillerOf(bytes32 fillId) external view returns (address);

    /// @notice The id a fill of WITHDRAW message `nonce` with exactly these fields commits to:
    /// `keccak256(abi.encode(childChainId, nonce, rootToken, recipient, amount, fastFee, deliveryFee))`.
    /// The message, when it executes, pays the filler only if its own fields give the same id.
    function fillId(
        uint256 nonce,
        address rootToken,
        address recipient,
        uint256 amount,
        uint256 fastFee,
        uint256 deliveryFee
    ) external view returns (bytes32);

    /// @notice Fronts withdrawal `nonce` from BTTC from the caller's own funds: `recipient` gets
    /// `amount - fastFee - deliveryFee` of `rootToken` now (allowance needed); when the proven
    /// message executes, `amount - deliveryFee` goes to the caller instead of the recipient.
    /// Every field must equal the message's: a fill that differs in any field is a fill of no
    /// message and is never repaid (the filler alone bears that loss, and the reorg risk of BTTC).
    /// @dev Requirements: not paused; token mapped; `recipient != 0`; `fastFee + deliveryFee <
    /// amount`; the message not executed yet (`Inbox.isExecuted`); no fill with the same id.
    /// Emits `Filled`.
    /// @return id The fill id (`fillId`).
    function fill(
        uint256 nonce,
        address rootToken,
        address recipient,
        uint256 amount,
        uint256 fastFee,
        uint256 deliveryFee
    ) external returns (bytes32 id);

    /// @notice `deposit` with a delivery fee: BTTC's executor of the message receives
    /// `deliveryFee` of the child token (native BTT for BTT), the recipient `amount - deliveryFee`.
    /// @dev Requirements of `deposit`, and `deliveryFee < amount`. Emits `Deposited`.
    function depositWithFee(address rootToken, address recipient, uint256 amount, uint256 deliveryFee)
        external
        payable
        returns (uint256 nonce);

    /// @notice Maps `rootToken` and tells ChildBridge. Owner only.
    /// @param rootToken The ERC-20/TRC-20 token on this chain.
    /// @param nativeOnChild True for BTT: deposits release native BTT from ChildBridge's vault.
    /// @param name Name of the child token (ignored when native).
    /// @param symbol Symbol of the child token, e.g. `USDT_t` (ignored when native).
    /// @param decimals Decimals of the child token (should equal the root token's).
    /// @return nonce The MAP message's nonce.
    function mapToken(address rootToken, bool nativeOnChild, string calldata name, string calldata symbol, uint8 decimals)
        external
        returns (uint256 nonce);

    /// @notice Locks `amount` of `rootToken` (allowance needed) and sends it to `recipient` on BTTC.
    /// @dev Requirements: not paused; token mapped; `amount > 0`; `recipient != 0`;
    /// `msg.value == fee`; the bridge receives exactly `amount`. Emits `Deposited`.
    /// @return nonce The DEPOSIT message's nonce.
    function deposit(address rootToken, address recipient, uint256 amount) external payable returns (uint256 nonce);

    /// @notice `deposit` after an EIP-2612 permit from `msg.sender`. A permit that fails (e.g.
    /// front-run) is ignored when the allowance is already enough.
    function depositWithPermit(
        address rootToken,
        address recipient,
        uint256 amount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external payable returns (uint256 nonce);
}
