// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {Test} from "forge-std/Test.sol";

import {BridgeMessages} from "../../../contracts/bridge/libraries/BridgeMessages.sol";
import {IBridge} from "../../../contracts/bridge/IBridge.sol";
import {IRootBridge} from "../../../contracts/bridge/IRootBridge.sol";
import {RootBridge} from "../../../contracts/bridge/RootBridge.sol";
import {IMessageReceiver} from "../../../contracts/messaging/IMessageReceiver.sol";
import {IOutbox} from "../../../contracts/messaging/IOutbox.sol";
import {Outbox} from "../../../contracts/messaging/Outbox.sol";
import {FeeOnTransferToken} from "../../../contracts/test/FeeOnTransferToken.sol";
import {ReentrantToken} from "../../../contracts/test/ReentrantToken.sol";
import {TestToken} from "../../../contracts/test/TestToken.sol";
import {TronUsdtToken} from "../../../contracts/test/TronUsdtToken.sol";

/// RootBridge alone: this test contract plays the Inbox (it calls `onMessage` directly).
contract RootBridgeTest is Test {
    uint256 internal constant CHILD = 199;
    address internal constant CHILD_BRIDGE = address(0xc41d);
    Outbox internal outbox;
    RootBridge internal bridge;
    TestToken internal token;
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    function setUp() public {
        outbox = new Outbox();
        bridge = new RootBridge(outbox, address(this), CHILD, CHILD_BRIDGE, address(this), 0, 1 ether);
        token = new TestToken("USDT");
        bridge.mapToken(address(token), false, "Tether USD (Ethereum)", "USDT_e", 18);
        token.mint(alice, 1000);
        vm.prank(alice);
        token.approve(address(bridge), type(uint256).max);
    }

    function _withdrawal(address rootToken, address to, uint256 amount) internal view returns (bytes memory) {
        return BridgeMessages.encodeTransfer(BridgeMessages.WITHDRAW, BridgeMessages.Transfer(rootToken, bob, to, amount));
    }

    function _deposit(uint256 amount) internal returns (uint256) {
        vm.prank(alice);
        return bridge.deposit(address(token), bob, amount);
    }

    // ---------------------------------------------------------------- mapping

    function test_mapToken_sendsMapMessage() public {
        TestToken t = new TestToken("BTT");
        bytes memory payload =
            BridgeMessages.encodeMapping(BridgeMessages.Mapping(address(t), true, "BitTorrent", "BTT", 18));
        vm.expectEmit(address(outbox));
        emit IOutbox.MessageSent(
            CHILD,
            1,
            address(bridge),
            CHILD_BRIDGE,
            payload,
            keccak256(abi.encode(block.chainid, CHILD, 1, address(bridge), CHILD_BRIDGE, payload))
        );
        vm.expectEmit(address(bridge));
        emit IRootBridge.TokenMapped(address(t), true, 1);
        assertEq(bridge.mapToken(address(t), true, "BitTorrent", "BTT", 18), 1);
        assertTrue(bridge.isMapped(address(t)));
    }

    function test_mapToken_nativeOnce() public {
        TestToken btt = new TestToken("BTT");
        TestToken other = new TestToken("BTT2");
        bridge.mapToken(address(btt), true, "", "", 18);
        assertEq(bridge.nativeToken(), address(btt));
        vm.expectRevert(abi.encodeWithSelector(IRootBridge.RootBridgeNativeAlreadyMapped.selector, address(btt)));
        bridge.mapToken(address(other), true, "", "", 18);
        bridge.mapToken(address(other), false, "BTT2", "BTT2_e", 18);
    }

    function test_mapToken_revertsForNonOwner() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        bridge.mapToken(address(token), false, "", "", 18);
    }

    function test_mapToken_revertsTwiceOrWithoutCode() public {
        vm.expectRevert(abi.encodeWithSelector(IRootBridge.RootBridgeTokenAlreadyMapped.selector, address(token)));
        bridge.mapToken(address(token), false, "", "", 18);
        vm.expectRevert(abi.encodeWithSelector(IRootBridge.RootBridgeInvalidToken.selector, alice));
        bridge.mapToken(alice, false, "", "", 18);
    }

    // ---------------------------------------------------------------- deposit

    function test_deposit_locksAndSendsDeposit() public {
        bytes memory payload = BridgeMessages.encodeTransfer(
            BridgeMessages.DEPOSIT, BridgeMessages.Transfer(address(token), alice, bob, 300)
        );
        vm.expectEmit(address(outbox));
        emit IOutbox.MessageSent(
            CHILD,
            1,
            address(bridge),
            CHILD_BRIDGE,
            payload,
            keccak256(abi.encode(block.chainid, CHILD, 1, address(bridge), CHILD_BRIDGE, payload))
        );
        vm.expectEmit(address(bridge));
        emit IRootBridge.Deposited(address(token), alice, bob, 300, 1);
        assertEq(_deposit(300), 1);
        assertEq(bridge.locked(address(token)), 300);
        assertEq(token.balanceOf(address(bridge)), 300);
        assertEq(token.balanceOf(alice), 700);
    }

    function test_deposit_revertsOnUnmappedToken() public {
        TestToken other = new TestToken("X");
        vm.expectRevert(abi.encodeWithSelector(IRootBridge.RootBridgeTokenNotMapped.selector, address(other)));
        bridge.deposit(address(other), bob, 1);
    }

    function test_deposit_revertsOnZeroAmountOrRecipient() public {
        vm.expectRevert(IBridge.BridgeZeroAmount.selector);
        _deposit(0);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IBridge.BridgeInvalidRecipient.selector, address(0)));
        bridge.deposit(address(token), address(0), 1);
    }

    function test_deposit_chargesExactFlatFee() public {
        bridge.setFee(0.01 ether);
        vm.deal(alice, 1 ether);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IBridge.BridgeWrongValue.selector, 0, 0.01 ether));
        bridge.deposit(address(token), bob, 1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IBridge.BridgeWrongValue.selector, 0.02 ether, 0.01 ether));
        bridge.deposit{value: 0.02 ether}(address(token), bob, 1);
        vm.prank(alice);
        bridge.deposit{value: 0.01 ether}(address(token), bob, 1);
        assertEq(bridge.feesAccrued(), 0.01 ether);
        address payable treasury = payable(makeAddr("treasury"));
        vm.expectEmit(address(bridge));
        emit IBridge.FeesClaimed(treasury, 0.01 ether);
        bridge.claimFees(treasury);
        assertEq(treasury.balance, 0.01 ether);
        assertEq(bridge.feesAccrued(), 0);
    }

    /// Issue 14 item 7: the fee has an upper bound fixed at deployment, so governance (or a
    /// leaked owner key) cannot raise it to take a pending native deposit or withdrawal.
    function test_fees_boundedByMaxFee() public {
        assertEq(bridge.maxFee(), 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IBridge.BridgeFeeTooHigh.selector, 1 ether + 1, 1 ether));
        bridge.setFee(1 ether + 1);
        bridge.setFee(1 ether);
        assertEq(bridge.fee(), 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IBridge.BridgeFeeTooHigh.selector, 2, 1));
        new RootBridge(outbox, address(this), CHILD, CHILD_BRIDGE, address(this), 2, 1);
    }

    /// TRON's USDT mapped, with 400 USDT deposited by alice.
    function _tronUsdtWith400Locked() internal returns (TronUsdtToken usdt) {
        usdt = new TronUsdtToken();
        bridge.mapToken(address(usdt), false, "Tether USD (TRON)", "USDT_t", 6);
        usdt.mint(alice, 1_000e6);
        vm.startPrank(alice);
        usdt.approve(address(bridge), type(uint256).max);
        bridge.deposit(address(usdt), bob, 400e6);
        vm.stopPrank();
    }

    /// Issue 14 item 10: TRON's USDT returns false from `transfer` although the transfer happened;
    /// a withdrawal of it back to TRON must release the tokens (it reverted for ever before).
    function test_onMessage_releasesTronUsdt() public {
        TronUsdtToken usdt = _tronUsdtWith400Locked();
        bytes memory payload = _withdrawal(address(usdt), bob, 150e6);
        assertEq(bridge.onMessage(CHILD, 1, CHILD_BRIDGE, payload), IMessageReceiver.onMessage.selector);
        assertEq(usdt.balanceOf(bob), 150e6);
        assertEq(usdt.balanceOf(address(bridge)), 250e6);
        assertEq(bridge.locked(address(usdt)), 250e6);
    }

    /// Plays the Inbox's `isExecuted` for `fill` (nothing is executed until `onMessage` runs).
    function isExecuted(uint256, uint256) external pure returns (bool) {
        return false;
    }

    /// A fast exit of TRON's USDT: the fill pulls with `transferFrom` (which answers `true`),
    /// the repayment and the delivery fee go out through `safeTransferExact` (`transfer` answers
    /// `false`): the filler and the executor are paid, the recipient keeps what the filler sent.
    function test_fastExit_tronUsdt_fillAndRepay() public {
        TronUsdtToken usdt = _tronUsdtWith400Locked();
        address filler = makeAddr("filler");
        address executor = makeAddr("executor");
        usdt.mint(filler, 150e6);
        vm.startPrank(filler);
        usdt.approve(address(bridge), type(uint256).max);
        bytes32 id = bridge.fill(1, address(usdt), bob, 150e6, 1e6, 0.1e6);
        vm.stopPrank();
        assertEq(usdt.balanceOf(bob), 148.9e6);
        bytes memory payload = BridgeMessages.encodeTransfer(
            BridgeMessages.WITHDRAW,
            BridgeMessages.Transfer(address(usdt), bob, bob, 150e6),
            BridgeMessages.Fees(1e6, 0.1e6)
        );
        vm.expectEmit(address(bridge));
        emit IRootBridge.FillRepaid(id, 1, filler, 149.9e6);
        vm.prank(address(this), executor);
        assertEq(bridge.onMessage(CHILD, 1, CHILD_BRIDGE, payload), IMessageReceiver.onMessage.selector);
        assertEq(usdt.balanceOf(bob), 148.9e6);
        assertEq(usdt.balanceOf(filler), 150e6 - 148.9e6 + 149.9e6, "earns the 1 USDT fast fee");
        assertEq(usdt.balanceOf(executor), 0.1e6);
        assertEq(usdt.balanceOf(address(bridge)), 250e6);
        assertEq(bridge.locked(address(usdt)), 250e6);
    }

    function test_fees_governanceOnly() public {
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        bridge.setFee(1);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        bridge.claimFees(payable(alice));
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        bridge.pause();
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(IBridge.BridgeInvalidRecipient.selector, address(0)));
        bridge.claimFees(payable(address(0)));
    }

    function test_deposit_rejectsFeeOnTransferToken() public {
        FeeOnTransferToken fot = new FeeOnTransferToken();
        bridge.mapToken(address(fot), false, "", "", 18);
        fot.mint(alice, 1000);
        vm.startPrank(alice);
        fot.approve(address(bridge), 1000);
        vm.expectRevert(abi.encodeWithSelector(IRootBridge.RootBridgeFeeOnTransfer.selector, address(fot), 1000, 990));
        bridge.deposit(address(fot), bob, 1000);
        vm.stopPrank();
    }

    function test_deposit_withPermit() public {
        (address owner, uint256 key) = makeAddrAndKey("permitter");
        token.mint(owner, 50);
        bytes32 digest = keccak256(
            abi.encodePacked(
                "\x19\x01",
                token.DOMAIN_SEPARATOR(),
                keccak256(
                    abi.encode(
                        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                        owner,
                        address(bridge),
                        50,
                        0,
                        block.timestamp + 1
                    )
                )
            )
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        // Someone front-runs the permit: the deposit still goes through on the allowance it set.
        token.permit(owner, address(bridge), 50, block.timestamp + 1, v, r, s);
        vm.prank(owner);
        bridge.depositWithPermit(address(token), bob, 50, block.timestamp + 1, v, r, s);
        assertEq(bridge.locked(address(token)), 50);
    }

    function test_deposit_revertsWhenPaused() public {
        bridge.pause();
        vm.prank(alice);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        bridge.deposit(address(token), bob, 1);
        bridge.unpause();
        _deposit(1);
    }

    function test_deposit_reentrantTokenCannotReenter() public {
        ReentrantToken evil = new ReentrantToken();
        bridge.mapToken(address(evil), false, "", "", 18);
        evil.mint(alice, 100);
        vm.prank(alice);
        evil.approve(address(bridge), 100);
        evil.arm(address(bridge), abi.encodeCall(RootBridge.deposit, (address(evil), bob, 1)));
        vm.prank(alice);
        bridge.deposit(address(evil), bob, 10);
        assertFalse(evil.reentered());
        assertEq(evil.lastError(), abi.encodeWithSelector(ReentrancyGuard.ReentrancyGuardReentrantCall.selector));
        assertEq(bridge.locked(address(evil)), 10);
    }

    // ---------------------------------------------------------------- exits (onMessage)

    function test_onMessage_releasesLockedTokens() public {
        _deposit(300);
        vm.expectEmit(address(bridge));
        emit IRootBridge.Exited(address(token), alice, 120, 7);
        bytes4 answer = bridge.onMessage(CHILD, 7, CHILD_BRIDGE, _withdrawal(address(token), alice, 120));
        assertEq(answer, IMessageReceiver.onMessage.selector);
        assertEq(token.balanceOf(alice), 820);
        assertEq(bridge.locked(address(token)), 180);
    }

    function test_onMessage_revertsUnlessInbox() public {
        bytes memory payload = _withdrawal(address(token), alice, 1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IBridge.BridgeNotInbox.selector, alice));
        bridge.onMessage(CHILD, 0, CHILD_BRIDGE, payload);
    }

    function test_onMessage_revertsForUntrustedOrigin() public {
        bytes memory payload = _withdrawal(address(token), alice, 1);
        vm.expectRevert(abi.encodeWithSelector(IBridge.BridgeUntrustedSender.selector, 56, CHILD_BRIDGE));
        bridge.onMessage(56, 0, CHILD_BRIDGE, payload);
        vm.expectRevert(abi.encodeWithSelector(IBridge.BridgeUntrustedSender.selector, CHILD, alice));
        bridge.onMessage(CHILD, 0, alice, payload);
    }

    function test_onMessage_revertsOnOtherKinds() public {
        bytes memory deposit = BridgeMessages.encodeTransfer(
            BridgeMessages.DEPOSIT, BridgeMessages.Transfer(address(token), alice, alice, 1)
        );
        vm.expectRevert(abi.encodeWithSelector(IBridge.BridgeInvalidMessage.selector, BridgeMessages.DEPOSIT));
        bridge.onMessage(CHILD, 0, CHILD_BRIDGE, deposit);
        vm.expectRevert(abi.encodeWithSelector(IBridge.BridgeInvalidMessage.selector, 0));
        bridge.onMessage(CHILD, 0, CHILD_BRIDGE, hex"03");
    }

    function test_onMessage_revertsOnUnmappedToken() public {
        bytes memory payload = _withdrawal(address(0x1234), alice, 1);
        vm.expectRevert(abi.encodeWithSelector(IRootBridge.RootBridgeTokenNotMapped.selector, address(0x1234)));
        bridge.onMessage(CHILD, 0, CHILD_BRIDGE, payload);
    }

    function test_onMessage_revertsBeyondLocked() public {
        _deposit(10);
        bytes memory payload = _withdrawal(address(token), alice, 11);
        vm.expectRevert(
            abi.encodeWithSelector(IRootBridge.RootBridgeInsufficientLocked.selector, address(token), 10, 11)
        );
        bridge.onMessage(CHILD, 0, CHILD_BRIDGE, payload);
    }

    function test_onMessage_revertsWhenPaused() public {
        _deposit(10);
        bridge.pause();
        bytes memory payload = _withdrawal(address(token), alice, 1);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        bridge.onMessage(CHILD, 0, CHILD_BRIDGE, payload);
    }

    /// Locked always equals deposits minus exits, and the bridge holds exactly that.
    function testFuzz_lockedTracksDepositsAndExits(uint256 a, uint256 b) public {
        a = bound(a, 1, 1000);
        b = bound(b, 1, a);
        _deposit(a);
        bridge.onMessage(CHILD, 0, CHILD_BRIDGE, _withdrawal(address(token), alice, b));
        assertEq(bridge.locked(address(token)), a - b);
        assertEq(token.balanceOf(address(bridge)), a - b);
        assertEq(token.balanceOf(alice), 1000 - a + b);
    }
}
