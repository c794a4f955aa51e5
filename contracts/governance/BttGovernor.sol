// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Governor} from "./vendor/Governor.sol";
import {GovernorCountingSimple} from "./vendor/extensions/GovernorCountingSimple.sol";
import {GovernorSettings} from "./vendor/extensions/GovernorSettings.sol";
import {GovernorTimelockControl} from "./vendor/extensions/GovernorTimelockControl.sol";
import {GovernorVotes} from "./vendor/extensions/GovernorVotes.sol";
import {GovernorVotesQuorumFraction} from "./vendor/extensions/GovernorVotesQuorumFraction.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";

import {GovernanceRanges, IBttGovernor} from "./IBttGovernor.sol";

/// @title BttGovernor
/// @notice Staked-BTT governance on the staking home (DESIGN section 15): OpenZeppelin's Governor
/// with settings, simple counting (for / against / abstain), quorum as a fraction of bonded stake
/// and a timelock that executes. Votes come from `StakeVotes` (each account its own stake, read at
/// the proposal's snapshot block). Every setting has a safe range (`IBttGovernor`), checked at
/// deployment and whenever governance changes it.
contract BttGovernor is
    IBttGovernor,
    Governor,
    GovernorSettings,
    GovernorCountingSimple,
    GovernorVotes,
    GovernorVotesQuorumFraction,
    GovernorTimelockControl
{
    /// @param votes_ The `StakeVotes` adapter.
    /// @param timelock_ The timelock that queues and executes (it holds every ownership).
    /// @param votingDelay_ Blocks from proposal to snapshot.
    /// @param votingPeriod_ Blocks the vote lasts.
    /// @param proposalThreshold_ Stake (BTT wei) needed to propose.
    /// @param quorumPercent_ Percent of bonded stake at the snapshot that must vote for or abstain.
    constructor(
        IVotes votes_,
        TimelockController timelock_,
        uint48 votingDelay_,
        uint32 votingPeriod_,
        uint256 proposalThreshold_,
        uint256 quorumPercent_
    )
        Governor("BTT Network Governor")
        GovernorSettings(votingDelay_, votingPeriod_, proposalThreshold_)
        GovernorVotes(votes_)
        GovernorVotesQuorumFraction(quorumPercent_)
        GovernorTimelockControl(timelock_)
    {}

    // ------------------------------------------------------------------ safe ranges

    function _setVotingDelay(uint48 newVotingDelay) internal override {
        GovernanceRanges.check(
            "votingDelay", newVotingDelay, GovernanceRanges.MIN_VOTING_DELAY, GovernanceRanges.MAX_VOTING_DELAY
        );
        super._setVotingDelay(newVotingDelay);
    }

    function _setVotingPeriod(uint32 newVotingPeriod) internal override {
        GovernanceRanges.check(
            "votingPeriod", newVotingPeriod, GovernanceRanges.MIN_VOTING_PERIOD, GovernanceRanges.MAX_VOTING_PERIOD
        );
        super._setVotingPeriod(newVotingPeriod);
    }

    function _setProposalThreshold(uint256 newProposalThreshold) internal override {
        GovernanceRanges.check(
            "proposalThreshold",
            newProposalThreshold,
            GovernanceRanges.MIN_PROPOSAL_THRESHOLD,
            GovernanceRanges.MAX_PROPOSAL_THRESHOLD
        );
        super._setProposalThreshold(newProposalThreshold);
    }

    function _updateQuorumNumerator(uint256 newQuorumNumerator) internal override {
        GovernanceRanges.check(
            "quorumPercent", newQuorumNumerator, GovernanceRanges.MIN_QUORUM_PERCENT, GovernanceRanges.MAX_QUORUM_PERCENT
        );
        super._updateQuorumNumerator(newQuorumNumerator);
    }

    // ------------------------------------------------------------------ required overrides

    function state(uint256 proposalId)
        public
        view
        override(Governor, GovernorTimelockControl)
        returns (ProposalState)
    {
        return super.state(proposalId);
    }

    function proposalNeedsQueuing(uint256 proposalId)
        public
        view
        override(Governor, GovernorTimelockControl)
        returns (bool)
    {
        return super.proposalNeedsQueuing(proposalId);
    }

    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) {
        return super._executor();
    }
}
