// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {Messages} from "../../../../contracts/lib/Messages.sol";
import {IPaymentChannels} from "../../../../contracts/payments/IPaymentChannels.sol";
import {PaymentChannels} from "../../../../contracts/payments/PaymentChannels.sol";
import {BTTToken} from "../../../../contracts/token/BTTToken.sol";

/// @dev The handler's ghost key of a channel in a generation (the checks compute it without a call).
function channelKey(address payer, address payee, address token, uint256 generation) pure returns (bytes32) {
    return keccak256(abi.encode(payer, payee, token, generation));
}

/// @dev Drives PaymentChannels with random deposits, reservations, signed vouchers, single and
/// batch claims (stale and lower vouchers included) and withdrawals, keeping ghost totals.
contract PaymentChannelsHandler is Test {
    PaymentChannels public immutable pool;
    BTTToken public immutable btt;
    uint256 public constant PAYERS = 3;
    uint256 public constant PAYEES = 3;

    uint256[PAYERS] internal _keys;
    address[PAYERS] public payers;
    address[PAYEES] public payees;

    /// Per token: everything deposited, paid to payees and withdrawn by payers.
    mapping(address token => uint256) public deposited;
    mapping(address token => uint256) public paid;
    mapping(address token => uint256) public withdrawn;
    /// Highest voucher signed and total received, per (payer, payee, token, generation).
    mapping(bytes32 key => uint256) public highestVoucher;
    mapping(bytes32 key => uint256) public received;
    /// Total received by each payee in each token (checked against real balances).
    mapping(address payee => mapping(address token => uint256)) public receivedByPayee;
    /// Credit a payee extended on the strength of `coverOf` (the cumulative amount it accepted),
    /// and when, per (payer, payee, token, generation).
    mapping(bytes32 key => uint256) public promised;
    mapping(bytes32 key => uint256) public promisedAt;

    constructor(PaymentChannels pool_, BTTToken btt_) {
        pool = pool_;
        btt = btt_;
        for (uint256 i; i < PAYERS; ++i) {
            _keys[i] = 0x1000 + i;
            payers[i] = vm.addr(_keys[i]);
        }
        for (uint256 i; i < PAYEES; ++i) {
            payees[i] = address(uint160(0xBEE0 + i));
        }
    }

    function tokens() public view returns (address[2] memory) {
        return [address(0), address(btt)];
    }

    function key(address payer, address payee, address token, uint256 generation) public pure returns (bytes32) {
        return channelKey(payer, payee, token, generation);
    }

    // ------------------------------------------------------------------ actions

    function deposit(uint256 payerSeed, uint256 tokenSeed, uint256 amount) external {
        (uint256 i, address token) = (payerSeed % PAYERS, tokens()[tokenSeed % 2]);
        amount = bound(amount, 1, 100 ether);
        address payer = payers[i];
        if (token == address(0)) {
            vm.deal(payer, amount);
            vm.prank(payer);
            pool.depositNative{value: amount}();
        } else {
            btt.mint(payer, amount);
            vm.startPrank(payer);
            btt.approve(address(pool), amount);
            pool.deposit(token, amount);
            vm.stopPrank();
        }
        deposited[token] += amount;
    }

    function reserve(uint256 payerSeed, uint256 payeeSeed, uint256 tokenSeed, uint256 amount) external {
        (address payer, address payee, address token) = _pick(payerSeed, payeeSeed, tokenSeed);
        (uint256 balance, uint256 reservedTotal,) = pool.accountOf(payer, token);
        if (balance == reservedTotal) return;
        amount = bound(amount, 1, balance - reservedTotal);
        vm.prank(payer);
        pool.reserve(token, payee, amount);
    }

    function claim(uint256 payerSeed, uint256 payeeSeed, uint256 tokenSeed, uint256 step, bool stale) external {
        (address payer, address payee, address token) = _pick(payerSeed, payeeSeed, tokenSeed);
        IPaymentChannels.Claim memory c = _nextVoucher(payerSeed % PAYERS, payee, token, step, stale);
        uint256 before = _balance(payee, token);
        (uint256 claimedBefore,) = pool.channelOf(payer, payee, token);
        try pool.claim(payee, token, c) returns (uint256 amount) {
            _book(payer, payee, token, amount, claimedBefore);
            assertEq(_balance(payee, token) - before, amount, "claim paid the payee");
        } catch {}
    }

    function claimBatch(uint256 payeeSeed, uint256 tokenSeed, uint256 step, uint256 staleMask) external {
        (, address payee, address token) = _pick(0, payeeSeed, tokenSeed);
        IPaymentChannels.Claim[] memory batch = new IPaymentChannels.Claim[](PAYERS);
        uint256[PAYERS] memory claimedBefore;
        for (uint256 i; i < PAYERS; ++i) {
            batch[i] = _nextVoucher(i, payee, token, uint256(keccak256(abi.encode(step, i))), (staleMask >> i) & 1 == 1);
            (claimedBefore[i],) = pool.channelOf(payers[i], payee, token);
        }
        uint256 before = _balance(payee, token);
        uint256 total = pool.claimBatch(payee, token, batch);
        assertEq(_balance(payee, token) - before, total, "batch paid the payee");
        uint256 sum;
        for (uint256 i; i < PAYERS; ++i) {
            (uint256 claimedAfter,) = pool.channelOf(payers[i], payee, token);
            uint256 one = claimedAfter - claimedBefore[i];
            _book(payers[i], payee, token, one, claimedBefore[i]);
            sum += one;
        }
        assertEq(sum, total, "batch total is the sum of per-payer claims");
    }

    /// A payee follows the advice: it accepts vouchers up to `claimed + covered` and serves.
    function extendCredit(uint256 payerSeed, uint256 payeeSeed, uint256 tokenSeed) external {
        (address payer, address payee, address token) = _pick(payerSeed, payeeSeed, tokenSeed);
        (uint256 covered, uint256 claimed, uint256 generation) = pool.coverOf(payer, payee, token);
        if (covered == 0) return;
        bytes32 k = key(payer, payee, token, generation);
        if (claimed + covered > promised[k]) {
            promised[k] = claimed + covered;
            promisedAt[k] = block.timestamp;
        }
        if (claimed + covered > highestVoucher[k]) highestVoucher[k] = claimed + covered;
    }

    /// Time passes (plans unlock or lapse).
    function wait(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 3 days));
    }

    function planWithdrawal(uint256 payerSeed, uint256 tokenSeed, uint256 amount) external {
        (address payer,, address token) = _pick(payerSeed, 0, tokenSeed);
        (uint256 balance,,) = pool.accountOf(payer, token);
        if (balance == 0) return;
        amount = bound(amount, 1, balance);
        vm.prank(payer);
        pool.planWithdrawal(token, amount);
    }

    function completeWithdrawal(uint256 payerSeed, uint256 tokenSeed) external {
        (address payer,, address token) = _pick(payerSeed, 0, tokenSeed);
        (, uint256 unlockAt) = pool.withdrawalOf(payer, token);
        if (unlockAt == 0) return;
        if (block.timestamp < unlockAt) vm.warp(unlockAt);
        (,, uint256 generation) = pool.accountOf(payer, token);
        for (uint256 j; j < PAYEES; ++j) {
            bytes32 k = key(payer, payees[j], token, generation);
            if (promised[k] == 0) continue;
            // Every payee that extended credit had the whole delay since it did.
            assertGe(block.timestamp, promisedAt[k] + pool.withdrawalDelay(), "payee had the whole delay");
        }
        uint256 before = _balance(payer, token);
        vm.prank(payer);
        uint256 amount = pool.withdraw(token);
        assertEq(_balance(payer, token) - before, amount, "withdrawal paid the payer");
        withdrawn[token] += amount;
    }

    function cancelWithdrawal(uint256 payerSeed, uint256 tokenSeed) external {
        (address payer,, address token) = _pick(payerSeed, 0, tokenSeed);
        (, uint256 unlockAt) = pool.withdrawalOf(payer, token);
        if (unlockAt == 0) return;
        vm.prank(payer);
        pool.cancelWithdrawal(token);
    }

    // ------------------------------------------------------------------ internals

    function _pick(uint256 payerSeed, uint256 payeeSeed, uint256 tokenSeed)
        internal
        view
        returns (address, address, address)
    {
        return (payers[payerSeed % PAYERS], payees[payeeSeed % PAYEES], tokens()[tokenSeed % 2]);
    }

    /// @dev Signs a voucher above (or, sometimes, below) the highest so far; `stale` signs it for
    /// the previous generation instead.
    function _nextVoucher(uint256 i, address payee, address token, uint256 step, bool stale)
        internal
        returns (IPaymentChannels.Claim memory)
    {
        Messages.Voucher memory v = Messages.Voucher(block.chainid, address(pool), payers[i], payee, token, 0, 0);
        (,, v.generation) = pool.accountOf(v.payer, token);
        if (stale && v.generation > 0) v.generation -= 1;
        bytes32 k = key(v.payer, payee, token, v.generation);
        uint256 highest = highestVoucher[k];
        v.cumulativeAmount = step % 5 == 0 && highest > 0 ? highest - 1 : highest + bound(step, 1, 60 ether);
        if (v.cumulativeAmount > highest) highestVoucher[k] = v.cumulativeAmount;
        return _sign(_keys[i], v);
    }

    function _sign(uint256 signerKey, Messages.Voucher memory v) internal pure returns (IPaymentChannels.Claim memory) {
        (uint8 sv, bytes32 r, bytes32 s) = vm.sign(signerKey, Messages.hash(v));
        return IPaymentChannels.Claim(
            v.payer, v.cumulativeAmount, v.generation, r, bytes32(uint256(s) | (sv == 28 ? 1 << 255 : 0))
        );
    }

    function _book(address payer, address payee, address token, uint256 amount, uint256) internal {
        (,, uint256 generation) = pool.accountOf(payer, token);
        received[key(payer, payee, token, generation)] += amount;
        receivedByPayee[payee][token] += amount;
        paid[token] += amount;
    }

    function _balance(address who, address token) internal view returns (uint256) {
        return token == address(0) ? who.balance : btt.balanceOf(who);
    }
}
