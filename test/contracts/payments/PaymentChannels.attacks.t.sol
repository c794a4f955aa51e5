// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPaymentChannels} from "../../../contracts/payments/IPaymentChannels.sol";
import {TronUsdtToken} from "../../../contracts/test/TronUsdtToken.sol";
import {PaymentChannelsBase} from "./support/PaymentChannelsBase.sol";

/// @dev Regression tests of the attacks found by the outside review (issue 14, items 2 and 3):
/// each one succeeded against the earlier contract and must now fail or gain nothing.
contract PaymentChannelsAttacksTest is PaymentChannelsBase {
    address internal payerTwin = makeAddr("payerTwin");

    /// Item 2: plan once, wait long past `unlockAt`, reserve for a payee (who then serves on the
    /// strength of it), and end the generation at once: the reserved voucher was voided.
    function test_attack_maturedPlanVoidsReservedVoucher() public {
        _depositNative(10 ether);
        vm.prank(payer);
        pool.planWithdrawal(NATIVE, 10 ether);
        vm.warp(block.timestamp + 30 * DELAY);
        vm.prank(payer);
        pool.reserve(NATIVE, payee, 10 ether);
        IPaymentChannels.Claim memory owed = _claimOf(payee, NATIVE, 10 ether, 0);
        vm.prank(payer);
        try pool.withdraw(NATIVE) {} catch {}
        // The payee, who had a reservation, is paid in full.
        assertEq(pool.claim(payee, NATIVE, owed), 10 ether, "reserved voucher paid");
    }

    /// Item 3: a voucher to the payer's own second address, claimed at once, empties the free
    /// balance that `claimable` reported as covering another payee's voucher.
    function test_attack_selfVoucherEmptiesWhatClaimableCalledCovered() public {
        _depositNative(10 ether);
        (uint256 covered,,) = pool.claimable(payer, payee, NATIVE, 10 ether, 0);
        pool.claim(payerTwin, NATIVE, _claimOf(payerTwin, NATIVE, 10 ether, 0));
        uint256 paid;
        try pool.claim(payee, NATIVE, _claimOf(payee, NATIVE, 10 ether, 0)) returns (uint256 amount) {
            paid = amount;
        } catch {}
        assertGe(paid, covered, "what was reported covered is paid");
    }

    /// Item 2: after its window a plan lapses; it no longer counts as live and cannot be completed.
    function test_withdrawal_lapsesAfterItsWindow() public {
        _depositNative(10 ether);
        vm.prank(payer);
        pool.planWithdrawal(NATIVE, 4 ether);
        uint256 unlockAt = block.timestamp + DELAY;
        uint256 lapsedAt = unlockAt + pool.WITHDRAWAL_WINDOW();
        vm.warp(lapsedAt);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPaymentChannels.PaymentChannelsWithdrawalLapsed.selector, payer, NATIVE, lapsedAt, lapsedAt
            )
        );
        vm.prank(payer);
        pool.withdraw(NATIVE);
        (uint256 amount, uint256 at) = pool.withdrawalOf(payer, NATIVE);
        assertEq(amount + at, 0, "a lapsed plan reads as none");
        // The last second of the window still works.
        vm.prank(payer);
        pool.planWithdrawal(NATIVE, 4 ether);
        vm.warp(block.timestamp + DELAY + pool.WITHDRAWAL_WINDOW() - 1);
        vm.prank(payer);
        assertEq(pool.withdraw(NATIVE), 4 ether);
    }

    /// Item 2: a reservation made while a plan exists cancels it; a new plan waits the whole delay.
    function test_reserve_cancelsPlanSoPayeeHasWholeDelay() public {
        _depositNative(10 ether);
        vm.prank(payer);
        pool.planWithdrawal(NATIVE, 10 ether);
        vm.warp(block.timestamp + DELAY - 1);
        vm.expectEmit(address(pool));
        emit IPaymentChannels.WithdrawalCancelled(payer, NATIVE);
        vm.prank(payer);
        pool.reserve(NATIVE, payee, 6 ether);
        uint256 reservedAt = block.timestamp;
        vm.warp(reservedAt + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentChannels.PaymentChannelsNoWithdrawalPlanned.selector, payer, NATIVE)
        );
        vm.prank(payer);
        pool.withdraw(NATIVE);
        vm.prank(payer);
        pool.planWithdrawal(NATIVE, 10 ether);
        (, uint256 unlockAt) = pool.withdrawalOf(payer, NATIVE);
        assertGe(unlockAt, reservedAt + DELAY, "the payee has the whole delay");
        // While the plan is live nothing is cover; the reservation is still claimable.
        (uint256 covered,,) = pool.coverOf(payer, payee, NATIVE);
        assertEq(covered, 0, "no cover under a live plan");
        assertEq(pool.claim(payee, NATIVE, _claimOf(payee, NATIVE, 6 ether, 0)), 6 ether);
    }

    /// Item 3: only a reservation is cover, and a reserved payee is paid whatever the payer's
    /// second address claims first.
    function test_reservedPayeeIsPaidDespiteSelfVoucher() public {
        _depositNative(10 ether);
        (uint256 covered,,) = pool.claimable(payer, payee, NATIVE, 10 ether, 0);
        assertEq(covered, 0, "free balance is not cover");
        vm.prank(payer);
        pool.reserve(NATIVE, payee, 7 ether);
        uint256 claimed;
        uint256 generation;
        (covered, claimed, generation) = pool.coverOf(payer, payee, NATIVE);
        assertEq(covered, 7 ether);
        assertEq(claimed + generation, 0);
        (uint256 covers, uint256 owed, uint256 payableNow) = pool.claimable(payer, payee, NATIVE, 7 ether, 0);
        assertEq(covers, 7 ether);
        assertEq(owed, 7 ether);
        assertEq(payableNow, 7 ether);
        // The twin takes the free balance, and nothing more.
        assertEq(pool.claim(payerTwin, NATIVE, _claimOf(payerTwin, NATIVE, 10 ether, 0)), 3 ether);
        assertEq(pool.claim(payee, NATIVE, _claimOf(payee, NATIVE, 7 ether, 0)), 7 ether);
    }

    /// Item 10: a deposit of TRON's USDT (whose `transfer` returns false) could be neither
    /// claimed nor withdrawn.
    function test_tronUsdt_depositCanBeClaimedAndWithdrawn() public {
        TronUsdtToken usdt = new TronUsdtToken();
        usdt.mint(payer, 100e6);
        vm.startPrank(payer);
        usdt.approve(address(pool), 100e6);
        pool.deposit(address(usdt), 100e6);
        vm.stopPrank();
        assertEq(pool.claim(payee, address(usdt), _claimOf(payee, address(usdt), 30e6, 0)), 30e6);
        assertEq(usdt.balanceOf(payee), 30e6);
        vm.prank(payer);
        pool.planWithdrawal(address(usdt), 70e6);
        vm.warp(block.timestamp + DELAY);
        vm.prank(payer);
        assertEq(pool.withdraw(address(usdt)), 70e6);
        assertEq(usdt.balanceOf(payer), 70e6);
        assertEq(usdt.balanceOf(address(pool)), 0);
    }
}
