// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Messages} from "../lib/Messages.sol";
import {IValidatorSet, IValidatorSetSource} from "./IValidatorSet.sol";
import {ValidatorSetLib} from "./libraries/ValidatorSetLib.sol";

/// @title ValidatorSet
/// @notice The validator-set verifier deployed on every chain (DESIGN section 4). It keeps
/// `(epoch, setHash, totalPower)` only; set encoding and quorum proof layout are documented in
/// `IValidatorSet`. A new set arrives as a `ValidatorSetRotation` signed by a quorum of the current
/// set or, on the staking home chain, straight from the StakeManager.
///
/// A committed set expires `maxAge` seconds after it was committed: from then on every quorum
/// check (checkpoints, rotations, `verify`) reverts `ValidatorSetExpired`. Validators who left
/// the set at home can therefore sign here for at most `maxAge` after the last set holding them
/// was replaced, and the StakeManager's unbonding delay is longer than that, so they are still
/// slashable at home for as long as their signatures count anywhere. Relayers rotate well before
/// `expiresAt()`; an expired verifier off the home cannot be revived by its old set (that is the
/// point) and is replaced by redeploying it with a genesis set read from the home.
contract ValidatorSet is IValidatorSet {
    /// @notice Largest set the verifier accepts (one bitmap word).
    uint256 public constant MAX_SET_SIZE = ValidatorSetLib.MAX_SET_SIZE;
    /// @notice Bounds of `maxAge` (the StakeManager's `setMaxAge` has the same).
    uint256 public constant MIN_MAX_AGE = 1 hours;
    uint256 public constant MAX_MAX_AGE = 30 days;

    /// @notice The StakeManager on the staking home chain; zero elsewhere.
    IValidatorSetSource public immutable stakeManager;
    /// @dev The set age off the home (the home follows the StakeManager's `setMaxAge`).
    uint64 private immutable _fixedMaxAge;

    /// @dev Slot 0: epoch (64 bits) | expiresAt (64 bits) | totalPower (128 bits, below 2^104 by
    /// construction). Slot 1: setHash. Verification reads both.
    uint64 private _epoch;
    uint64 private _expiresAt;
    uint128 private _totalPower;
    bytes32 private _setHash;

    /// @param stakeManager_ The StakeManager (staking home) or zero (every other chain).
    /// @param genesisEpoch Epoch of the genesis set.
    /// @param signers Genesis signers, strictly ascending; may be empty only with a StakeManager.
    /// @param powers Genesis powers.
    /// @param maxAge_ Off the home: seconds a committed set stays usable, in [1 hour, 30 days], at
    /// most the StakeManager's `setMaxAge`. On the home: 0 (the StakeManager's `setMaxAge` applies).
    constructor(
        IValidatorSetSource stakeManager_,
        uint256 genesisEpoch,
        address[] memory signers,
        uint256[] memory powers,
        uint64 maxAge_
    ) {
        if (address(stakeManager_) != address(0)) {
            if (maxAge_ != 0) revert ValidatorSetInvalidMaxAge(maxAge_, 0, 0);
        } else if (maxAge_ < MIN_MAX_AGE || maxAge_ > MAX_MAX_AGE) {
            revert ValidatorSetInvalidMaxAge(maxAge_, MIN_MAX_AGE, MAX_MAX_AGE);
        }
        stakeManager = stakeManager_;
        _fixedMaxAge = maxAge_;
        if (signers.length != 0 || address(stakeManager_) == address(0)) {
            _install(genesisEpoch, signers, powers);
        } else {
            _epoch = uint64(genesisEpoch);
        }
    }

    /// @inheritdoc IValidatorSet
    function epoch() external view returns (uint256) {
        return _epoch;
    }

    /// @inheritdoc IValidatorSet
    function setHash() external view returns (bytes32) {
        return _setHash;
    }

    /// @inheritdoc IValidatorSet
    function totalPower() external view returns (uint256) {
        return _totalPower;
    }

    /// @inheritdoc IValidatorSet
    function maxAge() public view returns (uint64) {
        return address(stakeManager) == address(0) ? _fixedMaxAge : stakeManager.setMaxAge();
    }

    /// @inheritdoc IValidatorSet
    function expiresAt() external view returns (uint64) {
        return _expiresAt;
    }

    /// @inheritdoc IValidatorSet
    function verify(bytes32 digest, QuorumProof calldata proof) public view returns (uint256 signedPower) {
        uint256 expiry = _expiresAt;
        if (block.timestamp >= expiry) revert ValidatorSetExpired(expiry, block.timestamp);
        return ValidatorSetLib.verifyQuorum(digest, _setHash, _totalPower, proof);
    }

    /// @inheritdoc IValidatorSet
    function verifyCheckpoint(Messages.Checkpoint calldata checkpoint, QuorumProof calldata proof)
        external
        view
        returns (bytes32 digest)
    {
        _checkDestination(checkpoint.destChainId, checkpoint.destContract, msg.sender);
        if (checkpoint.epoch != _epoch) revert ValidatorSetWrongEpoch(checkpoint.epoch, _epoch);
        digest = Messages.hash(checkpoint);
        verify(digest, proof);
    }

    /// @inheritdoc IValidatorSet
    function rotate(
        Messages.ValidatorSetRotation calldata rotation,
        address[] calldata newSigners,
        uint256[] calldata newPowers,
        QuorumProof calldata proof
    ) external {
        _checkDestination(rotation.destChainId, rotation.destContract, address(this));
        if (rotation.epoch != _epoch) revert ValidatorSetWrongEpoch(rotation.epoch, _epoch);
        if (rotation.newEpoch <= rotation.epoch) revert ValidatorSetEpochNotAfter(rotation.newEpoch, rotation.epoch);
        bytes32 actual = ValidatorSetLib.hashSet(newSigners, newPowers);
        if (actual != rotation.newSetHash) revert ValidatorSetNewSetMismatch(rotation.newSetHash, actual);
        uint256 total = ValidatorSetLib.checkSet(newSigners, newPowers);
        if (total != rotation.newTotalPower) revert ValidatorSetTotalPowerMismatch(rotation.newTotalPower, total);
        verify(Messages.hash(rotation), proof);
        _store(rotation.newEpoch, actual, total, newSigners, newPowers);
    }

    /// @inheritdoc IValidatorSet
    function syncFromStakeManager() external {
        if (address(stakeManager) == address(0)) revert ValidatorSetNoStakeManager();
        (uint256 newEpoch, address[] memory signers, uint256[] memory powers) = stakeManager.currentValidatorSet();
        if (newEpoch <= _epoch) revert ValidatorSetEpochNotAfter(newEpoch, _epoch);
        _install(newEpoch, signers, powers);
    }

    function _install(uint256 newEpoch, address[] memory signers, uint256[] memory powers) private {
        uint256 total = ValidatorSetLib.checkSet(signers, powers);
        _store(newEpoch, ValidatorSetLib.hashSet(signers, powers), total, signers, powers);
    }

    function _store(
        uint256 newEpoch,
        bytes32 newHash,
        uint256 total,
        address[] memory signers,
        uint256[] memory powers
    ) private {
        // Epochs are counters that never approach 2^64; totals are below 2^104 (checkSet);
        // timestamps plus at most 30 days stay far below 2^64.
        if (newEpoch > type(uint64).max) revert ValidatorSetEpochNotAfter(newEpoch, _epoch);
        _epoch = uint64(newEpoch);
        _expiresAt = uint64(block.timestamp + maxAge());
        _totalPower = uint128(total);
        _setHash = newHash;
        emit ValidatorSetUpdated(newEpoch, newHash, total, signers, powers);
    }

    function _checkDestination(uint256 destChainId, address destContract, address expected) private view {
        if (destChainId != block.chainid) revert ValidatorSetWrongChain(destChainId, block.chainid);
        if (destContract != expected) revert ValidatorSetWrongContract(destContract, expected);
    }
}
