// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {TokenTransfers} from "../lib/TokenTransfers.sol";
import {IMessageReceiver} from "../messaging/IMessageReceiver.sol";
import {IOutbox} from "../messaging/IOutbox.sol";
import {BridgeBase} from "./BridgeBase.sol";
import {BridgeMessages} from "./libraries/BridgeMessages.sol";
import {IRootBridge} from "./IRootBridge.sol";

/// @title RootBridge
/// @notice Locks tokens on a root chain for BTTC and releases them on proven withdrawals
/// (rules and supported tokens in `IRootBridge`).
contract RootBridge is IRootBridge, BridgeBase {
    using SafeERC20 for IERC20;

    // Public immutables are ABI names: camelCase like every other getter.
    // solhint-disable immutable-vars-naming
    /// @inheritdoc IRootBridge
    uint256 public immutable childChainId;
    /// @inheritdoc IRootBridge
    address public immutable childBridge;
    // solhint-enable immutable-vars-naming

    /// @inheritdoc IRootBridge
    address public nativeToken;
    mapping(address rootToken => bool) private _mapped;
    mapping(address rootToken => uint256) private _locked;

    /// @param outbox_ This chain's Outbox.
    /// @param inbox_ This chain's Inbox.
    /// @param childChainId_ BTTC's chain id.
    /// @param childBridge_ The ChildBridge on BTTC.
    /// @param owner_ Governance (a timelock in production).
    /// @param fee_ Initial flat deposit fee in native wei.
    /// @param maxFee_ Highest fee governance may ever set, in native wei (>= `fee_`).
    constructor(
        IOutbox outbox_,
        address inbox_,
        uint256 childChainId_,
        address childBridge_,
        address owner_,
        uint256 fee_,
        uint256 maxFee_
    ) BridgeBase(outbox_, inbox_, owner_, fee_, maxFee_) {
        childChainId = childChainId_;
        childBridge = childBridge_;
    }

    /// @inheritdoc IRootBridge
    function isMapped(address rootToken) external view returns (bool) {
        return _mapped[rootToken];
    }

    /// @inheritdoc IRootBridge
    function locked(address rootToken) external view returns (uint256) {
        return _locked[rootToken];
    }

    /// @inheritdoc IRootBridge
    function mapToken(address rootToken, bool nativeOnChild, string calldata name, string calldata symbol, uint8 decimals)
        external
        onlyOwner
        returns (uint256 nonce)
    {
        if (rootToken.code.length == 0) revert RootBridgeInvalidToken(rootToken);
        if (_mapped[rootToken]) revert RootBridgeTokenAlreadyMapped(rootToken);
        if (nativeOnChild) {
            // ChildBridge binds one root token per root chain to native BTT: refuse here what it
            // would refuse there, so no token is ever mapped on one side only.
            if (nativeToken != address(0)) revert RootBridgeNativeAlreadyMapped(nativeToken);
            nativeToken = rootToken;
        }
        _mapped[rootToken] = true;
        nonce = outbox.send(
            childChainId,
            childBridge,
            BridgeMessages.encodeMapping(BridgeMessages.Mapping(rootToken, nativeOnChild, name, symbol, decimals))
        );
        emit TokenMapped(rootToken, nativeOnChild, nonce);
    }

    /// @inheritdoc IRootBridge
    function deposit(address rootToken, address recipient, uint256 amount) external payable returns (uint256 nonce) {
        return _deposit(rootToken, recipient, amount);
    }

    /// @inheritdoc IRootBridge
    function depositWithPermit(
        address rootToken,
        address recipient,
        uint256 amount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external payable returns (uint256 nonce) {
        // A front-run permit consumes the nonce; the allowance it set is what counts, so a failed
        // permit is not an error here (the transfer below fails if the allowance is short).
        // solhint-disable-next-line no-empty-blocks
        try IERC20Permit(rootToken).permit(msg.sender, address(this), amount, deadline, v, r, s) {} catch {}
        return _deposit(rootToken, recipient, amount);
    }

    /// @inheritdoc IMessageReceiver
    function onMessage(uint256 sourceChainId, uint256 nonce, address sender, bytes calldata payload)
        external
        whenNotPaused
        nonReentrant
        returns (bytes4)
    {
        _checkOrigin(sourceChainId, sender, childChainId, childBridge);
        uint256 kind = BridgeMessages.kindOf(payload);
        if (kind != BridgeMessages.WITHDRAW) revert BridgeInvalidMessage(kind);
        BridgeMessages.Transfer memory t = BridgeMessages.decodeTransfer(payload);
        if (!_mapped[t.rootToken]) revert RootBridgeTokenNotMapped(t.rootToken);
        uint256 available = _locked[t.rootToken];
        if (t.amount > available) revert RootBridgeInsufficientLocked(t.rootToken, available, t.amount);
        _locked[t.rootToken] = available - t.amount;
        emit Exited(t.rootToken, t.to, t.amount, nonce);
        TokenTransfers.safeTransferExact(IERC20(t.rootToken), t.to, t.amount);
        return IMessageReceiver.onMessage.selector;
    }

    function _deposit(address rootToken, address recipient, uint256 amount)
        private
        whenNotPaused
        nonReentrant
        returns (uint256 nonce)
    {
        if (!_mapped[rootToken]) revert RootBridgeTokenNotMapped(rootToken);
        if (amount == 0) revert BridgeZeroAmount();
        if (recipient == address(0)) revert BridgeInvalidRecipient(recipient);
        if (_takeFee() != 0) revert BridgeWrongValue(msg.value, fee);

        IERC20 token = IERC20(rootToken);
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != amount) revert RootBridgeFeeOnTransfer(rootToken, amount, received);
        _locked[rootToken] += amount;

        nonce = outbox.send(
            childChainId,
            childBridge,
            BridgeMessages.encodeTransfer(
                BridgeMessages.DEPOSIT, BridgeMessages.Transfer(rootToken, msg.sender, recipient, amount)
            )
        );
        emit Deposited(rootToken, msg.sender, recipient, amount, nonce);
    }
}
