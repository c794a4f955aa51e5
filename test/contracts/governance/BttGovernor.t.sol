// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

import {BttGovernor} from "../../../contracts/governance/BttGovernor.sol";
import {BttTimelock} from "../../../contracts/governance/BttTimelock.sol";
import {IBttGovernor} from "../../../contracts/governance/IBttGovernor.sol";
import {IStakeManager} from "../../../contracts/staking/IStakeManager.sol";
import {GovernanceFixture} from "./support/GovernanceFixture.sol";

contract BttGovernorTest is GovernanceFixture {
    function setUp() public {
        _deployGovernance();
        _population();
    }

    function _newParams() internal pure returns (IStakeManager.Params memory p) {
        p = _defaults();
        p.rewardPerEpoch = 42e18;
    }

    function _setParamsProposal() internal view returns (Proposal memory) {
        return _homeAction(address(sm), abi.encodeCall(IStakeManager.setParams, (_newParams())), "reward 42");
    }

    function _err(string memory setting, uint256 value, uint256 min, uint256 max) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IBttGovernor.BttGovernorSettingOutOfRange.selector, setting, value, min, max);
    }

    // ---------------------------------------------------------------- lifecycle

    function test_lifecycle_homeActionRunsAfterVoteAndDelay() public {
        Proposal memory p = _setParamsProposal();
        uint256 id = _propose(v2, p);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Pending));
        _toVoting(id);
        assertEq(_vote(v1, id, 1), 1_000e18);
        assertEq(_vote(d1, id, 0), 500e18);
        assertEq(_vote(d2, id, 2), 300e18);
        _endVoting(id);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Succeeded));
        _queue(p);
        // Not before the timelock delay.
        bytes32 opId = timelock.hashOperationBatch(
            p.targets, p.values, p.calldatas, 0, bytes20(address(governor)) ^ keccak256(bytes(p.description))
        );
        vm.warp(block.timestamp + TIMELOCK_DELAY - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                TimelockController.TimelockUnexpectedOperationState.selector,
                opId,
                bytes32(1 << uint8(TimelockController.OperationState.Ready))
            )
        );
        _execute(p);
        vm.warp(block.timestamp + 1);
        _execute(p);
        assertEq(sm.params().rewardPerEpoch, 42e18);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Executed));
    }

    function test_quorum_belowQuorumIsDefeated() public {
        Proposal memory p = _setParamsProposal();
        uint256 id = _propose(v2, p);
        _toVoting(id);
        _vote(d2, id, 1); // 300 of 3,800: quorum is 380
        _endVoting(id);
        assertEq(governor.quorum(governor.proposalSnapshot(id)), 380e18);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Defeated));
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                id,
                IGovernor.ProposalState.Defeated,
                bytes32(1 << uint8(IGovernor.ProposalState.Succeeded))
            )
        );
        _queue(p);
    }

    function test_propose_needsTheThresholdInStake() public {
        Proposal memory p = _setParamsProposal();
        vm.expectRevert(
            abi.encodeWithSelector(IGovernor.GovernorInsufficientProposerVotes.selector, attacker, 0, THRESHOLD)
        );
        _propose(attacker, p);
    }

    function test_vote_stakeAfterTheSnapshotDoesNotCount() public {
        Proposal memory p = _setParamsProposal();
        uint256 id = _propose(v2, p);
        _toVoting(id);
        _delegate(attacker, v1, 1_000_000e18);
        vm.roll(block.number + 1);
        assertEq(_vote(attacker, id, 1), 0);
        (, uint256 forVotes,) = governor.proposalVotes(id);
        assertEq(forVotes, 0);
    }

    function test_vote_unbondingAfterVotingKeepsTheVoteButNoSecond() public {
        Proposal memory p = _setParamsProposal();
        uint256 id = _propose(v2, p);
        _toVoting(id);
        _vote(d1, id, 1);
        vm.prank(d1);
        sm.unbond(v1, 500e18);
        (, uint256 forVotes,) = governor.proposalVotes(id);
        assertEq(forVotes, 500e18);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorAlreadyCastVote.selector, d1));
        _vote(d1, id, 0);
    }

    function test_execute_onlyThroughTheGovernorAndTimelock() public {
        Proposal memory p = _setParamsProposal();
        // The StakeManager's owner is the receiver; the receiver obeys only the timelock.
        vm.prank(attacker);
        vm.expectRevert();
        sm.setParams(_newParams());
        vm.prank(attacker);
        vm.expectRevert();
        timelock.executeBatch(p.targets, p.values, p.calldatas, 0, 0);
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, attacker));
        governor.setVotingPeriod(100);
    }

    // ---------------------------------------------------------------- safe ranges

    function test_constructor_rangesOfEverySetting() public {
        uint256[5][8] memory bad = [
            [uint256(0), 50, THRESHOLD, QUORUM_PERCENT, 0],
            [uint256(201_601), 50, THRESHOLD, QUORUM_PERCENT, 0],
            [uint256(1), 19, THRESHOLD, QUORUM_PERCENT, 1],
            [uint256(1), 864_001, THRESHOLD, QUORUM_PERCENT, 1],
            [uint256(1), 50, 1e18 - 1, QUORUM_PERCENT, 2],
            [uint256(1), 50, 1e27 + 1, QUORUM_PERCENT, 2],
            [uint256(1), 50, THRESHOLD, 0, 3],
            [uint256(1), 50, THRESHOLD, 51, 3]
        ];
        string[4] memory names = ["votingDelay", "votingPeriod", "proposalThreshold", "quorumPercent"];
        uint256[2][4] memory range = [[uint256(1), 201_600], [uint256(20), 864_000], [uint256(1e18), 1e27], [uint256(1), 50]];
        for (uint256 i; i < bad.length; ++i) {
            uint256 which = bad[i][4];
            vm.expectRevert(_err(names[which], bad[i][which], range[which][0], range[which][1]));
            new BttGovernor(votes, timelock, uint48(bad[i][0]), uint32(bad[i][1]), bad[i][2], bad[i][3]);
        }
        vm.expectRevert(_err("timelockDelay", 59, 60, 30 days));
        new BttTimelock(59, new address[](0), new address[](0), address(0));
        vm.expectRevert(_err("timelockDelay", 30 days + 1, 60, 30 days));
        new BttTimelock(30 days + 1, new address[](0), new address[](0), address(0));
    }

    function test_governance_cannotSetAGovernorSettingOutOfRange() public {
        Proposal memory p = _one(address(governor), abi.encodeCall(governor.setVotingPeriod, (5)), "period 5");
        uint256 id = _propose(v2, p);
        _toVoting(id);
        _vote(v1, id, 1);
        _vote(v2, id, 1);
        _endVoting(id);
        _queue(p);
        vm.warp(block.timestamp + TIMELOCK_DELAY);
        vm.expectRevert(_err("votingPeriod", 5, 20, 864_000));
        _execute(p);
    }

    function test_governance_timelockDelayStaysInRange() public {
        Proposal memory bad = _one(address(timelock), abi.encodeCall(timelock.updateDelay, (10)), "delay 10");
        uint256 id = _propose(v2, bad);
        _toVoting(id);
        _vote(v2, id, 1);
        _endVoting(id);
        _queue(bad);
        vm.warp(block.timestamp + TIMELOCK_DELAY);
        vm.expectRevert(_err("timelockDelay", 10, 60, 30 days));
        _execute(bad);

        _pass(_one(address(timelock), abi.encodeCall(timelock.updateDelay, (2 days)), "delay 2 days"));
        assertEq(timelock.getMinDelay(), 2 days);
        // Nobody else may call it.
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(TimelockController.TimelockUnauthorizedCaller.selector, attacker));
        timelock.updateDelay(60);
    }

    // ---------------------------------------------------------------- fuzz: no double voting

    /// Random delegate / unbond / vote sequences while a proposal is open: each voter's weight is
    /// its own stake at the snapshot, nobody votes twice, and the tally never exceeds the stake
    /// bonded at the snapshot, however stake moves after it.
    function testFuzz_votesAreStakeAtSnapshotOnce(uint256 seed) public {
        address[4] memory who = [d1, d2, v1, attacker];
        uint256 id = _propose(v2, _setParamsProposal());
        uint256 snapshot = governor.proposalSnapshot(id);
        uint256[4] memory atSnapshot;
        for (uint256 j; j < 4; ++j) atSnapshot[j] = sm.stakeOf(v1, who[j]) + sm.stakeOf(v2, who[j]);
        _toVoting(id);
        uint256 tally;
        bool[4] memory voted;
        for (uint256 i; i < 16; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            uint256 j = r % 4;
            address a = who[j];
            uint256 action = (r >> 8) % 3;
            if (action == 0) {
                _delegate(a, (r >> 16) % 2 == 0 ? v1 : v2, 1e18 + (r >> 24) % 1_000e18);
            } else if (action == 1) {
                address val = (r >> 16) % 2 == 0 ? v1 : v2;
                uint256 shares = sm.delegation(val, a).shares;
                // A validator keeps its minimum self-stake; delegators may sell anything.
                if (a == v1 && val == v1) shares = shares > 1_000e18 ? shares - 1_000e18 : 0;
                if (shares != 0) {
                    vm.prank(a);
                    sm.unbond(val, 1 + (r >> 24) % shares);
                }
            } else if (voted[j]) {
                vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorAlreadyCastVote.selector, a));
                _vote(a, id, 1);
            } else {
                assertEq(_vote(a, id, 1), atSnapshot[j]);
                voted[j] = true;
                tally += atSnapshot[j];
            }
            vm.roll(block.number + 1);
        }
        (, uint256 forVotes,) = governor.proposalVotes(id);
        assertEq(forVotes, tally);
        assertLe(forVotes, votes.getPastTotalSupply(snapshot));
    }
}
