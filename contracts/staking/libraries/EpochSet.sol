// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {IStakeManager} from "../IStakeManager.sol";
import {StakeState} from "../StakeState.sol";
import {ValidatorStatus} from "../StakingTypes.sol";
import {StakePool} from "./StakePool.sol";

/// @title EpochSet
/// @notice Membership of the next set and the epoch transition.
///
/// Ranking: the next set holds at most `maxValidators` members. A validator joins when there is
/// room; when the set is full it joins by displacing a member with strictly less stake
/// (`claimSlot`, callable by anyone), so any validator out-staking a member can always get in and
/// the set converges to the top `maxValidators` by stake without loops over candidates.
/// Membership, stakes, signers and commissions take effect at the next epoch boundary, where the
/// set is fixed (one bounded loop over at most `StakeParams.MAX_VALIDATORS` = 100 members, plus an
/// in-memory sort; lowering `maxValidators` drops at most `MAX_SET_SHRINK` = 10 members per epoch).
library EpochSet {
    uint256 internal constant POWER_UNIT = 1e18;
    uint256 internal constant MAX_POWER = (1 << 96) - 1;

    /// @notice A validator may sit in the next set: registered, not jailed, at least one power unit.
    function eligible(StakeState storage s, address v) internal view returns (bool) {
        IStakeManager.Validator storage val = s.validators[v];
        return val.status == ValidatorStatus.Active && !val.jailed && val.stake >= POWER_UNIT;
    }

    /// @notice Adds `v` to the next set if it is eligible, not a member and there is room.
    function tryJoin(StakeState storage s, address v) internal returns (bool) {
        IStakeManager.Validator storage val = s.validators[v];
        if (val.memberIndex != 0 || !eligible(s, v) || s.members.length >= s.params.maxValidators) return false;
        s.members.push(v);
        val.memberIndex = uint32(s.members.length);
        emit IStakeManager.MembershipChanged(v, address(0));
        return true;
    }

    /// @notice Removes `v` from the next set if it is a member.
    function leave(StakeState storage s, address v) internal {
        uint256 index = s.validators[v].memberIndex;
        if (index == 0) return;
        address last = s.members[s.members.length - 1];
        s.members[index - 1] = last;
        s.validators[last].memberIndex = uint32(index);
        s.members.pop();
        s.validators[v].memberIndex = 0;
        emit IStakeManager.MembershipChanged(address(0), v);
    }

    /// @notice `v` takes a seat: a free one, or `displaced`'s if `v` has strictly more stake.
    function claimSlot(StakeState storage s, address v, address displaced) internal {
        if (!eligible(s, v)) revert IStakeManager.StakeManagerValidatorNotActive(v);
        if (s.validators[v].memberIndex != 0) revert IStakeManager.StakeManagerAlreadyMember(v);
        if (tryJoin(s, v)) return;
        IStakeManager.Validator storage d = s.validators[displaced];
        if (d.memberIndex == 0) revert IStakeManager.StakeManagerNotMember(displaced);
        uint256 stake = s.validators[v].stake;
        if (stake <= d.stake) revert IStakeManager.StakeManagerStakeNotHigher(v, stake, displaced, d.stake);
        uint256 index = d.memberIndex;
        s.members[index - 1] = v;
        s.validators[v].memberIndex = uint32(index);
        d.memberIndex = 0;
        emit IStakeManager.MembershipChanged(v, displaced);
    }

    /// @notice Pays the ending epoch's rewards to the non-jailed members of its set, by power; each
    /// pool's reward is scaled to the shares held through the epoch (the rest stays in the reward
    /// pool) and its commission goes to the validator's own rewards. Returns the amount paid.
    function payRewards(StakeState storage s) internal returns (uint256 paid) {
        uint256 budget = Math.min(s.params.rewardPerEpoch, s.rewardPool);
        uint256 total = s.totalPower;
        if (budget == 0 || total == 0) return 0;
        uint256 epoch = s.epoch;
        uint256 n = s.currentSet.length;
        for (uint256 i; i < n; ++i) {
            uint256 word = s.currentSet[i];
            address v = s.validatorOfSigner[address(uint160(word >> 96))];
            IStakeManager.Validator storage val = s.validators[v];
            if (val.jailed) continue;
            uint256 reward = Math.mulDiv(budget, word & MAX_POWER, total);
            if (reward == 0) continue;
            (uint256 earned, uint256 commission) = StakePool.payEpoch(val, reward, _commissionAt(val, epoch), epoch);
            if (commission != 0) s.delegations[v][v].rewards += commission;
            paid += earned;
        }
        s.rewardPool -= paid;
        s.rewardsOwed += paid;
    }

    /// @notice Fixes the next set from the members (dropping the lowest stakes if `maxValidators`
    /// was lowered) and moves to the next epoch.
    function advance(StakeState storage s)
        internal
        returns (uint256 newEpoch, address[] memory signers, uint256[] memory powers)
    {
        while (s.members.length > s.params.maxValidators) leave(s, _weakestMember(s));
        uint256 n = s.members.length;
        uint256[] memory words = new uint256[](n);
        uint256 count;
        for (uint256 i; i < n; ++i) {
            IStakeManager.Validator storage val = s.validators[s.members[i]];
            uint256 power = Math.min(val.stake / POWER_UNIT, MAX_POWER);
            if (power != 0) {
                words[count] = (uint256(uint160(val.signer)) << 96) | power;
                ++count;
            }
        }
        assembly ("memory-safe") {
            // Shrink the array to the entries written (count <= n, so no memory is exposed).
            mstore(words, count)
        }
        _sort(words);
        signers = new address[](count);
        powers = new uint256[](count);
        uint256 total;
        uint256[] storage current = s.currentSet;
        uint256 previous = current.length;
        for (uint256 i; i < count; ++i) {
            uint256 word = words[i];
            signers[i] = address(uint160(word >> 96));
            powers[i] = word & MAX_POWER;
            total += powers[i];
            // Overwrite in place: an unchanged member costs a warm no-op write, not a fresh slot.
            if (i < previous) {
                if (current[i] != word) current[i] = word;
            } else {
                current.push(word);
            }
        }
        for (uint256 i = count; i < previous; ++i) current.pop();
        newEpoch = s.epoch + 1;
        s.epoch = uint64(newEpoch);
        s.epochStartBlock = uint64(block.number);
        s.totalPower = total;
        s.setHash = keccak256(abi.encode(signers, powers));
    }

    /// @notice The commission in force during `epoch`.
    function _commissionAt(IStakeManager.Validator storage val, uint256 epoch) private view returns (uint256) {
        return epoch >= val.nextCommissionEpoch ? val.nextCommissionBps : val.commissionBps;
    }

    function _weakestMember(StakeState storage s) private view returns (address weakest) {
        uint256 least = type(uint256).max;
        for (uint256 i; i < s.members.length; ++i) {
            uint256 stake = s.validators[s.members[i]].stake;
            if (stake < least) (least, weakest) = (stake, s.members[i]);
        }
    }

    /// @dev In-place quicksort (Hoare partition), ascending; keys are distinct (signers are unique).
    function _sort(uint256[] memory a) private pure {
        if (a.length > 1) _quickSort(a, 0, int256(a.length) - 1);
    }

    function _quickSort(uint256[] memory a, int256 lo, int256 hi) private pure {
        while (lo < hi) {
            uint256 pivot = a[uint256(lo + (hi - lo) / 2)];
            int256 i = lo;
            int256 j = hi;
            while (i <= j) {
                while (a[uint256(i)] < pivot) ++i;
                while (a[uint256(j)] > pivot) --j;
                if (i <= j) {
                    (a[uint256(i)], a[uint256(j)]) = (a[uint256(j)], a[uint256(i)]);
                    ++i;
                    --j;
                }
            }
            // Recurse into the smaller part and loop on the larger: stack depth O(log n).
            if (j - lo < hi - i) {
                if (lo < j) _quickSort(a, lo, j);
                lo = i;
            } else {
                if (i < hi) _quickSort(a, i, hi);
                hi = j;
            }
        }
    }
}
