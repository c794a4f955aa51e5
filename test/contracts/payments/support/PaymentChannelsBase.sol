// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {Messages} from "../../../../contracts/lib/Messages.sol";
import {IPaymentChannels} from "../../../../contracts/payments/IPaymentChannels.sol";
import {PaymentChannels} from "../../../../contracts/payments/PaymentChannels.sol";
import {BTTToken} from "../../../../contracts/token/BTTToken.sol";

/// @dev Shared fixture of the payments tests: a pool with a one-day delay, a test token, and
/// helpers that sign vouchers like the SDK does.
abstract contract PaymentChannelsBase is Test {
    uint256 internal constant DELAY = 1 days;
    address internal constant NATIVE = address(0);
    uint256 internal constant HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    PaymentChannels internal pool;
    BTTToken internal btt;

    uint256 internal payerKey = 0xA11CE;
    address internal payer;
    address internal payee = makeAddr("payee");
    address internal payee2 = makeAddr("payee2");
    address internal stranger = makeAddr("stranger");

    function setUp() public virtual {
        pool = new PaymentChannels(DELAY);
        btt = new BTTToken(address(this));
        payer = vm.addr(payerKey);
        vm.deal(payer, 1_000 ether);
        btt.mint(payer, 1_000 ether);
        vm.prank(payer);
        btt.approve(address(pool), type(uint256).max);
    }

    function _voucher(address to, address token, uint256 cumulative, uint256 generation)
        internal
        view
        returns (Messages.Voucher memory)
    {
        return Messages.Voucher({
            chainId: block.chainid,
            pool: address(pool),
            payer: payer,
            payee: to,
            token: token,
            cumulativeAmount: cumulative,
            generation: generation
        });
    }

    /// @dev Signs `v` with `key` and returns it in claim form (EIP-2098 compact signature).
    function _sign(uint256 key, Messages.Voucher memory v) internal pure returns (IPaymentChannels.Claim memory c) {
        (uint8 sv, bytes32 r, bytes32 s) = vm.sign(key, Messages.hash(v));
        c = IPaymentChannels.Claim({
            payer: v.payer,
            cumulativeAmount: v.cumulativeAmount,
            generation: v.generation,
            r: r,
            vs: bytes32(uint256(s) | (sv == 28 ? uint256(1) << 255 : 0))
        });
    }

    function _claimOf(address to, address token, uint256 cumulative, uint256 generation)
        internal
        view
        returns (IPaymentChannels.Claim memory)
    {
        return _sign(payerKey, _voucher(to, token, cumulative, generation));
    }

    function _depositNative(uint256 amount) internal {
        vm.prank(payer);
        pool.depositNative{value: amount}();
    }

    function _balanceOf(address token) internal view returns (uint256 balance) {
        (balance,,) = pool.accountOf(payer, token);
    }

    function _generation(address token) internal view returns (uint256 generation) {
        (,, generation) = pool.accountOf(payer, token);
    }
}
