// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {Test} from "forge-std/Test.sol";

import {BridgeMessages} from "../../../contracts/bridge/libraries/BridgeMessages.sol";
import {ChildBridge} from "../../../contracts/bridge/ChildBridge.sol";
import {ChildToken} from "../../../contracts/bridge/ChildToken.sol";
import {IBridge} from "../../../contracts/bridge/IBridge.sol";
import {IChildBridge} from "../../../contracts/bridge/IChildBridge.sol";
import {IOutbox} from "../../../contracts/messaging/IOutbox.sol";
import {Outbox} from "../../../contracts/messaging/Outbox.sol";

/// @notice Receives native BTT by trying to withdraw it straight back (a reentrancy attempt).
contract ReenteringRecipient {
    ChildBridge internal immutable bridge;

    constructor(ChildBridge bridge_) {
        bridge = bridge_;
    }

    receive() external payable {
        bridge.withdrawNative{value: msg.value}(728126428, address(this));
    }
}

/// ChildBridge alone: this test contract plays the Inbox (it calls `onMessage` directly).
contract ChildBridgeTest is Test {
    uint256 internal constant TRON = 728126428;
    uint256 internal constant ETH = 1;
    address internal constant ROOT_TRON = address(0x7707);
    address internal constant ROOT_ETH = address(0xe7e7);
    address internal constant USDT_T = address(0xa614f803B6FD780986A42c78Ec9c7f77e6DeD13C);
    address internal constant USDT_E = address(0xdAC17F958D2ee523a2206206994597C13D831ec7);
    address internal constant BTT_T = address(0xb77);
    Outbox internal outbox;
    ChildBridge internal bridge;
    ChildToken internal usdtT;
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    function setUp() public {
        vm.chainId(199);
        outbox = new Outbox();
        bridge = new ChildBridge(outbox, address(this), address(this), 0, 1 ether);
        bridge.setRootBridge(TRON, ROOT_TRON);
        bridge.setRootBridge(ETH, ROOT_ETH);
        bridge.onMessage(TRON, 0, ROOT_TRON, _map(USDT_T, false, "Tether USD (TRON)", "USDT_t", 6));
        usdtT = ChildToken(bridge.childTokenOf(TRON, USDT_T));
    }

    function _map(address rootToken, bool native, string memory name, string memory symbol, uint8 decimals)
        internal
        pure
        returns (bytes memory)
    {
        return BridgeMessages.encodeMapping(BridgeMessages.Mapping(rootToken, native, name, symbol, decimals));
    }

    function _deposit(address rootToken, address to, uint256 amount) internal view returns (bytes memory) {
        return BridgeMessages.encodeTransfer(
            BridgeMessages.DEPOSIT, BridgeMessages.Transfer(rootToken, alice, to, amount)
        );
    }

    function _mapNative() internal {
        bridge.onMessage(TRON, 1, ROOT_TRON, _map(BTT_T, true, "", "", 18));
    }

    // ---------------------------------------------------------------- root bridges

    function test_setRootBridge_once() public {
        vm.expectRevert(abi.encodeWithSelector(IChildBridge.ChildBridgeRootBridgeAlreadySet.selector, TRON, ROOT_TRON));
        bridge.setRootBridge(TRON, address(0x1));
        vm.expectRevert(abi.encodeWithSelector(IChildBridge.ChildBridgeInvalidRootBridge.selector, 199, address(1)));
        bridge.setRootBridge(199, address(0x1));
        vm.expectRevert(abi.encodeWithSelector(IChildBridge.ChildBridgeInvalidRootBridge.selector, 56, address(0)));
        bridge.setRootBridge(56, address(0));
        vm.expectEmit(address(bridge));
        emit IChildBridge.RootBridgeSet(56, address(0xb5c));
        bridge.setRootBridge(56, address(0xb5c));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        bridge.setRootBridge(97, address(0x1));
    }

    // ---------------------------------------------------------------- mapping

    function test_map_deploysChildTokenPerRootChain() public {
        assertEq(usdtT.name(), "Tether USD (TRON)");
        assertEq(usdtT.symbol(), "USDT_t");
        assertEq(usdtT.decimals(), 6);
        assertEq(usdtT.rootChainId(), TRON);
        assertEq(usdtT.rootToken(), USDT_T);
        assertEq(usdtT.bridge(), address(bridge));
        (uint256 chainId, address rootToken) = bridge.rootTokenOf(address(usdtT));
        assertEq(chainId, TRON);
        assertEq(rootToken, USDT_T);
        bridge.onMessage(ETH, 0, ROOT_ETH, _map(USDT_E, false, "Tether USD (Ethereum)", "USDT_e", 6));
        address usdtE = bridge.childTokenOf(ETH, USDT_E);
        assertTrue(usdtE != address(usdtT) && usdtE != address(0));
    }

    function test_map_revertsTwice() public {
        bytes memory payload = _map(USDT_T, false, "", "", 6);
        vm.expectRevert(abi.encodeWithSelector(IChildBridge.ChildBridgeTokenAlreadyMapped.selector, TRON, USDT_T));
        bridge.onMessage(TRON, 1, ROOT_TRON, payload);
    }

    function test_map_nativeOncePerRootChain() public {
        vm.expectEmit(address(bridge));
        emit IChildBridge.TokenMapped(TRON, BTT_T, bridge.NATIVE());
        _mapNative();
        assertEq(bridge.nativeRootToken(TRON), BTT_T);
        bytes memory payload = _map(address(0xb78), true, "", "", 18);
        vm.expectRevert(abi.encodeWithSelector(IChildBridge.ChildBridgeNativeAlreadyMapped.selector, TRON, BTT_T));
        bridge.onMessage(TRON, 2, ROOT_TRON, payload);
    }

    // ---------------------------------------------------------------- deposits

    function test_deposit_mintsChildToken() public {
        vm.expectEmit(address(bridge));
        emit IChildBridge.DepositExecuted(TRON, address(usdtT), bob, 500, 3);
        bridge.onMessage(TRON, 3, ROOT_TRON, _deposit(USDT_T, bob, 500));
        assertEq(usdtT.balanceOf(bob), 500);
        assertEq(usdtT.totalSupply(), 500);
    }

    function test_deposit_revertsForUnmappedToken() public {
        bytes memory payload = _deposit(USDT_E, bob, 1);
        vm.expectRevert(abi.encodeWithSelector(IChildBridge.ChildBridgeTokenNotMapped.selector, TRON, USDT_E));
        bridge.onMessage(TRON, 3, ROOT_TRON, payload);
    }

    function test_deposit_revertsFromUntrustedOrigin() public {
        bytes memory payload = _deposit(USDT_T, bob, 1);
        // The TRON bridge's address on Ethereum is not the Ethereum bridge.
        vm.expectRevert(abi.encodeWithSelector(IBridge.BridgeUntrustedSender.selector, ETH, ROOT_TRON));
        bridge.onMessage(ETH, 3, ROOT_TRON, payload);
        vm.expectRevert(abi.encodeWithSelector(IBridge.BridgeUntrustedSender.selector, 56, ROOT_TRON));
        bridge.onMessage(56, 3, ROOT_TRON, payload);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IBridge.BridgeNotInbox.selector, alice));
        bridge.onMessage(TRON, 3, ROOT_TRON, payload);
    }

    function test_onMessage_revertsOnWithdrawKind() public {
        bytes memory payload = BridgeMessages.encodeTransfer(
            BridgeMessages.WITHDRAW, BridgeMessages.Transfer(USDT_T, alice, bob, 1)
        );
        vm.expectRevert(abi.encodeWithSelector(IBridge.BridgeInvalidMessage.selector, BridgeMessages.WITHDRAW));
        bridge.onMessage(TRON, 3, ROOT_TRON, payload);
    }

    function test_deposit_nativeReleasesFromVault() public {
        _mapNative();
        vm.deal(address(this), 10 ether);
        vm.expectEmit(address(bridge));
        emit IChildBridge.VaultFunded(address(this), 5 ether);
        bridge.fundVault{value: 5 ether}();
        bridge.onMessage(TRON, 2, ROOT_TRON, _deposit(BTT_T, bob, 2 ether));
        assertEq(bob.balance, 2 ether);
        assertEq(bridge.vaultBalance(), 3 ether);
        assertEq(bridge.nativeBridged(TRON), 2 ether);
        bytes memory payload = _deposit(BTT_T, bob, 4 ether);
        vm.expectRevert(abi.encodeWithSelector(IChildBridge.ChildBridgeVaultInsufficient.selector, 3 ether, 4 ether));
        bridge.onMessage(TRON, 3, ROOT_TRON, payload);
    }

    function test_deposit_nativeToReenteringRecipientFails() public {
        _mapNative();
        vm.deal(address(this), 10 ether);
        bridge.fundVault{value: 10 ether}();
        ReenteringRecipient recipient = new ReenteringRecipient(bridge);
        bytes memory payload = _deposit(BTT_T, address(recipient), 1 ether);
        // The reentrant withdrawal reverts, so the payment does: the message fails and stays retryable.
        vm.expectRevert(
            abi.encodeWithSelector(IBridge.BridgeNativeTransferFailed.selector, address(recipient), 1 ether)
        );
        bridge.onMessage(TRON, 2, ROOT_TRON, payload);
        assertEq(bridge.nativeBridged(TRON), 0);
        assertEq(bridge.vaultBalance(), 10 ether);
    }

    function test_claimFees_revertsWhenRecipientRefuses() public {
        bridge.onMessage(TRON, 3, ROOT_TRON, _deposit(USDT_T, bob, 5));
        bridge.setFee(1 ether);
        vm.deal(bob, 1 ether);
        vm.prank(bob);
        bridge.withdraw{value: 1 ether}(address(usdtT), TRON, bob, 1);
        // This test contract has no receive function.
        vm.expectRevert(abi.encodeWithSelector(IBridge.BridgeNativeTransferFailed.selector, address(this), 1 ether));
        bridge.claimFees(payable(address(this)));
        assertEq(bridge.feesAccrued(), 1 ether);
    }

    function test_deposit_revertsWhenPaused() public {
        bridge.pause();
        bytes memory payload = _deposit(USDT_T, bob, 1);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        bridge.onMessage(TRON, 3, ROOT_TRON, payload);
    }

    // ---------------------------------------------------------------- withdrawals

    function test_withdraw_burnsAndSendsToItsRootChain() public {
        bridge.onMessage(TRON, 3, ROOT_TRON, _deposit(USDT_T, bob, 500));
        address tronRecipient = address(0x41);
        bytes memory payload = BridgeMessages.encodeTransfer(
            BridgeMessages.WITHDRAW, BridgeMessages.Transfer(USDT_T, bob, tronRecipient, 200)
        );
        vm.expectEmit(address(outbox));
        emit IOutbox.MessageSent(
            TRON,
            0,
            address(bridge),
            ROOT_TRON,
            payload,
            keccak256(abi.encode(uint256(199), TRON, 0, address(bridge), ROOT_TRON, payload))
        );
        vm.expectEmit(address(bridge));
        emit IChildBridge.Withdrawn(TRON, address(usdtT), bob, tronRecipient, 200, 0);
        vm.prank(bob);
        assertEq(bridge.withdraw(address(usdtT), TRON, tronRecipient, 200), 0);
        assertEq(usdtT.balanceOf(bob), 300);
        assertEq(usdtT.totalSupply(), 300);
    }

    /// A withdrawal with fees appends exactly the two fee words; one without keeps five words.
    function test_withdrawWithFees_appendsTheFeeWords() public {
        bridge.onMessage(TRON, 3, ROOT_TRON, _deposit(USDT_T, bob, 500));
        bytes memory payload = abi.encode(uint256(3), USDT_T, bob, alice, uint256(200), uint256(4), uint256(1));
        vm.expectEmit(address(outbox));
        emit IOutbox.MessageSent(
            TRON, 0, address(bridge), ROOT_TRON, payload,
            keccak256(abi.encode(uint256(199), TRON, 0, address(bridge), ROOT_TRON, payload))
        );
        vm.expectEmit(address(bridge));
        emit IChildBridge.WithdrawalFees(TRON, 0, 4, 1);
        vm.prank(bob);
        bridge.withdrawWithFees(address(usdtT), TRON, alice, 200, 4, 1);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IBridge.BridgeTransferFeesTooHigh.selector, 100, 99, 1));
        bridge.withdrawWithFees(address(usdtT), TRON, alice, 100, 99, 1);
        assertEq(usdtT.balanceOf(bob), 300);
    }

    function test_withdraw_revertsOnAChainWhereTheTokenIsNotMapped() public {
        bridge.onMessage(TRON, 3, ROOT_TRON, _deposit(USDT_T, bob, 500));
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IChildBridge.ChildBridgeNotMappedOnChain.selector, address(usdtT), ETH));
        bridge.withdraw(address(usdtT), ETH, bob, 1);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IChildBridge.ChildBridgeNotMappedOnChain.selector, alice, TRON));
        bridge.withdraw(alice, TRON, bob, 1);
    }

    function test_withdraw_revertsOnBadAmountRecipientBalanceOrFee() public {
        bridge.onMessage(TRON, 3, ROOT_TRON, _deposit(USDT_T, bob, 5));
        vm.startPrank(bob);
        vm.expectRevert(IBridge.BridgeZeroAmount.selector);
        bridge.withdraw(address(usdtT), TRON, bob, 0);
        vm.expectRevert(abi.encodeWithSelector(IBridge.BridgeInvalidRecipient.selector, address(0)));
        bridge.withdraw(address(usdtT), TRON, address(0), 1);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, bob, 5, 6));
        bridge.withdraw(address(usdtT), TRON, bob, 6);
        vm.stopPrank();
        bridge.setFee(1 ether);
        vm.deal(bob, 2 ether);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IBridge.BridgeWrongValue.selector, 2 ether, 1 ether));
        bridge.withdraw{value: 2 ether}(address(usdtT), TRON, bob, 1);
        vm.prank(bob);
        bridge.withdraw{value: 1 ether}(address(usdtT), TRON, bob, 1);
        assertEq(bridge.feesAccrued(), 1 ether);
        assertEq(bridge.vaultBalance(), 0);
    }

    function test_withdraw_revertsWhenPaused() public {
        bridge.onMessage(TRON, 3, ROOT_TRON, _deposit(USDT_T, bob, 5));
        bridge.pause();
        vm.prank(bob);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        bridge.withdraw(address(usdtT), TRON, bob, 1);
    }

    function test_withdrawNative_locksBackUpToWhatWasBridged() public {
        _mapNative();
        vm.deal(address(this), 10 ether);
        bridge.fundVault{value: 10 ether}();
        bridge.onMessage(TRON, 2, ROOT_TRON, _deposit(BTT_T, bob, 2 ether));
        vm.deal(bob, 5 ether);
        vm.prank(bob);
        vm.expectRevert(
            abi.encodeWithSelector(IChildBridge.ChildBridgeNativeExceedsBridged.selector, TRON, 2 ether, 3 ether)
        );
        bridge.withdrawNative{value: 3 ether}(TRON, bob);
        address native = bridge.NATIVE();
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IChildBridge.ChildBridgeNotMappedOnChain.selector, native, ETH));
        bridge.withdrawNative{value: 1 ether}(ETH, bob);
        vm.expectEmit(address(bridge));
        emit IChildBridge.Withdrawn(TRON, native, bob, bob, 1.5 ether, 0);
        vm.prank(bob);
        bridge.withdrawNative{value: 1.5 ether}(TRON, bob);
        assertEq(bridge.nativeBridged(TRON), 0.5 ether);
        assertEq(bridge.vaultBalance(), 9.5 ether);
    }

    function test_withdrawNative_paysFeeFromValue() public {
        _mapNative();
        vm.deal(address(this), 10 ether);
        bridge.fundVault{value: 10 ether}();
        bridge.onMessage(TRON, 2, ROOT_TRON, _deposit(BTT_T, bob, 2 ether));
        bridge.setFee(0.1 ether);
        vm.deal(bob, 1 ether);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IBridge.BridgeWrongValue.selector, 0.05 ether, 0.1 ether));
        bridge.withdrawNative{value: 0.05 ether}(TRON, bob);
        vm.prank(bob);
        bridge.withdrawNative{value: 1 ether}(TRON, bob);
        assertEq(bridge.nativeBridged(TRON), 1.1 ether);
        assertEq(bridge.feesAccrued(), 0.1 ether);
    }

    // ---------------------------------------------------------------- child token

    function test_childToken_onlyBridgeMintsAndBurns() public {
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(ChildToken.ChildTokenOnlyBridge.selector, alice));
        usdtT.mint(alice, 1);
        vm.expectRevert(abi.encodeWithSelector(ChildToken.ChildTokenOnlyBridge.selector, alice));
        usdtT.burn(alice, 1);
        vm.stopPrank();
    }

    /// Child supply always equals deposits minus withdrawals.
    function testFuzz_supplyTracksDepositsAndWithdrawals(uint256 a, uint256 b) public {
        a = bound(a, 1, type(uint128).max);
        b = bound(b, 1, a);
        bridge.onMessage(TRON, 3, ROOT_TRON, _deposit(USDT_T, bob, a));
        vm.prank(bob);
        bridge.withdraw(address(usdtT), TRON, bob, b);
        assertEq(usdtT.totalSupply(), a - b);
        assertEq(outbox.messageCount(TRON), 1);
    }
}
