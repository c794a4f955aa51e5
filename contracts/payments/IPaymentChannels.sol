// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IPaymentChannels
/// @notice Bandwidth payments (DESIGN section 8): a payer keeps one pooled deposit per token
/// (native BTT is `address(0)`, or an ERC-20) and pays any number of payees with cumulative
/// EIP-712 `Voucher`s (contracts/lib/Messages.sol). Anyone may submit a voucher; the funds always
/// go to its payee. The payer leaves only through a planned withdrawal: it is announced by an
/// event, waits `withdrawalDelay()` seconds during which payees still claim, and on completion
/// bumps the payer's generation for that token, which kills every voucher signed before. A plan
/// can be completed only during `WITHDRAWAL_WINDOW` seconds after it unlocks; after that it lapses
/// (a payer that still wants to leave plans again and waits the whole delay again).
///
/// Reservations: a payer may reserve part of its deposit for one payee. A claim by that payee
/// draws on its reservation first; other payees can never draw on it. Reservations cannot be
/// lowered directly: they last until the current generation ends, i.e. until a planned
/// withdrawal completes. A reservation cancels any planned withdrawal, so a reserved payee always
/// has the whole delay to claim.
///
/// Credit rule: only a reservation is cover. The free (unreserved) balance is first come, first
/// served among all payees, the payer's own other addresses included, so a payee extends credit
/// only up to what is reserved for it (`coverOf`, `claimable`), and nothing while a withdrawal
/// plan is live (the payee claims instead).
interface IPaymentChannels {
    /// @notice A voucher as submitted for a claim. The chain id, the pool, the payee and the token
    /// of the signed `Voucher` are not passed: the contract fills in its own chain id and address
    /// and the payee and token of the call, so a voucher for anything else fails to recover.
    /// @param payer Signer of the voucher, whose deposit pays.
    /// @param cumulativeAmount Total owed to the payee in this generation (not an increment).
    /// @param generation The payer's generation the voucher was signed for.
    /// @param r Signature `r`.
    /// @param vs Compact signature `s` with the parity of `v` in the top bit (EIP-2098).
    struct Claim {
        address payer;
        uint256 cumulativeAmount;
        uint256 generation;
        bytes32 r;
        bytes32 vs;
    }

    /// @notice `payer` added `amount` of `token` to its deposit, now `balance`.
    event Deposited(address indexed payer, address indexed token, uint256 amount, uint256 balance);

    /// @notice `payer` reserved `amount` of `token` for `payee`, whose reservation is now `reserved`.
    event Reserved(address indexed payer, address indexed payee, address indexed token, uint256 amount, uint256 reserved);

    /// @notice `payee` received `paid` of `token` from `payer`'s deposit for a voucher of `cumulativeAmount`.
    event Claimed(
        address indexed payer, address indexed payee, address indexed token, uint256 cumulativeAmount, uint256 paid
    );

    /// @notice A batch paid `payee` a total of `paid` of `token` for `claimed` vouchers and skipped `skipped`.
    event BatchClaimed(address indexed payee, address indexed token, uint256 claimed, uint256 skipped, uint256 paid);

    /// @notice The deposit could not cover a voucher: `payee` got `paid` of the `owed` amount.
    event ClaimShortfall(
        address indexed payer, address indexed payee, address indexed token, uint256 owed, uint256 paid
    );

    /// @notice A voucher in a batch was skipped; `reason` is the custom error a single claim would revert with.
    event ClaimSkipped(address indexed payer, address indexed payee, address indexed token, bytes reason);

    /// @notice `payer` plans to withdraw `amount` of `token` at `unlockAt`, ending `generation`.
    /// Payees holding vouchers of that generation must claim before `unlockAt`.
    event WithdrawalPlanned(
        address indexed payer, address indexed token, uint256 amount, uint256 unlockAt, uint256 generation
    );

    /// @notice `payer` cancelled its planned withdrawal of `token`.
    event WithdrawalCancelled(address indexed payer, address indexed token);

    /// @notice `payer` withdrew `amount` of `token`; vouchers below `newGeneration` are void.
    event Withdrawn(address indexed payer, address indexed token, uint256 amount, uint256 newGeneration);

    /// @notice The withdrawal delay given at deployment is outside `[min, max]` seconds.
    error PaymentChannelsInvalidDelay(uint256 delay, uint256 min, uint256 max);
    /// @notice An amount of zero was given where a positive amount is required.
    error PaymentChannelsZeroAmount();
    /// @notice `deposit` was called for native BTT; use `depositNative`.
    error PaymentChannelsNativeTokenNotAllowed();
    /// @notice The token delivered `received` instead of `amount` (fee-on-transfer or rebasing token).
    error PaymentChannelsTransferAmountMismatch(address token, uint256 amount, uint256 received);
    /// @notice The deposit would exceed the largest balance the packed layout holds.
    error PaymentChannelsBalanceOverflow(address payer, address token, uint256 balance, uint256 amount, uint256 max);
    /// @notice The payer's unreserved balance `free` is below `amount`.
    error PaymentChannelsInsufficientFreeBalance(address payer, address token, uint256 free, uint256 amount);
    /// @notice The payer's balance is below the `amount` asked.
    error PaymentChannelsInsufficientBalance(address payer, address token, uint256 balance, uint256 amount);
    /// @notice The payee is the zero address.
    error PaymentChannelsInvalidPayee(address payee);
    /// @notice A batch with no vouchers.
    error PaymentChannelsEmptyBatch();
    /// @notice The voucher's generation is not the payer's current generation.
    error PaymentChannelsWrongGeneration(address payer, address token, uint256 generation, uint256 current);
    /// @notice The voucher does not raise the amount already claimed.
    error PaymentChannelsNothingToClaim(address payer, address payee, uint256 cumulativeAmount, uint256 claimed);
    /// @notice The signature is malformed or high-s, or recovers to `recovered` instead of `payer`.
    error PaymentChannelsInvalidSignature(address payer, address recovered);
    /// @notice Nothing of the payer's deposit is available to this payee; `owed` stays unpaid.
    error PaymentChannelsInsolvent(address payer, address payee, address token, uint256 owed);
    /// @notice `payer` has no planned withdrawal of `token`.
    error PaymentChannelsNoWithdrawalPlanned(address payer, address token);
    /// @notice The planned withdrawal unlocks at `unlockAt`; it is now `timestamp`.
    error PaymentChannelsWithdrawalLocked(address payer, address token, uint256 unlockAt, uint256 timestamp);
    /// @notice The planned withdrawal could be completed only before `lapsedAt`; it is now
    /// `timestamp`. Plan again (the delay starts over).
    error PaymentChannelsWithdrawalLapsed(address payer, address token, uint256 lapsedAt, uint256 timestamp);
    /// @notice Sending `amount` of native BTT to `to` failed.
    error PaymentChannelsNativeTransferFailed(address to, uint256 amount);

    /// @notice Adds `msg.value` native BTT to the caller's deposit (first deposit or top-up).
    /// Requirements: `msg.value > 0`. Emits `Deposited`.
    function depositNative() external payable;

    /// @notice Pulls `amount` of the ERC-20 `token` (approved beforehand) into the caller's deposit.
    /// Requirements: `token != address(0)`, `amount > 0`, the token delivers exactly `amount`.
    /// Emits `Deposited`.
    function deposit(address token, uint256 amount) external;

    /// @notice Reserves `amount` of the caller's free `token` balance for `payee` until the current
    /// generation ends, and cancels the caller's planned withdrawal of `token` if there is one
    /// (emitting `WithdrawalCancelled`): a withdrawal that ends the generation must be planned
    /// after the reservation, so the payee has the whole delay to claim.
    /// Requirements: `amount > 0`, `payee != 0`, `amount <=` free balance. Emits `Reserved`.
    function reserve(address token, address payee, uint256 amount) external;

    /// @notice Claims one voucher for `payee`; pays `min(cumulative - claimed, available)`.
    /// Reverts with the error explaining why a voucher pays nothing. Emits `Claimed` (and
    /// `ClaimShortfall` when the deposit was short).
    /// @return paid The amount sent to `payee`.
    function claim(address payee, address token, Claim calldata voucher) external returns (uint256 paid);

    /// @notice Claims many vouchers of different payers for one `payee` and `token`, paying the
    /// total in one transfer. A bad voucher is skipped with `ClaimSkipped`, never reverting the batch.
    /// Emits one `BatchClaimed` (no per-voucher `Claimed`, to save gas) and `ClaimShortfall` per short voucher.
    /// @return paid The total sent to `payee`.
    function claimBatch(address payee, address token, Claim[] calldata vouchers) external returns (uint256 paid);

    /// @notice Announces the withdrawal of `amount` of `token` after `withdrawalDelay()`; replaces
    /// any earlier plan and restarts the delay. Requirements: `0 < amount <=` balance.
    /// Emits `WithdrawalPlanned`.
    function planWithdrawal(address token, uint256 amount) external;

    /// @notice Cancels the caller's planned (or lapsed) withdrawal of `token`. Emits `WithdrawalCancelled`.
    function cancelWithdrawal(address token) external;

    /// @notice Completes the caller's planned withdrawal of `token`: sends `min(planned, balance)`,
    /// releases all reservations and bumps the generation. Only in `[unlockAt, unlockAt +
    /// WITHDRAWAL_WINDOW)`: earlier reverts `PaymentChannelsWithdrawalLocked`, later
    /// `PaymentChannelsWithdrawalLapsed`. Emits `Withdrawn`.
    /// @return amount The amount sent to the caller.
    function withdraw(address token) external returns (uint256 amount);

    /// @notice Seconds between planning and completing a withdrawal.
    function withdrawalDelay() external view returns (uint256);

    /// @notice Seconds after `unlockAt` during which a planned withdrawal can be completed.
    function WITHDRAWAL_WINDOW() external view returns (uint256); // solhint-disable-line func-name-mixedcase

    /// @notice The payer's deposit of `token`: balance, total reserved, current generation.
    function accountOf(address payer, address token)
        external
        view
        returns (uint256 balance, uint256 reserved, uint256 generation);

    /// @notice What `payee` has claimed from `payer` in the current generation and its reservation.
    function channelOf(address payer, address payee, address token)
        external
        view
        returns (uint256 claimed, uint256 reserved);

    /// @notice The live planned withdrawal of `payer` for `token` (`unlockAt == 0`: none, or lapsed).
    function withdrawalOf(address payer, address token) external view returns (uint256 amount, uint256 unlockAt);

    /// @notice What a (valid) voucher is owed, how much of that is covered, and what a claim would
    /// pay now. Does not check the signature; returns zeros for a voucher of another generation.
    /// @return covered The part of `owed` the payee can count on: at most its remaining
    /// reservation, and zero while the payer has a live withdrawal plan (the payee claims instead).
    /// Extend credit only while `covered == owed`.
    /// @return owed The voucher's amount beyond what the payee has claimed in this generation.
    /// @return payableNow What a claim would pay right now (reservation plus the free balance,
    /// which anyone owed by the payer may take first): not cover.
    function claimable(address payer, address payee, address token, uint256 cumulativeAmount, uint256 generation)
        external
        view
        returns (uint256 covered, uint256 owed, uint256 payableNow);

    /// @notice What `payee` can count on from `payer`'s `token` deposit beyond what it has claimed:
    /// its remaining reservation, or zero while the payer has a live withdrawal plan. A payee
    /// accepts vouchers up to a cumulative amount of `claimed + covered` of generation `generation`.
    function coverOf(address payer, address payee, address token)
        external
        view
        returns (uint256 covered, uint256 claimed, uint256 generation);
}
