// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Messages} from "../../../../contracts/lib/Messages.sol";
import {BttGovernor} from "../../../../contracts/governance/BttGovernor.sol";
import {BttTimelock} from "../../../../contracts/governance/BttTimelock.sol";
import {GovernanceReceiver} from "../../../../contracts/governance/GovernanceReceiver.sol";
import {IGovernanceReceiver} from "../../../../contracts/governance/IGovernanceReceiver.sol";
import {StakeVotes} from "../../../../contracts/governance/StakeVotes.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {MessagingFixture} from "../../messaging/support/MessagingFixture.sol";
import {StakingFixture} from "../../staking/support/StakingFixture.sol";

/// @notice The staking home under governance: StakeManager with StakeVotes, BttGovernor and
/// BttTimelock, and the home GovernanceReceiver owning the StakeManager. Two validators (v1, v2)
/// and two delegators (d1, d2) stake in `_population`. Chain ids are TRON's (home) and BTTC's.
abstract contract GovernanceFixture is StakingFixture, MessagingFixture {
    uint256 internal constant HOME = 728126428;
    uint256 internal constant BTTC = 199;
    uint48 internal constant VOTING_DELAY = 1;
    uint32 internal constant VOTING_PERIOD = 50;
    uint256 internal constant THRESHOLD = 100e18;
    uint256 internal constant QUORUM_PERCENT = 10;
    uint256 internal constant TIMELOCK_DELAY = 1 days;
    uint256 internal constant MAX_PAUSE = 3 days;

    StakeVotes internal votes;
    BttTimelock internal timelock;
    BttGovernor internal governor;
    GovernanceReceiver internal homeReceiver;

    address internal v1 = makeAddr("v1");
    address internal v2 = makeAddr("v2");
    address internal d1 = makeAddr("d1");
    address internal d2 = makeAddr("d2");
    address internal guardian = makeAddr("guardian");
    address internal attacker = makeAddr("attacker");

    function _deployGovernance() internal {
        vm.chainId(HOME);
        _validators();
        _deploy();
        votes = new StakeVotes(address(sm));
        vm.prank(gov);
        sm.setVotes(address(votes));
        timelock = new BttTimelock(TIMELOCK_DELAY, new address[](0), new address[](0), address(this));
        governor = new BttGovernor(votes, timelock, VOTING_DELAY, VOTING_PERIOD, THRESHOLD, QUORUM_PERCENT);
        timelock.grantRole(timelock.PROPOSER_ROLE(), address(governor));
        timelock.grantRole(timelock.CANCELLER_ROLE(), address(governor));
        timelock.grantRole(timelock.EXECUTOR_ROLE(), address(governor));
        timelock.renounceRole(timelock.DEFAULT_ADMIN_ROLE(), address(this));
        homeReceiver = new GovernanceReceiver(address(0), HOME, address(timelock), guardian, MAX_PAUSE);
        vm.prank(gov);
        sm.transferOwnership(address(homeReceiver));
        address[] memory owned = new address[](1);
        owned[0] = address(sm);
        homeReceiver.acceptOwnerships(owned);
    }

    /// @dev v1 1,000 BTT, v2 2,000 BTT, d1 500 BTT in v1, d2 300 BTT in v2; then one block passes.
    function _population() internal {
        _stake(v1, signers[0], 1_000e18, 0);
        _stake(v2, signers[1], 2_000e18, 0);
        _delegate(d1, v1, 500e18);
        _delegate(d2, v2, 300e18);
        vm.roll(block.number + 1);
    }

    // ---------------------------------------------------------------- proposals

    struct Proposal {
        address[] targets;
        uint256[] values;
        bytes[] calldatas;
        string description;
    }

    function _one(address target, bytes memory data, string memory description)
        internal
        pure
        returns (Proposal memory p)
    {
        p.targets = new address[](1);
        p.values = new uint256[](1);
        p.calldatas = new bytes[](1);
        p.targets[0] = target;
        p.calldatas[0] = data;
        p.description = description;
    }

    /// @dev A home action: the timelock has the home receiver run `calls`.
    function _homeAction(address target, bytes memory data, string memory description)
        internal
        view
        returns (Proposal memory)
    {
        IGovernanceReceiver.Call[] memory calls = new IGovernanceReceiver.Call[](1);
        calls[0] = IGovernanceReceiver.Call(target, 0, data);
        return _one(address(homeReceiver), abi.encodeCall(IGovernanceReceiver.execute, (calls)), description);
    }

    function _propose(address proposer, Proposal memory p) internal returns (uint256 id) {
        vm.prank(proposer);
        id = governor.propose(p.targets, p.values, p.calldatas, p.description);
    }

    function _toVoting(uint256 id) internal {
        vm.roll(governor.proposalSnapshot(id) + 1);
    }

    function _vote(address voter, uint256 id, uint8 support) internal returns (uint256 weight) {
        vm.prank(voter);
        weight = governor.castVoteWithReason(id, support, "reason");
    }

    function _endVoting(uint256 id) internal {
        vm.roll(governor.proposalDeadline(id) + 1);
    }

    function _queue(Proposal memory p) internal returns (uint256) {
        return governor.queue(p.targets, p.values, p.calldatas, keccak256(bytes(p.description)));
    }

    function _execute(Proposal memory p) internal returns (uint256) {
        return governor.execute(p.targets, p.values, p.calldatas, keccak256(bytes(p.description)));
    }

    /// @dev Proposes `p` (by v2), has both validators vote for, queues and executes it after the delay.
    function _pass(Proposal memory p) internal returns (uint256 id) {
        id = _propose(v2, p);
        _toVoting(id);
        _vote(v1, id, 1);
        _vote(v2, id, 1);
        _endVoting(id);
        _queue(p);
        vm.warp(block.timestamp + TIMELOCK_DELAY);
        _execute(p);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Executed));
    }

    /// @dev Double-signs with validator `i`'s key (slashes and jails it).
    function _slash(uint256 i) internal {
        Messages.Checkpoint memory a = _checkpoint(keccak256(abi.encode("a", i)));
        Messages.Checkpoint memory b = _checkpoint(keccak256(abi.encode("b", i)));
        sm.slashDoubleSign(a, StakingFixture._sign(keys[i], a), b, StakingFixture._sign(keys[i], b));
    }
}
