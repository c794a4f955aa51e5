// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {IStakeManager} from "../IStakeManager.sol";

/// @title StakePool
/// @notice Share accounting of one validator's pool, O(1) per action.
/// - Bonded pool: `stake` tokens back `shares`; buying mints at `shares/stake`, selling burns at
///   `stake/shares`, both rounded in the pool's favour. Rewards never touch the rate (they go to the
///   accumulator), so only slashing moves it, and only down.
/// - Unbonding pool: sold tokens become shares of `unbondingStake` so that slashing reaches them too.
/// - Rewards follow stake held through the epoch: `rewardPerShare` (scaled by 1e36) grows once per
///   epoch, when `advanceEpoch` pays the pool, by the pool's reward scaled to the shares held since
///   the epoch's start (`earnedShare`) and divided over those shares; the unearned part is not paid.
///   Shares bought in epoch `e` are pending: they count for `e + 1`'s set and earn from the
///   accumulator value at the end of `e` on (recorded per pool in `accAtEpochEnd`). Shares sold are
///   settled at the value of the previous epoch's end, so they earn nothing for the running epoch.
///   A delegation's reward is `earning * rewardPerShare - rewardDebt` (debt rounded up) plus its
///   matured pending shares' `shares * (rewardPerShare - accAtEpochEnd)`, so the sum of what
///   delegations can claim never exceeds what the pool was paid.
library StakePool {
    uint256 internal constant ACC = 1e36;
    uint256 internal constant BPS = 10_000;

    /// @notice The pool's shares and stake are positive but do not back each other (cannot happen
    /// with slashing capped below 100%; kept as a guard).
    error StakePoolInsolvent(uint256 stake, uint256 shares);

    /// @notice Brings the pool to epoch `epoch` before it changes: records the shares held at the
    /// epoch's start, and matures the shares bought in an earlier epoch (recording the accumulator
    /// value they earn from). Call before `settle`, `buy` and `sell`.
    function sync(
        IStakeManager.Validator storage p,
        mapping(uint256 => uint256) storage accAtEpochEnd,
        uint256 epoch
    ) internal {
        if (p.pendingShares != 0 && p.pendingEpoch < epoch) {
            accAtEpochEnd[p.pendingEpoch] = p.pendingAccSet ? p.pendingAcc : p.rewardPerShare;
            p.pendingShares = 0;
            p.pendingAccSet = false;
        }
        if (p.startEpoch < epoch) {
            p.startShares = p.shares;
            p.startEpoch = uint64(epoch);
        }
    }

    /// @notice Rewards `d` can claim in epoch `epoch` (a view: works on an unsynced pool too).
    function pending(
        IStakeManager.Validator storage p,
        IStakeManager.Delegation storage d,
        mapping(uint256 => uint256) storage accAtEpochEnd,
        uint256 epoch
    ) internal view returns (uint256 amount) {
        uint256 acc = p.rewardPerShare;
        uint256 accrued = Math.mulDiv(d.shares - d.pendingShares, acc, ACC);
        amount = d.rewards + (accrued > d.rewardDebt ? accrued - d.rewardDebt : 0);
        uint256 maturing = d.pendingShares;
        if (maturing != 0 && d.pendingEpoch < epoch) {
            uint256 from = _maturedAt(p, accAtEpochEnd, d.pendingEpoch);
            amount += Math.mulDiv(maturing, acc - from, ACC);
        }
    }

    /// @notice Moves `d`'s rewards into `d.rewards` and matures its pending shares of an earlier
    /// epoch. Works on an unsynced pool (`_maturedAt` reads its pending batch); sync it first
    /// when shares are about to change.
    function settle(
        IStakeManager.Validator storage p,
        IStakeManager.Delegation storage d,
        mapping(uint256 => uint256) storage accAtEpochEnd,
        uint256 epoch
    ) internal {
        d.rewards = pending(p, d, accAtEpochEnd, epoch);
        if (d.pendingShares != 0 && d.pendingEpoch < epoch) d.pendingShares = 0;
        _resetDebt(p, d);
    }

    /// @notice Value in tokens of `shares` of the bonded pool (rounded down).
    function valueOf(IStakeManager.Validator storage p, uint256 shares) internal view returns (uint256) {
        return p.shares == 0 ? 0 : Math.mulDiv(shares, p.stake, p.shares);
    }

    /// @notice Buys bonded shares for `amount` tokens, pending until the next epoch. The pool must
    /// be synced and `d` settled.
    function buy(IStakeManager.Validator storage p, IStakeManager.Delegation storage d, uint256 amount, uint256 epoch)
        internal
        returns (uint256 shares)
    {
        shares = _sharesFor(amount, p.stake, p.shares);
        p.stake += amount;
        p.shares += shares;
        p.pendingShares += shares;
        p.pendingEpoch = uint64(epoch);
        d.shares += shares;
        // Below 2^192: shares are minted 1:1 for tokens at most, and the token supply is far below.
        d.pendingShares += uint192(shares);
        d.pendingEpoch = uint64(epoch);
    }

    /// @notice Sells bonded shares (this epoch's pending ones first) into the unbonding pool;
    /// returns the token amount and the unbonding shares minted for it. The pool must be synced
    /// and `d` settled.
    function sell(IStakeManager.Validator storage p, IStakeManager.Delegation storage d, uint256 shares)
        internal
        returns (uint256 amount, uint256 unbondingShares)
    {
        amount = Math.mulDiv(shares, p.stake, p.shares);
        uint256 fromPending = Math.min(shares, d.pendingShares);
        if (fromPending != 0) {
            d.pendingShares -= uint192(fromPending);
            p.pendingShares -= fromPending;
        }
        d.shares -= shares;
        p.shares -= shares;
        p.stake -= amount;
        _resetDebt(p, d);
        unbondingShares = _sharesFor(amount, p.unbondingStake, p.unbondingShares);
        p.unbondingStake += amount;
        p.unbondingShares += unbondingShares;
    }

    /// @notice Burns unbonding shares; returns their token value.
    function release(IStakeManager.Validator storage p, uint256 unbondingShares) internal returns (uint256 amount) {
        amount = Math.mulDiv(unbondingShares, p.unbondingStake, p.unbondingShares);
        p.unbondingShares -= unbondingShares;
        p.unbondingStake -= amount;
    }

    /// @notice Pays the pool its reward for epoch `epoch` (which is ending): `reward` scaled by the
    /// shares held through the epoch over the shares at its start. Of the earned part, `commissionBps`
    /// is returned as `commission` for the validator; the rest goes to the earning shares.
    /// @return earned The part of `reward` paid (commission included); the caller keeps the rest.
    function payEpoch(IStakeManager.Validator storage p, uint256 reward, uint256 commissionBps, uint256 epoch)
        internal
        returns (uint256 earned, uint256 commission)
    {
        uint256 pendingNow = p.pendingShares;
        bool pendingOfThisEpoch = pendingNow != 0 && p.pendingEpoch == epoch;
        // Shares of an earlier epoch mature at the value before this payment (their first epoch's end).
        if (pendingNow != 0 && !pendingOfThisEpoch && !p.pendingAccSet) {
            p.pendingAcc = p.rewardPerShare;
            p.pendingAccSet = true;
        }
        uint256 total = p.shares;
        uint256 earning = pendingOfThisEpoch ? total - pendingNow : total;
        uint256 atStart = p.startEpoch == epoch ? p.startShares : total;
        if (earning != 0) {
            // earning <= atStart (shares held since the start minus those sold since); `>=` also
            // covers a pool recorded empty at the start, which is never in that epoch's set.
            earned = earning >= atStart ? reward : Math.mulDiv(reward, earning, atStart);
            commission = earned * commissionBps / BPS;
            if (earned > commission) p.rewardPerShare += Math.mulDiv(earned - commission, ACC, earning);
        }
        // This epoch's buyers start earning from the value after this payment.
        if (pendingOfThisEpoch) {
            p.pendingAcc = p.rewardPerShare;
            p.pendingAccSet = true;
        }
    }

    /// @notice Removes `bps` of both the bonded and the unbonding pool; returns the tokens removed.
    function slash(IStakeManager.Validator storage p, uint256 bps)
        internal
        returns (uint256 fromBonded, uint256 fromUnbonding)
    {
        fromBonded = p.stake * bps / BPS;
        fromUnbonding = p.unbondingStake * bps / BPS;
        p.stake -= fromBonded;
        p.unbondingStake -= fromUnbonding;
    }

    /// @dev Accumulator value from which shares bought in `boughtIn` earn (that epoch has ended).
    function _maturedAt(
        IStakeManager.Validator storage p,
        mapping(uint256 => uint256) storage accAtEpochEnd,
        uint256 boughtIn
    ) private view returns (uint256) {
        // Not synced since: the pool's pending batch is still this one.
        if (p.pendingShares != 0 && p.pendingEpoch == boughtIn) return p.pendingAccSet ? p.pendingAcc : p.rewardPerShare;
        return accAtEpochEnd[boughtIn];
    }

    function _resetDebt(IStakeManager.Validator storage p, IStakeManager.Delegation storage d) private {
        d.rewardDebt = Math.mulDiv(d.shares - d.pendingShares, p.rewardPerShare, ACC, Math.Rounding.Ceil);
    }

    /// @dev Shares minted for `amount` at rate `totalShares/poolStake` (1:1 for an empty pool).
    function _sharesFor(uint256 amount, uint256 poolStake, uint256 totalShares) private pure returns (uint256 shares) {
        if (totalShares == 0) return amount;
        if (poolStake == 0) revert StakePoolInsolvent(poolStake, totalShares);
        shares = Math.mulDiv(amount, totalShares, poolStake);
        if (shares == 0) revert IStakeManager.StakeManagerZeroShares(amount);
    }
}
