// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

import {TokenTransfers} from "../lib/TokenTransfers.sol";
import {IPaymentChannels} from "./IPaymentChannels.sol";
import {Account, AccountLib} from "./libraries/AccountLib.sol";
import {Channel, ChannelLib} from "./libraries/ChannelLib.sol";
import {Plan, PlanLib} from "./libraries/PlanLib.sol";
import {MAX_AMOUNT, MAX_GENERATION} from "./libraries/SlotLayout.sol";
import {VoucherDigest} from "./libraries/VoucherDigest.sol";

/// @title PaymentChannels
/// @notice Pooled deposits paid out by cumulative vouchers (see `IPaymentChannels`). Storage is
/// packed so that a claim reads and writes exactly two slots (the payer's `Account` and the
/// (payer, payee, token) `Channel`, layouts in libraries/AccountLib.sol and ChannelLib.sol) and a batch for one payee
/// transfers once. Native BTT is `address(0)`; ERC-20s that deliver less than asked are rejected.
contract PaymentChannels is IPaymentChannels, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice Bounds of the withdrawal delay: long enough for payees to react, short enough to exit.
    uint256 public constant MIN_WITHDRAWAL_DELAY = 1 hours;
    uint256 public constant MAX_WITHDRAWAL_DELAY = 30 days;
    /// @inheritdoc IPaymentChannels
    uint256 public constant WITHDRAWAL_WINDOW = 1 days;

    /// @inheritdoc IPaymentChannels
    uint256 public immutable withdrawalDelay;

    /// @dev Wrappers so that a claim hashes each mapping key once and keeps a pointer to the slot.
    struct AccountSlot {
        Account packed;
    }

    struct ChannelSlot {
        Channel packed;
    }

    mapping(address payer => mapping(address token => AccountSlot)) private _accounts;
    mapping(address payer => mapping(address payee => mapping(address token => ChannelSlot))) private _channels;
    mapping(address payer => mapping(address token => Plan)) private _plans;

    /// @param withdrawalDelay_ Seconds between planning and completing a withdrawal.
    constructor(uint256 withdrawalDelay_) {
        if (withdrawalDelay_ < MIN_WITHDRAWAL_DELAY || withdrawalDelay_ > MAX_WITHDRAWAL_DELAY) {
            revert PaymentChannelsInvalidDelay(withdrawalDelay_, MIN_WITHDRAWAL_DELAY, MAX_WITHDRAWAL_DELAY);
        }
        withdrawalDelay = withdrawalDelay_;
    }

    // ------------------------------------------------------------------ deposits

    /// @inheritdoc IPaymentChannels
    /// @dev No external call, hence no reentrancy guard.
    function depositNative() external payable {
        _credit(msg.sender, address(0), msg.value);
    }

    /// @inheritdoc IPaymentChannels
    /// @dev The pull has to come before the credit (the credit is what actually arrived); the
    /// guard makes that safe against reentrant tokens.
    function deposit(address token, uint256 amount) external nonReentrant {
        if (token == address(0)) revert PaymentChannelsNativeTokenNotAllowed();
        if (amount == 0) revert PaymentChannelsZeroAmount();
        IERC20 erc20 = IERC20(token);
        uint256 before = erc20.balanceOf(address(this));
        erc20.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = erc20.balanceOf(address(this)) - before;
        if (received != amount) revert PaymentChannelsTransferAmountMismatch(token, amount, received);
        _credit(msg.sender, token, amount);
    }

    /// @inheritdoc IPaymentChannels
    function reserve(address token, address payee, uint256 amount) external {
        if (payee == address(0)) revert PaymentChannelsInvalidPayee(payee);
        if (amount == 0) revert PaymentChannelsZeroAmount();
        Account account = _accounts[msg.sender][token].packed;
        uint256 balance = account.balance();
        uint256 reservedTotal = account.reservedTotal();
        uint256 generation = account.generation();
        // reservedTotal <= balance always holds (reservations come out of the free balance).
        uint256 free = balance - reservedTotal;
        if (amount > free) revert PaymentChannelsInsufficientFreeBalance(msg.sender, token, free, amount);

        Channel channel = _channels[msg.sender][payee][token].packed.inGeneration(generation);
        // Both sums are <= balance <= MAX_AMOUNT because amount <= free.
        uint256 reserved = channel.reserved() + amount;
        _channels[msg.sender][payee][token].packed = ChannelLib.pack(channel.claimed(), reserved, generation);
        _accounts[msg.sender][token].packed = AccountLib.pack(balance, reservedTotal + amount, generation);
        emit Reserved(msg.sender, payee, token, amount, reserved);
        // A plan made before the reservation could end the generation before the payee had the
        // whole delay to claim: the reservation cancels it (lapsed plans are cleared too).
        if (_plans[msg.sender][token].unlockAt() != 0) {
            _plans[msg.sender][token] = Plan.wrap(0);
            emit WithdrawalCancelled(msg.sender, token);
        }
    }

    // ------------------------------------------------------------------ claims

    /// @inheritdoc IPaymentChannels
    function claim(address payee, address token, Claim calldata voucher)
        external
        nonReentrant
        returns (uint256 paid)
    {
        if (payee == address(0)) revert PaymentChannelsInvalidPayee(payee);
        bytes memory failure;
        (paid, failure) = _settle(payee, token, voucher);
        if (failure.length != 0) Address.verifyCallResult(false, failure); // re-throws `failure`
        emit Claimed(voucher.payer, payee, token, voucher.cumulativeAmount, paid);
        _pay(token, payee, paid);
    }

    /// @inheritdoc IPaymentChannels
    function claimBatch(address payee, address token, Claim[] calldata vouchers)
        external
        nonReentrant
        returns (uint256 paid)
    {
        if (payee == address(0)) revert PaymentChannelsInvalidPayee(payee);
        uint256 count = vouchers.length;
        if (count == 0) revert PaymentChannelsEmptyBatch();
        uint256 skipped;
        for (uint256 i; i < count; ++i) {
            (uint256 one, bytes memory failure) = _settle(payee, token, vouchers[i]);
            if (failure.length != 0) {
                emit ClaimSkipped(vouchers[i].payer, payee, token, failure);
                ++skipped;
            }
            // Sum of amounts each taken out of a balance <= MAX_AMOUNT held by this contract.
            paid += one;
        }
        // One event per batch, not per voucher (2.3k gas each): the calldata and `channelOf` say
        // what each payer paid; shortfalls and skips have their own events.
        emit BatchClaimed(payee, token, count - skipped, skipped, paid);
        if (paid != 0) _pay(token, payee, paid);
    }

    // ------------------------------------------------------------------ withdrawals

    /// @inheritdoc IPaymentChannels
    function planWithdrawal(address token, uint256 amount) external {
        if (amount == 0) revert PaymentChannelsZeroAmount();
        Account account = _accounts[msg.sender][token].packed;
        uint256 balance = account.balance();
        if (amount > balance) revert PaymentChannelsInsufficientBalance(msg.sender, token, balance, amount);
        uint256 unlockAt = block.timestamp + withdrawalDelay;
        _plans[msg.sender][token] = PlanLib.pack(amount, unlockAt);
        emit WithdrawalPlanned(msg.sender, token, amount, unlockAt, account.generation());
    }

    /// @inheritdoc IPaymentChannels
    function cancelWithdrawal(address token) external {
        if (_plans[msg.sender][token].unlockAt() == 0) revert PaymentChannelsNoWithdrawalPlanned(msg.sender, token);
        _plans[msg.sender][token] = Plan.wrap(0);
        emit WithdrawalCancelled(msg.sender, token);
    }

    /// @inheritdoc IPaymentChannels
    function withdraw(address token) external nonReentrant returns (uint256 amount) {
        Plan plan = _plans[msg.sender][token];
        uint256 unlockAt = plan.unlockAt();
        if (unlockAt == 0) revert PaymentChannelsNoWithdrawalPlanned(msg.sender, token);
        if (block.timestamp < unlockAt) {
            revert PaymentChannelsWithdrawalLocked(msg.sender, token, unlockAt, block.timestamp);
        }
        if (block.timestamp >= unlockAt + WITHDRAWAL_WINDOW) {
            revert PaymentChannelsWithdrawalLapsed(msg.sender, token, unlockAt + WITHDRAWAL_WINDOW, block.timestamp);
        }
        Account account = _accounts[msg.sender][token].packed;
        uint256 balance = account.balance();
        // Claims during the delay may have lowered the balance below the planned amount.
        amount = plan.amount() < balance ? plan.amount() : balance;
        // A generation is at least `MIN_WITHDRAWAL_DELAY` long: 2^32 of them take ~490,000 years.
        uint256 generation = account.generation() + 1;
        assert(generation <= MAX_GENERATION);
        _plans[msg.sender][token] = Plan.wrap(0);
        // The new generation starts with no reservations (they lasted until now).
        _accounts[msg.sender][token].packed = AccountLib.pack(balance - amount, 0, generation);
        emit Withdrawn(msg.sender, token, amount, generation);
        _pay(token, msg.sender, amount);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IPaymentChannels
    function accountOf(address payer, address token)
        external
        view
        returns (uint256 balance, uint256 reserved, uint256 generation)
    {
        Account account = _accounts[payer][token].packed;
        return (account.balance(), account.reservedTotal(), account.generation());
    }

    /// @inheritdoc IPaymentChannels
    function channelOf(address payer, address payee, address token)
        external
        view
        returns (uint256 claimed, uint256 reserved)
    {
        Channel channel = _channels[payer][payee][token].packed.inGeneration(_accounts[payer][token].packed.generation());
        return (channel.claimed(), channel.reserved());
    }

    /// @inheritdoc IPaymentChannels
    function withdrawalOf(address payer, address token) external view returns (uint256 amount, uint256 unlockAt) {
        Plan plan = _plans[payer][token];
        if (!_isLive(plan)) return (0, 0);
        return (plan.amount(), plan.unlockAt());
    }

    /// @inheritdoc IPaymentChannels
    function coverOf(address payer, address payee, address token)
        external
        view
        returns (uint256 covered, uint256 claimed, uint256 generation)
    {
        generation = _accounts[payer][token].packed.generation();
        Channel channel = _channels[payer][payee][token].packed.inGeneration(generation);
        claimed = channel.claimed();
        covered = _isLive(_plans[payer][token]) ? 0 : channel.reserved();
    }

    /// @inheritdoc IPaymentChannels
    function claimable(address payer, address payee, address token, uint256 cumulativeAmount, uint256 generation)
        external
        view
        returns (uint256 covered, uint256 owed, uint256 payableNow)
    {
        Account account = _accounts[payer][token].packed;
        if (generation != account.generation()) return (0, 0, 0);
        Channel channel = _channels[payer][payee][token].packed.inGeneration(generation);
        uint256 cumulative = cumulativeAmount < MAX_AMOUNT ? cumulativeAmount : MAX_AMOUNT;
        if (cumulative <= channel.claimed()) return (0, 0, 0);
        owed = cumulative - channel.claimed();
        uint256 reserved = channel.reserved();
        uint256 available = account.balance() - account.reservedTotal() + reserved;
        payableNow = owed < available ? owed : available;
        if (!_isLive(_plans[payer][token])) covered = owed < reserved ? owed : reserved;
    }

    // ------------------------------------------------------------------ internals

    /// @dev A plan is live from planning until its window closes (it can still end the generation).
    function _isLive(Plan plan) private view returns (bool) {
        uint256 unlockAt = plan.unlockAt();
        return unlockAt != 0 && block.timestamp < unlockAt + WITHDRAWAL_WINDOW;
    }

    function _credit(address payer, address token, uint256 amount) private {
        if (amount == 0) revert PaymentChannelsZeroAmount();
        Account account = _accounts[payer][token].packed;
        uint256 balance = account.balance() + amount;
        if (balance > MAX_AMOUNT) {
            revert PaymentChannelsBalanceOverflow(payer, token, account.balance(), amount, MAX_AMOUNT);
        }
        _accounts[payer][token].packed = AccountLib.pack(balance, account.reservedTotal(), account.generation());
        emit Deposited(payer, token, amount, balance);
    }

    /// @dev Checks one voucher and books its payment (effects only; the caller transfers).
    /// Returns the amount to pay, or an ABI-encoded custom error saying why the voucher pays nothing.
    /// The checks that need no signature come first, so bad vouchers are cheap to reject.
    function _settle(address payee, address token, Claim calldata voucher)
        private
        returns (uint256 paid, bytes memory failure)
    {
        AccountSlot storage accountSlot = _accounts[voucher.payer][token];
        Account account = accountSlot.packed;
        if (voucher.generation != account.generation()) {
            return (0, abi.encodeWithSelector(
                PaymentChannelsWrongGeneration.selector, voucher.payer, token, voucher.generation, account.generation()
            ));
        }
        ChannelSlot storage channelSlot = _channels[voucher.payer][payee][token];
        Channel channel = channelSlot.packed.inGeneration(account.generation());
        uint256 owed;
        {
            // Amounts above MAX_AMOUNT can never be paid; capping keeps `claimed` inside its field.
            uint256 cumulative = voucher.cumulativeAmount < MAX_AMOUNT ? voucher.cumulativeAmount : MAX_AMOUNT;
            if (cumulative <= channel.claimed()) {
                return (0, abi.encodeWithSelector(
                    PaymentChannelsNothingToClaim.selector,
                    voucher.payer,
                    payee,
                    voucher.cumulativeAmount,
                    channel.claimed()
                ));
            }
            owed = cumulative - channel.claimed();
        }
        {
            address signer = _signer(payee, token, voucher);
            if (signer != voucher.payer || signer == address(0)) {
                return (0, abi.encodeWithSelector(PaymentChannelsInvalidSignature.selector, voucher.payer, signer));
            }
        }
        return _book(accountSlot, channelSlot, owed, voucher.payer, payee, token);
    }

    /// @dev Pays `owed` out of what the payer's deposit has available to `payee` (its reservation
    /// first: money set aside for exactly this payee), writing both slots once.
    function _book(
        AccountSlot storage accountSlot,
        ChannelSlot storage channelSlot,
        uint256 owed,
        address payer,
        address payee,
        address token
    ) private returns (uint256 paid, bytes memory failure) {
        // Both slots are warm here (read by `_settle`): 100 gas each.
        Account account = accountSlot.packed;
        Channel channel = channelSlot.packed.inGeneration(account.generation());
        uint256 reserved = channel.reserved();
        // reserved <= reservedTotal <= balance, so this never underflows.
        uint256 available = account.balance() - account.reservedTotal() + reserved;
        if (available == 0) {
            return (0, abi.encodeWithSelector(PaymentChannelsInsolvent.selector, payer, payee, token, owed));
        }
        paid = owed < available ? owed : available;
        uint256 fromReserved = paid < reserved ? paid : reserved;
        unchecked {
            // claimed + paid <= cumulative <= MAX_AMOUNT; fromReserved <= reserved <= reservedTotal;
            // paid <= available <= balance.
            channelSlot.packed =
                ChannelLib.pack(channel.claimed() + paid, reserved - fromReserved, account.generation());
            accountSlot.packed = AccountLib.pack(
                account.balance() - paid, account.reservedTotal() - fromReserved, account.generation()
            );
        }
        if (paid < owed) emit ClaimShortfall(payer, payee, token, owed, paid);
    }

    /// @dev Signer of the voucher as this contract on this chain sees it; zero for a malformed or
    /// high-s signature (a compact signature cannot express most high-s values at all).
    function _signer(address payee, address token, Claim calldata voucher) private view returns (address signer) {
        bytes32 digest = VoucherDigest.hash(
            block.chainid, address(this), voucher.payer, payee, token, voucher.cumulativeAmount, voucher.generation
        );
        ECDSA.RecoverError err;
        (signer, err,) = ECDSA.tryRecover(digest, voucher.r, voucher.vs);
        if (err != ECDSA.RecoverError.NoError) signer = address(0);
    }

    function _pay(address token, address to, uint256 amount) private {
        if (amount == 0) return;
        if (token == address(0)) {
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok,) = to.call{value: amount}("");
            if (!ok) revert PaymentChannelsNativeTransferFailed(to, amount);
        } else {
            TokenTransfers.safeTransferExact(IERC20(token), to, amount);
        }
    }
}
