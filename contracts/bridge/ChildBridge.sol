// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMessageReceiver} from "../messaging/IMessageReceiver.sol";
import {IOutbox} from "../messaging/IOutbox.sol";
import {BridgeBase} from "./BridgeBase.sol";
import {BridgeMessages} from "./libraries/BridgeMessages.sol";
import {ChildToken} from "./ChildToken.sol";
import {IChildBridge} from "./IChildBridge.sol";

/// @title ChildBridge
/// @notice Mints child tokens (and releases native BTT) for proven deposits from the root chains,
/// and burns (locks) them for withdrawals to the root chain they are mapped on (`IChildBridge`).
contract ChildBridge is IChildBridge, BridgeBase {
    /// @inheritdoc IChildBridge
    address public constant NATIVE = address(0x1010);

    struct RootToken {
        uint256 rootChainId;
        address rootToken;
    }

    /// @inheritdoc IChildBridge
    mapping(uint256 rootChainId => address) public rootBridgeOf;
    /// @inheritdoc IChildBridge
    mapping(uint256 rootChainId => mapping(address rootToken => address)) public childTokenOf;
    /// @inheritdoc IChildBridge
    mapping(uint256 rootChainId => address) public nativeRootToken;
    /// @inheritdoc IChildBridge
    mapping(uint256 rootChainId => uint256) public nativeBridged;
    mapping(address childToken => RootToken) private _rootTokens;

    /// @param outbox_ BTTC's Outbox.
    /// @param inbox_ BTTC's Inbox.
    /// @param owner_ Governance (a timelock in production).
    /// @param fee_ Initial flat withdrawal fee in native BTT wei.
    /// @param maxFee_ Highest fee governance may ever set, in native BTT wei (>= `fee_`).
    constructor(IOutbox outbox_, address inbox_, address owner_, uint256 fee_, uint256 maxFee_)
        BridgeBase(outbox_, inbox_, owner_, fee_, maxFee_)
    {}

    /// @inheritdoc IChildBridge
    function rootTokenOf(address childToken) external view returns (uint256 rootChainId, address rootToken) {
        RootToken storage r = _rootTokens[childToken];
        return (r.rootChainId, r.rootToken);
    }

    /// @inheritdoc IChildBridge
    function vaultBalance() public view returns (uint256) {
        return address(this).balance - feesAccrued;
    }

    /// @inheritdoc IChildBridge
    function setRootBridge(uint256 rootChainId, address rootBridge) external onlyOwner {
        if (rootChainId == 0 || rootChainId == block.chainid || rootBridge == address(0)) {
            revert ChildBridgeInvalidRootBridge(rootChainId, rootBridge);
        }
        address current = rootBridgeOf[rootChainId];
        if (current != address(0)) revert ChildBridgeRootBridgeAlreadySet(rootChainId, current);
        rootBridgeOf[rootChainId] = rootBridge;
        emit RootBridgeSet(rootChainId, rootBridge);
    }

    /// @inheritdoc IChildBridge
    function fundVault() external payable {
        emit VaultFunded(msg.sender, msg.value);
    }

    /// @inheritdoc IChildBridge
    function withdraw(address childToken, uint256 rootChainId, address recipient, uint256 amount)
        external
        payable
        whenNotPaused
        nonReentrant
        returns (uint256 nonce)
    {
        RootToken memory root = _rootTokens[childToken];
        if (root.rootToken == address(0) || root.rootChainId != rootChainId) {
            revert ChildBridgeNotMappedOnChain(childToken, rootChainId);
        }
        if (_takeFee() != 0) revert BridgeWrongValue(msg.value, fee);
        ChildToken(childToken).burn(msg.sender, amount);
        nonce = _send(rootChainId, childToken, root.rootToken, recipient, amount);
    }

    /// @inheritdoc IChildBridge
    function withdrawNative(uint256 rootChainId, address recipient)
        external
        payable
        whenNotPaused
        nonReentrant
        returns (uint256 nonce)
    {
        address rootToken = nativeRootToken[rootChainId];
        if (rootToken == address(0)) revert ChildBridgeNotMappedOnChain(NATIVE, rootChainId);
        uint256 amount = _takeFee();
        uint256 bridged = nativeBridged[rootChainId];
        if (amount > bridged) revert ChildBridgeNativeExceedsBridged(rootChainId, bridged, amount);
        nativeBridged[rootChainId] = bridged - amount;
        nonce = _send(rootChainId, NATIVE, rootToken, recipient, amount);
    }

    /// @inheritdoc IMessageReceiver
    function onMessage(uint256 sourceChainId, uint256 nonce, address sender, bytes calldata payload)
        external
        whenNotPaused
        nonReentrant
        returns (bytes4)
    {
        _checkOrigin(sourceChainId, sender, sourceChainId, rootBridgeOf[sourceChainId]);
        uint256 kind = BridgeMessages.kindOf(payload);
        if (kind == BridgeMessages.DEPOSIT) {
            _executeDeposit(sourceChainId, nonce, BridgeMessages.decodeTransfer(payload));
        } else if (kind == BridgeMessages.MAP) {
            _map(sourceChainId, BridgeMessages.decodeMapping(payload));
        } else {
            revert BridgeInvalidMessage(kind);
        }
        return IMessageReceiver.onMessage.selector;
    }

    function _map(uint256 rootChainId, BridgeMessages.Mapping memory m) private {
        if (childTokenOf[rootChainId][m.rootToken] != address(0)) {
            revert ChildBridgeTokenAlreadyMapped(rootChainId, m.rootToken);
        }
        address child;
        if (m.nativeOnChild) {
            address current = nativeRootToken[rootChainId];
            if (current != address(0)) revert ChildBridgeNativeAlreadyMapped(rootChainId, current);
            nativeRootToken[rootChainId] = m.rootToken;
            child = NATIVE;
        } else {
            child = address(new ChildToken(m.name, m.symbol, m.decimals, rootChainId, m.rootToken));
            _rootTokens[child] = RootToken(rootChainId, m.rootToken);
        }
        childTokenOf[rootChainId][m.rootToken] = child;
        emit TokenMapped(rootChainId, m.rootToken, child);
    }

    function _executeDeposit(uint256 rootChainId, uint256 nonce, BridgeMessages.Transfer memory t) private {
        address child = childTokenOf[rootChainId][t.rootToken];
        if (child == address(0)) revert ChildBridgeTokenNotMapped(rootChainId, t.rootToken);
        emit DepositExecuted(rootChainId, child, t.to, t.amount, nonce);
        if (child == NATIVE) {
            uint256 available = vaultBalance();
            if (t.amount > available) revert ChildBridgeVaultInsufficient(available, t.amount);
            nativeBridged[rootChainId] += t.amount;
            _sendNative(t.to, t.amount);
        } else {
            ChildToken(child).mint(t.to, t.amount);
        }
    }

    function _send(uint256 rootChainId, address childToken, address rootToken, address recipient, uint256 amount)
        private
        returns (uint256 nonce)
    {
        if (amount == 0) revert BridgeZeroAmount();
        if (recipient == address(0)) revert BridgeInvalidRecipient(recipient);
        nonce = outbox.send(
            rootChainId,
            rootBridgeOf[rootChainId],
            BridgeMessages.encodeTransfer(
                BridgeMessages.WITHDRAW, BridgeMessages.Transfer(rootToken, msg.sender, recipient, amount)
            )
        );
        emit Withdrawn(rootChainId, childToken, msg.sender, recipient, amount, nonce);
    }
}
