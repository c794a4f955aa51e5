// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

import {Messages} from "../../../contracts/lib/Messages.sol";
import {IPaymentChannels} from "../../../contracts/payments/IPaymentChannels.sol";
import {PaymentChannels} from "../../../contracts/payments/PaymentChannels.sol";
import {VoucherDigest} from "../../../contracts/payments/libraries/VoucherDigest.sol";
import {PaymentChannelsBase} from "./support/PaymentChannelsBase.sol";
import {FeeOnTransferToken} from "../../../contracts/test/FeeOnTransferToken.sol";
import {ReentrantPayee, RejectingPayee} from "./support/PaymentMocks.sol";

contract PaymentChannelsTest is PaymentChannelsBase {
    // ------------------------------------------------------------------ construction

    function test_constructor_rejectsDelayOutOfBounds() public {
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentChannels.PaymentChannelsInvalidDelay.selector, 59 minutes, 1 hours, 30 days)
        );
        new PaymentChannels(59 minutes);
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentChannels.PaymentChannelsInvalidDelay.selector, 31 days, 1 hours, 30 days)
        );
        new PaymentChannels(31 days);
        assertEq(pool.withdrawalDelay(), DELAY);
    }

    // ------------------------------------------------------------------ deposits

    function test_depositNative_creditsAndTopsUp() public {
        vm.expectEmit(address(pool));
        emit IPaymentChannels.Deposited(payer, NATIVE, 3 ether, 3 ether);
        _depositNative(3 ether);
        vm.expectEmit(address(pool));
        emit IPaymentChannels.Deposited(payer, NATIVE, 2 ether, 5 ether);
        _depositNative(2 ether);
        (uint256 balance, uint256 reserved, uint256 generation) = pool.accountOf(payer, NATIVE);
        assertEq(balance, 5 ether);
        assertEq(reserved, 0);
        assertEq(generation, 0);
        assertEq(address(pool).balance, 5 ether);
    }

    function test_depositNative_rejectsZero() public {
        vm.expectRevert(IPaymentChannels.PaymentChannelsZeroAmount.selector);
        _depositNative(0);
    }

    function test_depositNative_rejectsOverflowOfPackedBalance() public {
        uint256 max = type(uint112).max;
        vm.deal(payer, max + 1);
        _depositNative(max);
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentChannels.PaymentChannelsBalanceOverflow.selector, payer, NATIVE, max, 1, max)
        );
        _depositNative(1);
    }

    function test_deposit_erc20() public {
        vm.expectEmit(address(pool));
        emit IPaymentChannels.Deposited(payer, address(btt), 7 ether, 7 ether);
        vm.prank(payer);
        pool.deposit(address(btt), 7 ether);
        assertEq(btt.balanceOf(address(pool)), 7 ether);
        assertEq(_balanceOf(address(btt)), 7 ether);
    }

    function test_deposit_rejectsBadInput() public {
        vm.startPrank(payer);
        vm.expectRevert(IPaymentChannels.PaymentChannelsNativeTokenNotAllowed.selector);
        pool.deposit(NATIVE, 1);
        vm.expectRevert(IPaymentChannels.PaymentChannelsZeroAmount.selector);
        pool.deposit(address(btt), 0);
        // Not a contract: the balance read fails.
        vm.expectRevert();
        pool.deposit(makeAddr("not a token"), 1);
        vm.stopPrank();
        // No allowance: the token's own error bubbles up.
        vm.prank(stranger);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(pool), 0, 1 ether)
        );
        pool.deposit(address(btt), 1 ether);
    }

    function test_deposit_rejectsFeeOnTransferToken() public {
        FeeOnTransferToken fee = new FeeOnTransferToken();
        fee.mint(payer, 100 ether);
        vm.startPrank(payer);
        fee.approve(address(pool), type(uint256).max);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPaymentChannels.PaymentChannelsTransferAmountMismatch.selector, address(fee), 10 ether, 9.9 ether
            )
        );
        pool.deposit(address(fee), 10 ether);
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ claims

    function test_claim_paysPayeeWhoeverSubmits() public {
        _depositNative(10 ether);
        IPaymentChannels.Claim memory c = _claimOf(payee, NATIVE, 1 ether, 0);
        vm.expectEmit(address(pool));
        emit IPaymentChannels.Claimed(payer, payee, NATIVE, 1 ether, 1 ether);
        vm.prank(stranger);
        assertEq(pool.claim(payee, NATIVE, c), 1 ether);
        assertEq(payee.balance, 1 ether);
        assertEq(stranger.balance, 0);
        // A later voucher pays only the difference.
        vm.prank(payee);
        assertEq(pool.claim(payee, NATIVE, _claimOf(payee, NATIVE, 2.5 ether, 0)), 1.5 ether);
        assertEq(payee.balance, 2.5 ether);
        (uint256 claimed,) = pool.channelOf(payer, payee, NATIVE);
        assertEq(claimed, 2.5 ether);
        assertEq(_balanceOf(NATIVE), 7.5 ether);
        assertEq(address(pool).balance, 7.5 ether);
    }

    function test_claim_erc20() public {
        vm.prank(payer);
        pool.deposit(address(btt), 10 ether);
        pool.claim(payee, address(btt), _claimOf(payee, address(btt), 4 ether, 0));
        assertEq(btt.balanceOf(payee), 4 ether);
        assertEq(btt.balanceOf(address(pool)), 6 ether);
    }

    function test_claim_rejectsLowerOrEqualCumulative() public {
        _depositNative(10 ether);
        pool.claim(payee, NATIVE, _claimOf(payee, NATIVE, 2 ether, 0));
        IPaymentChannels.Claim memory lower = _claimOf(payee, NATIVE, 1 ether, 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPaymentChannels.PaymentChannelsNothingToClaim.selector, payer, payee, 1 ether, 2 ether
            )
        );
        pool.claim(payee, NATIVE, lower);
        IPaymentChannels.Claim memory same = _claimOf(payee, NATIVE, 2 ether, 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPaymentChannels.PaymentChannelsNothingToClaim.selector, payer, payee, 2 ether, 2 ether
            )
        );
        pool.claim(payee, NATIVE, same);
    }

    function test_claim_rejectsVoucherForAnotherPayee() public {
        _depositNative(10 ether);
        IPaymentChannels.Claim memory forPayee2 = _claimOf(payee2, NATIVE, 1 ether, 0);
        address recovered = _recoveredAs(payee, NATIVE, forPayee2);
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentChannels.PaymentChannelsInvalidSignature.selector, payer, recovered)
        );
        pool.claim(payee, NATIVE, forPayee2);
    }

    function test_claim_rejectsVoucherForAnotherTokenPoolOrChain() public {
        _depositNative(10 ether);
        Messages.Voucher memory v = _voucher(payee, address(btt), 1 ether, 0);
        _expectInvalidSignature(_sign(payerKey, v));
        v = _voucher(payee, NATIVE, 1 ether, 0);
        v.pool = address(new PaymentChannels(DELAY));
        _expectInvalidSignature(_sign(payerKey, v));
        v = _voucher(payee, NATIVE, 1 ether, 0);
        v.chainId = block.chainid + 1;
        _expectInvalidSignature(_sign(payerKey, v));
    }

    function test_claim_rejectsForgedMalformedAndHighSSignatures() public {
        _depositNative(10 ether);
        // Signed by someone else.
        IPaymentChannels.Claim memory forged = _sign(0xB0B, _voucher(payee, NATIVE, 1 ether, 0));
        forged.payer = payer;
        _expectInvalidSignature(forged);
        // s above n/2 (the malleable twin range a compact signature can express): rejected.
        IPaymentChannels.Claim memory highS = _claimOf(payee, NATIVE, 1 ether, 0);
        highS.vs = bytes32(HALF_N + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentChannels.PaymentChannelsInvalidSignature.selector, payer, address(0))
        );
        pool.claim(payee, NATIVE, highS);
        // r = 0 recovers nothing.
        IPaymentChannels.Claim memory zero = _claimOf(payee, NATIVE, 1 ether, 0);
        zero.r = bytes32(0);
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentChannels.PaymentChannelsInvalidSignature.selector, payer, address(0))
        );
        pool.claim(payee, NATIVE, zero);
        // A zero payer with a garbage signature must not "match" the zero address.
        zero.payer = address(0);
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentChannels.PaymentChannelsInvalidSignature.selector, address(0), address(0))
        );
        pool.claim(payee, NATIVE, zero);
    }

    function test_claim_rejectsZeroPayee() public {
        _depositNative(1 ether);
        IPaymentChannels.Claim memory c = _claimOf(address(0), NATIVE, 1 ether, 0);
        vm.expectRevert(abi.encodeWithSelector(IPaymentChannels.PaymentChannelsInvalidPayee.selector, address(0)));
        pool.claim(address(0), NATIVE, c);
    }

    function test_claim_beyondDepositPaysWhatIsThereAndMarksInsolvency() public {
        _depositNative(1 ether);
        vm.expectEmit(address(pool));
        emit IPaymentChannels.ClaimShortfall(payer, payee, NATIVE, 1.5 ether, 1 ether);
        vm.expectEmit(address(pool));
        emit IPaymentChannels.Claimed(payer, payee, NATIVE, 1.5 ether, 1 ether);
        assertEq(pool.claim(payee, NATIVE, _claimOf(payee, NATIVE, 1.5 ether, 0)), 1 ether);
        assertEq(payee.balance, 1 ether);
        // Nothing left: the same voucher now reverts with what is still owed.
        IPaymentChannels.Claim memory again = _claimOf(payee, NATIVE, 1.5 ether, 0);
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentChannels.PaymentChannelsInsolvent.selector, payer, payee, NATIVE, 0.5 ether)
        );
        pool.claim(payee, NATIVE, again);
        // A top-up makes it whole.
        _depositNative(2 ether);
        assertEq(pool.claim(payee, NATIVE, again), 0.5 ether);
        assertEq(payee.balance, 1.5 ether);
    }

    function test_claim_hugeCumulativeIsCappedNotOverflowed() public {
        _depositNative(1 ether);
        assertEq(pool.claim(payee, NATIVE, _claimOf(payee, NATIVE, type(uint256).max, 0)), 1 ether);
        (uint256 claimed,) = pool.channelOf(payer, payee, NATIVE);
        assertEq(claimed, 1 ether);
    }

    function test_claim_failsWhenPayeeRefusesNativeBtt() public {
        address refusing = address(new RejectingPayee());
        _depositNative(1 ether);
        IPaymentChannels.Claim memory c = _claimOf(refusing, NATIVE, 1 ether, 0);
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentChannels.PaymentChannelsNativeTransferFailed.selector, refusing, 1 ether)
        );
        pool.claim(refusing, NATIVE, c);
        assertEq(_balanceOf(NATIVE), 1 ether);
    }

    function test_claim_reentrancyFromPayeeIsBlocked() public {
        ReentrantPayee attacker = new ReentrantPayee();
        _depositNative(10 ether);
        IPaymentChannels.Claim memory first = _claimOf(address(attacker), NATIVE, 1 ether, 0);
        // Without the guard the nested claim of this (valid, higher) voucher would pay 1 more ether.
        attacker.arm(pool, _claimOf(address(attacker), NATIVE, 2 ether, 0));
        assertEq(pool.claim(address(attacker), NATIVE, first), 1 ether);
        assertEq(attacker.lastError(), abi.encodeWithSelector(ReentrancyGuard.ReentrancyGuardReentrantCall.selector));
        assertEq(address(attacker).balance, 1 ether);
        assertEq(_balanceOf(NATIVE), 9 ether);
    }

    // ------------------------------------------------------------------ batches

    function test_claimBatch_skipsBadVouchersWithReasons() public {
        uint256 otherKey = 0xB0B;
        address other = vm.addr(otherKey);
        vm.deal(other, 10 ether);
        vm.prank(other);
        pool.depositNative{value: 1 ether}();
        _depositNative(10 ether);

        IPaymentChannels.Claim[] memory batch = new IPaymentChannels.Claim[](6);
        batch[0] = _claimOf(payee, NATIVE, 3 ether, 0); // good
        batch[1] = _claimOf(payee, NATIVE, 2 ether, 0); // lower than batch[0]: nothing to claim
        batch[2] = _claimOf(payee, NATIVE, 4 ether, 1); // future generation
        batch[3] = _claimOf(payee2, NATIVE, 5 ether, 0); // for another payee: bad signature
        Messages.Voucher memory ov = _voucher(payee, NATIVE, 2 ether, 0);
        ov.payer = other;
        batch[4] = _sign(otherKey, ov); // good but short: pays 1 of 2
        batch[5] = _sign(otherKey, ov); // same again: insolvent now
        address recovered3 = _recoveredAs(payee, NATIVE, batch[3]);

        vm.expectEmit(address(pool));
        emit IPaymentChannels.ClaimSkipped(
            payer,
            payee,
            NATIVE,
            abi.encodeWithSelector(IPaymentChannels.PaymentChannelsNothingToClaim.selector, payer, payee, 2 ether, 3 ether)
        );
        vm.expectEmit(address(pool));
        emit IPaymentChannels.ClaimSkipped(
            payer,
            payee,
            NATIVE,
            abi.encodeWithSelector(IPaymentChannels.PaymentChannelsWrongGeneration.selector, payer, NATIVE, 1, 0)
        );
        vm.expectEmit(address(pool));
        emit IPaymentChannels.ClaimSkipped(
            payer,
            payee,
            NATIVE,
            abi.encodeWithSelector(IPaymentChannels.PaymentChannelsInvalidSignature.selector, payer, recovered3)
        );
        vm.expectEmit(address(pool));
        emit IPaymentChannels.ClaimShortfall(other, payee, NATIVE, 2 ether, 1 ether);
        vm.expectEmit(address(pool));
        emit IPaymentChannels.ClaimSkipped(
            other,
            payee,
            NATIVE,
            abi.encodeWithSelector(IPaymentChannels.PaymentChannelsInsolvent.selector, other, payee, NATIVE, 1 ether)
        );
        vm.expectEmit(address(pool));
        emit IPaymentChannels.BatchClaimed(payee, NATIVE, 2, 4, 4 ether);
        vm.prank(stranger);
        assertEq(pool.claimBatch(payee, NATIVE, batch), 4 ether);
        assertEq(payee.balance, 4 ether);
        assertEq(address(pool).balance, 7 ether);
    }

    function test_claimBatch_allBadPaysNothingAndDoesNotRevert() public {
        IPaymentChannels.Claim[] memory batch = new IPaymentChannels.Claim[](1);
        batch[0] = _claimOf(payee, NATIVE, 1 ether, 0); // no deposit at all
        vm.expectEmit(address(pool));
        emit IPaymentChannels.BatchClaimed(payee, NATIVE, 0, 1, 0);
        assertEq(pool.claimBatch(payee, NATIVE, batch), 0);
    }

    function test_claimBatch_rejectsBadInput() public {
        IPaymentChannels.Claim[] memory none = new IPaymentChannels.Claim[](0);
        vm.expectRevert(IPaymentChannels.PaymentChannelsEmptyBatch.selector);
        pool.claimBatch(payee, NATIVE, none);
        IPaymentChannels.Claim[] memory one = new IPaymentChannels.Claim[](1);
        vm.expectRevert(abi.encodeWithSelector(IPaymentChannels.PaymentChannelsInvalidPayee.selector, address(0)));
        pool.claimBatch(address(0), NATIVE, one);
    }

    // ------------------------------------------------------------------ reservations

    function test_reserve_protectsPayeeFromOthers() public {
        _depositNative(10 ether);
        vm.expectEmit(address(pool));
        emit IPaymentChannels.Reserved(payer, payee, NATIVE, 6 ether, 6 ether);
        vm.prank(payer);
        pool.reserve(NATIVE, payee, 6 ether);
        // payee2 holds a voucher for everything but only reaches the free 4.
        assertEq(pool.claim(payee2, NATIVE, _claimOf(payee2, NATIVE, 10 ether, 0)), 4 ether);
        // payee draws on its reservation first.
        assertEq(pool.claim(payee, NATIVE, _claimOf(payee, NATIVE, 2 ether, 0)), 2 ether);
        (uint256 claimed, uint256 reserved) = pool.channelOf(payer, payee, NATIVE);
        assertEq(claimed, 2 ether);
        assertEq(reserved, 4 ether);
        (uint256 balance, uint256 reservedTotal,) = pool.accountOf(payer, NATIVE);
        assertEq(balance, 4 ether);
        assertEq(reservedTotal, 4 ether);
        assertEq(pool.claim(payee, NATIVE, _claimOf(payee, NATIVE, 6 ether, 0)), 4 ether);
        assertEq(payee.balance, 6 ether);
        assertEq(payee2.balance, 4 ether);
    }

    function test_reserve_rejectsBadInput() public {
        _depositNative(5 ether);
        vm.startPrank(payer);
        vm.expectRevert(abi.encodeWithSelector(IPaymentChannels.PaymentChannelsInvalidPayee.selector, address(0)));
        pool.reserve(NATIVE, address(0), 1);
        vm.expectRevert(IPaymentChannels.PaymentChannelsZeroAmount.selector);
        pool.reserve(NATIVE, payee, 0);
        pool.reserve(NATIVE, payee, 3 ether);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPaymentChannels.PaymentChannelsInsufficientFreeBalance.selector, payer, NATIVE, 2 ether, 3 ether
            )
        );
        pool.reserve(NATIVE, payee2, 3 ether);
        vm.stopPrank();
    }

    function test_reserve_endsWithTheGeneration() public {
        _depositNative(10 ether);
        vm.startPrank(payer);
        pool.reserve(NATIVE, payee, 6 ether);
        pool.planWithdrawal(NATIVE, 1 ether);
        vm.warp(block.timestamp + DELAY);
        pool.withdraw(NATIVE);
        vm.stopPrank();
        (, uint256 reserved) = pool.channelOf(payer, payee, NATIVE);
        (uint256 balance, uint256 reservedTotal, uint256 generation) = pool.accountOf(payer, NATIVE);
        assertEq(reserved, 0);
        assertEq(reservedTotal, 0);
        assertEq(balance, 9 ether);
        assertEq(generation, 1);
        // A new reservation in the new generation starts from zero.
        vm.prank(payer);
        pool.reserve(NATIVE, payee, 1 ether);
        (, reserved) = pool.channelOf(payer, payee, NATIVE);
        assertEq(reserved, 1 ether);
    }

    // ------------------------------------------------------------------ withdrawals

    function test_withdrawal_fullCycleKillsOldVouchers() public {
        _depositNative(10 ether);
        pool.claim(payee, NATIVE, _claimOf(payee, NATIVE, 1 ether, 0));
        uint256 unlockAt = block.timestamp + DELAY;
        vm.expectEmit(address(pool));
        emit IPaymentChannels.WithdrawalPlanned(payer, NATIVE, 9 ether, unlockAt, 0);
        vm.prank(payer);
        pool.planWithdrawal(NATIVE, 9 ether);
        (uint256 planned, uint256 at) = pool.withdrawalOf(payer, NATIVE);
        assertEq(planned, 9 ether);
        assertEq(at, unlockAt);

        // Too early.
        vm.warp(unlockAt - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPaymentChannels.PaymentChannelsWithdrawalLocked.selector, payer, NATIVE, unlockAt, unlockAt - 1
            )
        );
        vm.prank(payer);
        pool.withdraw(NATIVE);

        // Claims still work during the delay; the withdrawal then takes what is left.
        assertEq(pool.claim(payee, NATIVE, _claimOf(payee, NATIVE, 3 ether, 0)), 2 ether);
        vm.warp(unlockAt);
        uint256 before = payer.balance;
        vm.expectEmit(address(pool));
        emit IPaymentChannels.Withdrawn(payer, NATIVE, 7 ether, 1);
        vm.prank(payer);
        assertEq(pool.withdraw(NATIVE), 7 ether);
        assertEq(payer.balance - before, 7 ether);
        assertEq(_generation(NATIVE), 1);
        (planned, at) = pool.withdrawalOf(payer, NATIVE);
        assertEq(at, 0);

        // Old vouchers are dead, even for more than was claimed.
        IPaymentChannels.Claim memory old = _claimOf(payee, NATIVE, 5 ether, 0);
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentChannels.PaymentChannelsWrongGeneration.selector, payer, NATIVE, 0, 1)
        );
        pool.claim(payee, NATIVE, old);
        // New-generation vouchers start from zero.
        _depositNative(1 ether);
        (uint256 claimed,) = pool.channelOf(payer, payee, NATIVE);
        assertEq(claimed, 0);
        assertEq(pool.claim(payee, NATIVE, _claimOf(payee, NATIVE, 0.5 ether, 1)), 0.5 ether);
        assertEq(payee.balance, 3.5 ether);
    }

    function test_withdrawal_rejectsBadInput() public {
        _depositNative(1 ether);
        vm.startPrank(payer);
        vm.expectRevert(IPaymentChannels.PaymentChannelsZeroAmount.selector);
        pool.planWithdrawal(NATIVE, 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPaymentChannels.PaymentChannelsInsufficientBalance.selector, payer, NATIVE, 1 ether, 2 ether
            )
        );
        pool.planWithdrawal(NATIVE, 2 ether);
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentChannels.PaymentChannelsNoWithdrawalPlanned.selector, payer, NATIVE)
        );
        pool.withdraw(NATIVE);
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentChannels.PaymentChannelsNoWithdrawalPlanned.selector, payer, NATIVE)
        );
        pool.cancelWithdrawal(NATIVE);
        vm.stopPrank();
    }

    function test_withdrawal_cancelAndReplan() public {
        _depositNative(4 ether);
        vm.startPrank(payer);
        pool.planWithdrawal(NATIVE, 1 ether);
        vm.expectEmit(address(pool));
        emit IPaymentChannels.WithdrawalCancelled(payer, NATIVE);
        pool.cancelWithdrawal(NATIVE);
        vm.warp(block.timestamp + DELAY);
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentChannels.PaymentChannelsNoWithdrawalPlanned.selector, payer, NATIVE)
        );
        pool.withdraw(NATIVE);
        // Re-planning restarts the delay.
        pool.planWithdrawal(NATIVE, 1 ether);
        vm.warp(block.timestamp + DELAY / 2);
        pool.planWithdrawal(NATIVE, 4 ether);
        (, uint256 unlockAt) = pool.withdrawalOf(payer, NATIVE);
        assertEq(unlockAt, block.timestamp + DELAY);
        vm.warp(unlockAt);
        assertEq(pool.withdraw(NATIVE), 4 ether);
        vm.stopPrank();
        assertEq(address(pool).balance, 0);
    }

    function test_withdrawal_erc20() public {
        vm.startPrank(payer);
        pool.deposit(address(btt), 5 ether);
        pool.planWithdrawal(address(btt), 5 ether);
        vm.warp(block.timestamp + DELAY);
        pool.withdraw(address(btt));
        vm.stopPrank();
        assertEq(btt.balanceOf(payer), 1_000 ether);
        assertEq(btt.balanceOf(address(pool)), 0);
        assertEq(_generation(address(btt)), 1);
        assertEq(_generation(NATIVE), 0);
    }

    // ------------------------------------------------------------------ views

    function test_claimable_matchesWhatAClaimPays() public {
        _depositNative(2 ether);
        (uint256 covered, uint256 owed, uint256 payableNow) = pool.claimable(payer, payee, NATIVE, 3 ether, 0);
        assertEq(payableNow, 2 ether);
        assertEq(owed, 3 ether);
        assertEq(covered, 0, "the free balance is not cover");
        (covered, owed, payableNow) = pool.claimable(payer, payee, NATIVE, 3 ether, 1);
        assertEq(covered + owed + payableNow, 0);
        pool.claim(payee, NATIVE, _claimOf(payee, NATIVE, 1 ether, 0));
        (covered, owed, payableNow) = pool.claimable(payer, payee, NATIVE, 1 ether, 0);
        assertEq(covered + owed + payableNow, 0);
        (covered, owed, payableNow) = pool.claimable(payer, payee, NATIVE, 1.5 ether, 0);
        assertEq(payableNow, 0.5 ether);
        assertEq(owed, 0.5 ether);
        // A reservation is cover, up to what is owed; a live plan makes it none.
        vm.prank(payer);
        pool.reserve(NATIVE, payee, 0.25 ether);
        (covered,,) = pool.claimable(payer, payee, NATIVE, 1.5 ether, 0);
        assertEq(covered, 0.25 ether);
        (covered,,) = pool.claimable(payer, payee, NATIVE, 1.1 ether, 0);
        assertEq(covered, 0.1 ether);
        vm.prank(payer);
        pool.planWithdrawal(NATIVE, 1 ether);
        (covered, owed, payableNow) = pool.claimable(payer, payee, NATIVE, 1.5 ether, 0);
        assertEq(covered, 0);
        assertEq(payableNow, 0.5 ether);
    }

    function testFuzz_voucherDigest_equalsMessagesHash(Messages.Voucher memory v) public pure {
        assertEq(
            VoucherDigest.hash(v.chainId, v.pool, v.payer, v.payee, v.token, v.cumulativeAmount, v.generation),
            Messages.hash(v)
        );
    }

    function testFuzz_claim_paysMinOfOwedAndAvailable(uint96 deposit, uint128 first, uint128 second) public {
        vm.assume(deposit > 0);
        vm.deal(payer, deposit);
        _depositNative(deposit);
        uint256 paidTotal;
        if (first > 0) {
            uint256 expected = first < deposit ? first : deposit;
            assertEq(pool.claim(payee, NATIVE, _claimOf(payee, NATIVE, first, 0)), expected);
            paidTotal = expected;
        }
        IPaymentChannels.Claim memory c = _claimOf(payee, NATIVE, second, 0);
        uint256 claimed = paidTotal;
        if (second <= claimed) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IPaymentChannels.PaymentChannelsNothingToClaim.selector, payer, payee, second, claimed
                )
            );
            pool.claim(payee, NATIVE, c);
        } else if (deposit == paidTotal) {
            // Vouchers above the packed maximum are capped to it.
            uint256 capped = second < type(uint112).max ? second : type(uint112).max;
            vm.expectRevert(
                abi.encodeWithSelector(
                    IPaymentChannels.PaymentChannelsInsolvent.selector, payer, payee, NATIVE, capped - claimed
                )
            );
            pool.claim(payee, NATIVE, c);
        } else {
            uint256 owed = second - claimed;
            uint256 left = deposit - paidTotal;
            uint256 expected = owed < left ? owed : left;
            assertEq(pool.claim(payee, NATIVE, c), expected);
            paidTotal += expected;
        }
        assertEq(payee.balance, paidTotal);
        assertEq(address(pool).balance, uint256(deposit) - paidTotal);
        assertLe(payee.balance, first > second ? first : second);
    }

    function testFuzz_claim_rejectsAnyTamperedField(uint256 amount, uint8 field, address swap) public {
        amount = bound(amount, 1, 10 ether);
        _depositNative(10 ether);
        IPaymentChannels.Claim memory c = _claimOf(payee, NATIVE, amount, 0);
        address to = payee;
        address token = NATIVE;
        field = uint8(bound(field, 0, 3));
        if (field == 0) c.cumulativeAmount = amount + 1;
        if (field == 1) {
            vm.assume(swap != payee && swap != address(0));
            to = swap;
        }
        if (field == 2) {
            vm.assume(swap != NATIVE);
            token = swap;
            vm.deal(address(this), 0);
        }
        if (field == 3) c.r = bytes32(uint256(c.r) ^ 1);
        if (field == 2) {
            // No deposit in that token: fails earlier or at the signature; either way nothing is paid.
            vm.expectRevert();
        } else {
            vm.expectPartialRevert(IPaymentChannels.PaymentChannelsInvalidSignature.selector);
        }
        pool.claim(to, token, c);
    }

    // ------------------------------------------------------------------ helpers

    /// @dev The address the pool recovers for `c` when it is claimed for `to` and `token`.
    function _recoveredAs(address to, address token, IPaymentChannels.Claim memory c) internal view returns (address) {
        bytes32 digest = VoucherDigest.hash(
            block.chainid, address(pool), c.payer, to, token, c.cumulativeAmount, c.generation
        );
        uint8 v = uint8(uint256(c.vs) >> 255) + 27;
        bytes32 s = bytes32(uint256(c.vs) & ((uint256(1) << 255) - 1));
        return ecrecover(digest, v, c.r, s);
    }

    function _expectInvalidSignature(IPaymentChannels.Claim memory c) internal {
        vm.expectRevert(
            abi.encodeWithSelector(
                IPaymentChannels.PaymentChannelsInvalidSignature.selector, c.payer, _recoveredAs(payee, NATIVE, c)
            )
        );
        pool.claim(payee, NATIVE, c);
    }
}
