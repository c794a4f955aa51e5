// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {IStakeManager} from "./IStakeManager.sol";

/// @title StakePool
/// @notice Share accounting of one validator's pool, O(1) per action.
/// - Bonded pool: `stake` tokens back `shares`; buying mints at `shares/stake`, selling burns at
///   `stake/shares`, both rounded in the pool's favour. Rewards never touch the rate (they go to the
///   accumulator), so only slashing moves it, and only down.
/// - Unbonding pool: sold tokens become shares of `unbondingStake` so that slashing reaches them too.
/// - Rewards: `rewardPerShare` (scaled by 1e36) grows when the pool is paid; a delegation's pending
///   reward is `shares * rewardPerShare - rewardDebt`, with the debt rounded up so that the sum of
///   what delegations can claim never exceeds what the pool was paid.
library StakePool {
    uint256 internal constant ACC = 1e36;
    uint256 internal constant BPS = 10_000;

    /// @notice The pool's shares and stake are positive but do not back each other (cannot happen
    /// with slashing capped below 100%; kept as a guard).
    error StakePoolInsolvent(uint256 stake, uint256 shares);

    function pending(IStakeManager.Validator storage p, IStakeManager.Delegation storage d)
        internal
        view
        returns (uint256)
    {
        uint256 accrued = Math.mulDiv(d.shares, p.rewardPerShare, ACC);
        return d.rewards + (accrued > d.rewardDebt ? accrued - d.rewardDebt : 0);
    }

    /// @notice Moves accrued rewards into `d.rewards`; call before changing `d.shares`, then `resetDebt`.
    function settle(IStakeManager.Validator storage p, IStakeManager.Delegation storage d) internal {
        d.rewards = pending(p, d);
        resetDebt(p, d);
    }

    function resetDebt(IStakeManager.Validator storage p, IStakeManager.Delegation storage d) internal {
        d.rewardDebt = Math.mulDiv(d.shares, p.rewardPerShare, ACC, Math.Rounding.Ceil);
    }

    /// @notice Value in tokens of `shares` of the bonded pool (rounded down).
    function valueOf(IStakeManager.Validator storage p, uint256 shares) internal view returns (uint256) {
        return p.shares == 0 ? 0 : Math.mulDiv(shares, p.stake, p.shares);
    }

    /// @notice Buys bonded shares for `amount` tokens (settles first).
    function buy(IStakeManager.Validator storage p, IStakeManager.Delegation storage d, uint256 amount)
        internal
        returns (uint256 shares)
    {
        shares = _sharesFor(amount, p.stake, p.shares);
        settle(p, d);
        p.stake += amount;
        p.shares += shares;
        d.shares += shares;
        resetDebt(p, d);
    }

    /// @notice Sells bonded shares into the unbonding pool; returns the token amount and the
    /// unbonding shares minted for it (settles first).
    function sell(IStakeManager.Validator storage p, IStakeManager.Delegation storage d, uint256 shares)
        internal
        returns (uint256 amount, uint256 unbondingShares)
    {
        amount = Math.mulDiv(shares, p.stake, p.shares);
        settle(p, d);
        d.shares -= shares;
        p.shares -= shares;
        p.stake -= amount;
        resetDebt(p, d);
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

    /// @notice Pays `amount` to the pool's shareholders through the accumulator. Requires shares.
    function distribute(IStakeManager.Validator storage p, uint256 amount) internal {
        p.rewardPerShare += Math.mulDiv(amount, ACC, p.shares);
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

    /// @dev Shares minted for `amount` at rate `totalShares/poolStake` (1:1 for an empty pool).
    function _sharesFor(uint256 amount, uint256 poolStake, uint256 totalShares) private pure returns (uint256 shares) {
        if (totalShares == 0) return amount;
        if (poolStake == 0) revert StakePoolInsolvent(poolStake, totalShares);
        shares = Math.mulDiv(amount, totalShares, poolStake);
        if (shares == 0) revert IStakeManager.StakeManagerZeroShares(amount);
    }
}
