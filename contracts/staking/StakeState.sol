// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IStakeManager} from "./IStakeManager.sol";

// Validator status values (`IStakeManager.Validator.status`).
uint8 constant STATUS_NONE = 0;
uint8 constant STATUS_ACTIVE = 1;
uint8 constant STATUS_EXITED = 2;

/// @notice Every piece of StakeManager state, worked on by the staking libraries.
/// @dev `currentSet` holds the running epoch's set as packed words `signer << 96 | power`, sorted
/// ascending (hence by signer). `members` is the candidate list for the next epoch (at most
/// `maxValidators`), `validators[v].memberIndex` its 1-based position there.
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
    mapping(address validator => mapping(address delegator => IStakeManager.Delegation)) delegations;
    mapping(address delegator => mapping(uint256 unbondId => IStakeManager.Unbond)) unbonds;
    mapping(address delegator => uint256) unbondCount;
    mapping(bytes32 evidenceId => bool) evidenceUsed;
    uint256 totalStaked;
    uint256 totalUnbonding;
    uint256 rewardPool;
    uint256 rewardsOwed;
}
