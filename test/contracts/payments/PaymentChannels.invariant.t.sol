// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {PaymentChannels} from "../../../contracts/payments/PaymentChannels.sol";
import {BTTToken} from "../../../contracts/token/BTTToken.sol";
import {PaymentChannelsHandler, channelKey} from "./support/PaymentChannelsHandler.sol";

/// @dev Solvency and payout bounds of PaymentChannels under random sequences of actions.
contract PaymentChannelsInvariantTest is Test {
    PaymentChannels internal pool;
    BTTToken internal btt;
    PaymentChannelsHandler internal handler;
    /// The handler's actors and tokens, fixed at its construction: read once here rather than by
    /// calls inside the checks' loops (thousands of checks run per campaign).
    address[] internal payers;
    address[] internal payees;
    address[2] internal tokens;

    function setUp() public {
        pool = new PaymentChannels(1 days);
        btt = new BTTToken(address(this));
        handler = new PaymentChannelsHandler(pool, btt);
        btt.transferOwnership(address(handler));
        targetContract(address(handler));
        for (uint256 i; i < handler.PAYERS(); ++i) {
            payers.push(handler.payers(i));
        }
        for (uint256 j; j < handler.PAYEES(); ++j) {
            payees.push(handler.payees(j));
        }
        tokens = handler.tokens();
        assertEq(payers.length, 3);
        assertEq(payees.length, 3);
    }

    /// The pool holds exactly deposits - claims - withdrawals, per token, and that equals the sum
    /// of the payers' balances.
    function invariant_balanceIsDepositsMinusClaimsMinusWithdrawals() public view {
        for (uint256 t; t < 2; ++t) {
            address token = tokens[t];
            uint256 held = token == address(0) ? address(pool).balance : btt.balanceOf(address(pool));
            assertEq(held, handler.deposited(token) - handler.paid(token) - handler.withdrawn(token), "held");
            uint256 sum;
            for (uint256 i; i < payers.length; ++i) {
                (uint256 balance, uint256 reserved,) = pool.accountOf(payers[i], token);
                assertLe(reserved, balance, "reserved <= balance");
                sum += balance;
            }
            assertEq(sum, held, "sum of payer balances");
        }
    }

    /// No payee ever receives more from a payer in a generation than the highest voucher signed,
    /// and what payees hold is exactly what the pool paid them.
    function invariant_payeeNeverReceivesMoreThanHighestVoucher() public view {
        for (uint256 t; t < 2; ++t) {
            address token = tokens[t];
            for (uint256 j; j < payees.length; ++j) {
                address payee = payees[j];
                uint256 held = token == address(0) ? payee.balance : btt.balanceOf(payee);
                assertEq(held, handler.receivedByPayee(payee, token), "payee balance");
                for (uint256 i; i < payers.length; ++i) {
                    address payer = payers[i];
                    (,, uint256 generation) = pool.accountOf(payer, token);
                    for (uint256 g; g <= generation; ++g) {
                        bytes32 k = channelKey(payer, payee, token, g);
                        assertLe(handler.received(k), handler.highestVoucher(k), "received <= highest voucher");
                    }
                    (uint256 claimed,) = pool.channelOf(payer, payee, token);
                    assertEq(claimed, handler.received(channelKey(payer, payee, token, generation)), "claimed");
                }
            }
        }
    }

    /// Reservations of the current generation add up to the payer's reserved total.
    function invariant_reservationsAddUp() public view {
        for (uint256 t; t < 2; ++t) {
            for (uint256 i; i < payers.length; ++i) {
                address payer = payers[i];
                (, uint256 reservedTotal,) = pool.accountOf(payer, tokens[t]);
                uint256 sum;
                for (uint256 j; j < payees.length; ++j) {
                    (, uint256 reserved) = pool.channelOf(payer, payees[j], tokens[t]);
                    sum += reserved;
                }
                assertEq(sum, reservedTotal, "reservations");
            }
        }
    }

    /// Credit a payee extended on the strength of `coverOf` is payable in full by a claim at any
    /// moment of the generation (whatever other payees, the payer's own addresses included, claim),
    /// and so is a payee's whole reservation: a voucher of `claimed + reserved` pays entirely now.
    function invariant_coverIsAlwaysPayable() public view {
        for (uint256 t; t < 2; ++t) {
            for (uint256 i; i < payers.length; ++i) {
                address payer = payers[i];
                (,, uint256 generation) = pool.accountOf(payer, tokens[t]);
                for (uint256 j; j < payees.length; ++j) {
                    address payee = payees[j];
                    uint256 promised = handler.promised(channelKey(payer, payee, tokens[t], generation));
                    if (promised != 0) {
                        (, uint256 owed, uint256 payableNow) = pool.claimable(payer, payee, tokens[t], promised, generation);
                        assertEq(payableNow, owed, "promised credit payable in full");
                    }
                    (uint256 claimed, uint256 reserved) = pool.channelOf(payer, payee, tokens[t]);
                    if (reserved != 0) {
                        (, uint256 owed, uint256 payableNow) =
                            pool.claimable(payer, payee, tokens[t], claimed + reserved, generation);
                        assertEq(owed, reserved, "owed");
                        assertEq(payableNow, reserved, "reservation payable in full");
                    }
                }
            }
        }
    }
}
