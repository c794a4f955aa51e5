// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IStakeVotes} from "../../../contracts/governance/IStakeVotes.sol";
import {StakeVotes} from "../../../contracts/governance/StakeVotes.sol";
import {IStakeManager} from "../../../contracts/staking/IStakeManager.sol";
import {StakeManager} from "../../../contracts/staking/StakeManager.sol";
import {GovernanceFixture} from "./support/GovernanceFixture.sol";

contract StakeVotesTest is GovernanceFixture {
    function setUp() public {
        _deployGovernance();
    }

    function _stakeOfAll(address account) internal view returns (uint256) {
        return sm.stakeOf(v1, account) + sm.stakeOf(v2, account);
    }

    function test_votes_equalOwnStakeAtEachBlock() public {
        _population();
        uint256 b = block.number - 1;
        assertEq(votes.getPastVotes(v1, b), 1_000e18);
        assertEq(votes.getPastVotes(v2, b), 2_000e18);
        assertEq(votes.getPastVotes(d1, b), 500e18);
        assertEq(votes.getPastVotes(d2, b), 300e18);
        (uint256 staked,,,) = sm.totals();
        assertEq(votes.getPastTotalSupply(b), staked);
        for (uint256 i; i < 2; ++i) {
            address a = i == 0 ? d1 : v1;
            assertEq(votes.getVotes(a), _stakeOfAll(a));
        }
        // A delegator's power is its own: the validator does not vote it.
        assertEq(votes.getVotes(v1) + votes.getVotes(d1), 1_500e18);
        assertEq(votes.delegates(d1), d1);
    }

    function test_votes_stakeAddedAfterABlockDoesNotCountForIt() public {
        _population();
        uint256 snapshot = block.number;
        vm.roll(block.number + 1);
        _delegate(d1, v2, 700e18);
        vm.roll(block.number + 1);
        assertEq(votes.getPastVotes(d1, snapshot), 500e18);
        assertEq(votes.getPastVotes(d1, snapshot + 1), 1_200e18);
        assertEq(votes.poolsOf(d1).length, 2);
    }

    function test_votes_flashStakeInOneBlockLeavesNothing() public {
        _population();
        uint256 shares = _delegate(attacker, v1, 1_000_000e18);
        vm.prank(attacker);
        sm.unbond(v1, shares);
        vm.roll(block.number + 1);
        assertEq(votes.getPastVotes(attacker, block.number - 1), 0);
    }

    function test_votes_unbondedSharesStopVotingFromTheirBlock() public {
        _population();
        uint256 before = block.number - 1;
        vm.prank(d1);
        sm.unbond(v1, 200e18);
        vm.roll(block.number + 1);
        assertEq(votes.getPastVotes(d1, before), 500e18);
        assertEq(votes.getPastVotes(d1, block.number - 1), 300e18);
    }

    function test_votes_slashLowersEveryHolderOfThePool() public {
        _population();
        uint256 before = block.number - 1;
        _slash(0); // v1's pool loses 10%
        vm.roll(block.number + 1);
        uint256 after_ = block.number - 1;
        assertEq(votes.getPastVotes(v1, before), 1_000e18);
        assertEq(votes.getPastVotes(v1, after_), sm.stakeOf(v1, v1));
        assertEq(votes.getPastVotes(d1, after_), sm.stakeOf(v1, d1));
        assertEq(votes.getPastVotes(d1, after_), 450e18);
        assertEq(votes.getPastVotes(d2, after_), 300e18);
        (uint256 staked,,,) = sm.totals();
        assertEq(votes.getPastTotalSupply(after_), staked);
    }

    function test_getPastVotes_revertsForTheRunningBlock() public {
        vm.expectRevert(
            abi.encodeWithSelector(IStakeVotes.StakeVotesFutureLookup.selector, block.number, uint48(block.number))
        );
        votes.getPastVotes(d1, block.number);
        vm.expectRevert(
            abi.encodeWithSelector(IStakeVotes.StakeVotesFutureLookup.selector, block.number + 5, uint48(block.number))
        );
        votes.getPastTotalSupply(block.number + 5);
    }

    function test_clock_isTheBlockNumber() public view {
        assertEq(votes.clock(), block.number);
        assertEq(votes.CLOCK_MODE(), "mode=blocknumber&from=default");
    }

    // ---------------------------------------------------------------- hostile

    function test_checkpoint_onlyTheStakeManager() public {
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(IStakeVotes.StakeVotesOnlyStakeManager.selector, attacker));
        votes.checkpoint(attacker, v1, 1e30, 1e30, 1e30, 1e30);
    }

    function test_delegate_isRefused() public {
        vm.expectRevert(IStakeVotes.StakeVotesDelegationIsStaking.selector);
        votes.delegate(attacker);
        vm.expectRevert(IStakeVotes.StakeVotesDelegationIsStaking.selector);
        votes.delegateBySig(attacker, 0, 0, 0, 0, 0);
    }

    function test_setVotes_onceBeforeStakeAndMatching() public {
        StakeManager fresh = new StakeManager(IERC20(address(token)), gov, _defaults());
        StakeVotes other = new StakeVotes(address(sm));
        // Not the owner.
        vm.prank(attacker);
        vm.expectRevert();
        fresh.setVotes(address(other));
        // Counts another StakeManager.
        vm.prank(gov);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerVotesMismatch.selector, address(sm)));
        fresh.setVotes(address(other));
        // After stake.
        _fund(v1, 1_000e18);
        vm.prank(v1);
        token.approve(address(fresh), type(uint256).max);
        vm.prank(v1);
        fresh.stake(signers[0], 1_000e18, 0);
        StakeVotes late = new StakeVotes(address(fresh));
        vm.prank(gov);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerVotesAfterStake.selector, 1_000e18, 0));
        fresh.setVotes(address(late));
        // Once.
        vm.prank(address(homeReceiver));
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerVotesAlreadySet.selector, address(votes)));
        sm.setVotes(address(late));
    }

    function test_pools_boundedPerAccount() public {
        uint256 max = votes.MAX_POOLS();
        // max validators with their own pools (the set's size does not matter for delegation).
        (uint256[] memory k, address[] memory s) = _keys(max + 1, 77);
        k;
        for (uint256 i; i <= max; ++i) {
            address val = address(uint160(0x1000 + i));
            _stake(val, s[i], 1_000e18, 0);
            if (i < max) _delegate(d1, val, 1e18);
        }
        address last = address(uint160(0x1000 + max));
        _fund(d1, 1e18);
        vm.prank(d1);
        vm.expectRevert(abi.encodeWithSelector(IStakeVotes.StakeVotesTooManyPools.selector, d1, max));
        sm.delegate(last, 1e18);
    }

    // ---------------------------------------------------------------- fuzz

    /// Random delegate / unbond sequences over three accounts and two pools, one action per block:
    /// the power read for every past block equals the stake the StakeManager reported then.
    function testFuzz_votesTrackStakeAtEveryBlock(uint256 seed) public {
        _population();
        address[3] memory who = [d1, d2, attacker];
        uint256 steps = 12;
        uint256[3][] memory expected = new uint256[3][](steps);
        uint256[] memory blocks = new uint256[](steps);
        for (uint256 i; i < steps; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            address a = who[r % 3];
            address val = (r >> 8) % 2 == 0 ? v1 : v2;
            if ((r >> 16) % 3 != 0) {
                if (sm.validator(val).jailed) val = val == v1 ? v2 : v1;
                if (sm.validator(val).jailed) continue;
                _delegate(a, val, 1e18 + (r >> 24) % 400e18);
            } else {
                uint256 shares = sm.delegation(val, a).shares;
                if (shares != 0) {
                    vm.prank(a);
                    sm.unbond(val, 1 + (r >> 24) % shares);
                }
            }
            if ((r >> 100) % 5 == 0) _slashOnce(val);
            _record(expected, blocks, who, i);
        }
        for (uint256 i; i < steps; ++i) {
            if (blocks[i] == 0) continue;
            for (uint256 j; j < 3; ++j) assertEq(votes.getPastVotes(who[j], blocks[i]), expected[i][j]);
        }
    }

    function _record(uint256[3][] memory expected, uint256[] memory blocks, address[3] memory who, uint256 i)
        internal
    {
        {
            for (uint256 j; j < 3; ++j) expected[i][j] = _stakeOfAll(who[j]);
            blocks[i] = block.number;
            vm.roll(block.number + 1);
        }
    }

    function _slashOnce(address val) internal {
        if (sm.validator(val).jailed) return;
        _slash(val == v1 ? 0 : 1);
    }
}
