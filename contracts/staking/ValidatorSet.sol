// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Messages} from "../lib/Messages.sol";
import {IValidatorSet, IValidatorSetSource} from "./IValidatorSet.sol";
import {ValidatorSetLib} from "./ValidatorSetLib.sol";

/// @title ValidatorSet
/// @notice The validator-set verifier deployed on every chain (DESIGN section 4). It keeps
/// `(epoch, setHash, totalPower)` only; set encoding and quorum proof layout are documented in
/// `IValidatorSet`. A new set arrives as a `ValidatorSetRotation` signed by a quorum of the current
/// set or, on the staking home chain, straight from the StakeManager.
contract ValidatorSet is IValidatorSet {
    /// @notice Largest set the verifier accepts (one bitmap word).
    uint256 public constant MAX_SET_SIZE = ValidatorSetLib.MAX_SET_SIZE;

    /// @notice The StakeManager on the staking home chain; zero elsewhere.
    IValidatorSetSource public immutable stakeManager;

    /// @dev Slot 0: epoch (64 bits) | totalPower (192 bits, below 2^104 by construction).
    /// Slot 1: setHash. Verification reads both.
    uint64 private _epoch;
    uint192 private _totalPower;
    bytes32 private _setHash;

    /// @param stakeManager_ The StakeManager (staking home) or zero (every other chain).
    /// @param genesisEpoch Epoch of the genesis set.
    /// @param signers Genesis signers, strictly ascending; may be empty only with a StakeManager.
    /// @param powers Genesis powers.
    constructor(
        IValidatorSetSource stakeManager_,
        uint256 genesisEpoch,
        address[] memory signers,
        uint256[] memory powers
    ) {
        stakeManager = stakeManager_;
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
    function verify(bytes32 digest, QuorumProof calldata proof) public view returns (uint256 signedPower) {
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
        // Epochs are counters that never approach 2^64; totals are below 2^104 (checkSet).
        if (newEpoch > type(uint64).max) revert ValidatorSetEpochNotAfter(newEpoch, _epoch);
        _epoch = uint64(newEpoch);
        _totalPower = uint192(total);
        _setHash = newHash;
        emit ValidatorSetUpdated(newEpoch, newHash, total, signers, powers);
    }

    function _checkDestination(uint256 destChainId, address destContract, address expected) private view {
        if (destChainId != block.chainid) revert ValidatorSetWrongChain(destChainId, block.chainid);
        if (destContract != expected) revert ValidatorSetWrongContract(destContract, expected);
    }
}
