// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IStakeManager} from "./IStakeManager.sol";
import {KeyTerm} from "./StakingTypes.sol";

/// @notice Every piece of StakeManager state, worked on by the staking libraries.
/// @dev `currentSet` holds the running epoch's set as packed words `signer << 96 | power`, sorted
/// ascending (hence by signer). `members` is the candidate list for the next epoch (at most
/// `maxValidators`), `validators[v].memberIndex` its 1-based position there.
/// `accAtEpochEnd[v][e]` is pool `v`'s `rewardPerShare` at the end of epoch `e`, recorded only for
/// epochs in which shares were bought (their buyers start earning from that value).
/// `punishedBefore[v]` is one more than the epoch of `v`'s last slash (0: never slashed): evidence
/// for earlier epochs was covered by that slash.
struct StakeState {
    IStakeManager.Params params;
    uint64 epoch;
    uint64 epochStartBlock;
    bytes32 setHash;
    uint256 totalPower;
    uint256[] currentSet;
    address[] members;
    mapping(address validator => IStakeManager.Validator) validators;
    mapping(address signer => address validator) validatorOfSigner;
    mapping(address signer => KeyTerm) keyTerms;
    mapping(address validator => uint256) punishedBefore;
    mapping(address validator => mapping(address delegator => IStakeManager.Delegation)) delegations;
    mapping(address validator => mapping(uint256 epoch => uint256)) accAtEpochEnd;
    mapping(address delegator => mapping(uint256 unbondId => IStakeManager.Unbond)) unbonds;
    mapping(address delegator => uint256) unbondCount;
    mapping(bytes32 evidenceId => bool) evidenceUsed;
    uint256 totalStaked;
    uint256 totalUnbonding;
    uint256 rewardPool;
    uint256 rewardsOwed;
}
