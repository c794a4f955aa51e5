// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {IBridge} from "../../../contracts/bridge/IBridge.sol";
import {IRootBridge} from "../../../contracts/bridge/IRootBridge.sol";
import {RootBridge} from "../../../contracts/bridge/RootBridge.sol";
import {TestToken} from "../../../contracts/test/TestToken.sol";
import {BridgeHandler} from "./BridgeInvariant.t.sol";

/// Fast exits and delivery fees end to end: BTTC and a root chain in one EVM (BridgeHandler),
/// real Inboxes, signed checkpoints and Merkle proofs.
contract FastExitTest is Test {
    BridgeHandler internal h;
    RootBridge internal root;
    TestToken internal usdt;
    TestToken internal btt;
    address internal actor0 = makeAddr(string(abi.encode("actor", uint256(0))));
    address internal actor1 = makeAddr(string(abi.encode("actor", uint256(1))));
    address internal filler0;
    address internal filler1;
    address internal executor;

    function setUp() public {
        h = new BridgeHandler();
        root = h.rootBridge();
        usdt = h.usdt();
        btt = h.btt();
        filler0 = h.fillers(0);
        filler1 = h.fillers(1);
        executor = h.executor();
        h.deposit(0, false, 1000); // 1000 % 3 != 0: no delivery fee
        h.deposit(1, true, 5 ether + 2); // 5e18 + 2 is not a multiple of 3 either
        h.relayToChild();
        assertEq(h.usdtChild().balanceOf(actor0), 1000);
    }

    /// A withdrawal of `amount` USDT_e by actor0 with a fast fee of 30 and a delivery fee of 9.
    function _fastUsdt(uint256 amount) internal returns (uint256 index) {
        index = h.withdrawFast(0, false, amount, 30, 9);
    }

    function test_fastExit_recipientPaidBeforeCheckpoint_fillerRepaidOnce() public {
        uint256 i = _fastUsdt(900);
        assertTrue(h.fill(0, i, 0));
        // Paid by the filler before any checkpoint of the withdrawal exists.
        assertEq(h.rootInbox().sourceState(199).checkpoints, 0);
        assertEq(usdt.balanceOf(actor0), 900 - 30 - 9);
        assertEq(usdt.balanceOf(filler0), 0);
        assertEq(root.locked(address(usdt)), 1000);
        h.relayToRoot(); // also replays the last message: it must fail (h.replays() stays 0)
        assertEq(usdt.balanceOf(actor0), 861, "recipient paid once");
        assertEq(usdt.balanceOf(filler0), 891, "filler repaid amount - delivery fee: earns the fast fee");
        assertEq(usdt.balanceOf(executor), 9, "executor earns the delivery fee");
        assertEq(root.locked(address(usdt)), 100);
        assertEq(usdt.balanceOf(address(root)), 100);
        assertEq(h.replays(), 0);
        // The slow path executed: nobody can fill it any more.
        vm.prank(filler1);
        vm.expectRevert(abi.encodeWithSelector(IRootBridge.RootBridgeAlreadyExecuted.selector, 0));
        root.fill(0, address(usdt), actor0, 900, 30, 9);
    }

    function test_fastExit_unfilled_slowPathChargesNoFastFee() public {
        _fastUsdt(900);
        h.relayToRoot();
        assertEq(usdt.balanceOf(actor0), 891, "amount - delivery fee: the fast fee is not charged");
        assertEq(usdt.balanceOf(executor), 9);
        assertEq(usdt.balanceOf(address(root)), 100);
    }

    function test_fastExit_twoFillersRace_oneFills_otherLosesNothing() public {
        uint256 i = _fastUsdt(900);
        assertTrue(h.fill(0, i, 0));
        bytes32 id = root.fillId(0, address(usdt), actor0, 900, 30, 9);
        assertEq(root.fillerOf(id), filler0);
        // The loser, funded and approved, reverts and keeps everything.
        usdt.mint(filler1, 861);
        vm.startPrank(filler1);
        usdt.approve(address(root), 861);
        vm.expectRevert(abi.encodeWithSelector(IRootBridge.RootBridgeAlreadyFilled.selector, id, filler0));
        root.fill(0, address(usdt), actor0, 900, 30, 9);
        vm.stopPrank();
        assertEq(usdt.balanceOf(filler1), 861);
        assertEq(usdt.balanceOf(actor0), 861);
        h.relayToRoot();
        assertEq(usdt.balanceOf(filler0), 891);
        assertEq(usdt.balanceOf(filler1), 861);
    }

    /// Wrong amount, recipient, token, nonce: each is a fill of no message. The real message
    /// then pays the real filler, or the recipient when nobody filled it exactly.
    function test_fastExit_wrongFillsAreNotFillsOfTheMessage() public {
        uint256 i = _fastUsdt(900);
        uint256 j = h.withdrawFast(0, false, 90, 0, 0);
        for (uint256 mistake = 1; mistake < 5; ++mistake) {
            assertTrue(h.fill(1, i, mistake));
            assertTrue(h.fill(1, j, mistake));
        }
        assertTrue(h.fill(0, i, 0)); // the exact fill is still open
        uint256 actorBefore = usdt.balanceOf(actor0);
        h.relayToRoot();
        assertEq(usdt.balanceOf(filler0), 891, "the real filler is repaid");
        assertEq(usdt.balanceOf(actor0), actorBefore + 90, "the unfilled message pays its recipient");
        assertEq(usdt.balanceOf(filler1), h.fillerFunded(filler1, address(usdt)) - h.fillerPaid(filler1, address(usdt)));
        assertEq(h.fillerPaid(filler1, address(usdt)) > 0, true);
        assertEq(usdt.balanceOf(address(root)), 10);
    }

    function test_fastExit_fillOfNeverExistingWithdrawal_harmsOnlyTheFiller() public {
        address stranger = makeAddr("stranger");
        usdt.mint(filler1, 500);
        vm.startPrank(filler1);
        usdt.approve(address(root), 500);
        root.fill(77, address(usdt), stranger, 500, 0, 0);
        vm.stopPrank();
        assertEq(usdt.balanceOf(stranger), 500);
        assertEq(usdt.balanceOf(filler1), 0);
        assertEq(root.locked(address(usdt)), 1000, "the bridge is untouched");
        _fastUsdt(900);
        h.relayToRoot();
        assertEq(usdt.balanceOf(actor0), 891);
        assertEq(usdt.balanceOf(filler1), 0, "never repaid");
        assertEq(usdt.balanceOf(address(root)), 100);
    }

    function test_fastExit_nativeBttVaultRelease() public {
        uint256 i = h.withdrawFast(1, true, 2 ether, 0.01 ether, 0.001 ether);
        assertTrue(h.fill(0, i, 0));
        assertEq(btt.balanceOf(actor1), 2 ether - 0.011 ether);
        h.relayToRoot();
        assertEq(btt.balanceOf(filler0), 2 ether - 0.001 ether);
        assertEq(btt.balanceOf(executor), 0.001 ether);
        assertEq(btt.balanceOf(actor1), 2 ether - 0.011 ether);
        assertEq(root.locked(address(btt)), 3 ether + 2);
    }

    function test_fill_rejectsFeesTakingEverythingAndUnmappedTokens() public {
        vm.startPrank(filler0);
        vm.expectRevert(abi.encodeWithSelector(IBridge.BridgeTransferFeesTooHigh.selector, 100, 60, 40));
        root.fill(0, address(usdt), actor0, 100, 60, 40);
        vm.expectRevert(abi.encodeWithSelector(IRootBridge.RootBridgeTokenNotMapped.selector, address(this)));
        root.fill(0, address(this), actor0, 100, 0, 0);
        vm.stopPrank();
    }

    function test_deliveryFee_onDeposit_paysTheExecutorOnBttc() public {
        h.deposit(0, false, 300); // 300 % 3 == 0: delivery fee 75
        h.deposit(1, true, 3 ether); // delivery fee 0.75 BTT
        uint256 nativeBefore = actor1.balance;
        h.relayToChild();
        assertEq(h.usdtChild().balanceOf(actor0), 1000 + 225);
        assertEq(h.usdtChild().balanceOf(executor), 75);
        assertEq(actor1.balance, nativeBefore + 2.25 ether);
        assertEq(executor.balance, 0.75 ether);
        assertEq(root.locked(address(usdt)), 1300);
    }
}
