// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Messages} from "../lib/Messages.sol";

/// @title IValidatorSet
/// @notice The committed validator set of one chain (DESIGN section 4): the chain keeps only
/// `(epoch, setHash, totalPower)`; whoever submits signatures passes the set itself in calldata.
///
/// Set hash (the SDK's `hashValidatorSet` computes the same):
///
///     setHash = keccak256(abi.encode(address[] signers, uint256[] powers))
///
/// with `signers` strictly ascending (as uint160, so no duplicates), `powers[i]` the power of
/// `signers[i]`, every power in [1, 2^96), at least 1 and at most `MAX_SET_SIZE` (256) members.
///
/// Quorum proof layout (`QuorumProof`): bit `i` of `signedBitmap` (LSB = member 0) says that
/// `signers[i]` signed; `signatures` holds one 64-byte EIP-2098 compact signature `r || vs`
/// (vs = s | (v - 27) << 255, low s only) per set bit, in ascending bit order. A digest verifies
/// when the signing members' power is strictly more than 2/3 of the set's total power:
/// `3 * signedPower > 2 * totalPower`.
interface IValidatorSet {
    /// @notice Signatures of a subset of a validator set over one digest.
    /// @param signers The whole set, strictly ascending.
    /// @param powers The power of each member, same order.
    /// @param signedBitmap Bit i set when `signers[i]` signed.
    /// @param signatures 64 bytes (`r`, `vs`) per set bit, in ascending bit order.
    struct QuorumProof {
        address[] signers;
        uint256[] powers;
        uint256 signedBitmap;
        bytes signatures;
    }

    /// @notice A new set became current (by rotation, at deployment, or from the StakeManager).
    /// Carries the whole set so that relayers on any chain can rebuild quorum proofs from logs.
    event ValidatorSetUpdated(
        uint256 indexed epoch, bytes32 setHash, uint256 totalPower, address[] signers, uint256[] powers
    );

    /// @notice `signers` and `powers` have different lengths.
    error ValidatorSetLengthMismatch(uint256 signers, uint256 powers);
    /// @notice The set is empty or has more than `MAX_SET_SIZE` members.
    error ValidatorSetInvalidSize(uint256 size, uint256 max);
    /// @notice `signers[index]` is not strictly above `signers[index - 1]` (unsorted or duplicate).
    error ValidatorSetUnsortedSigners(uint256 index, address previous, address signer);
    /// @notice `powers[index]` is zero or not below 2^96.
    error ValidatorSetInvalidPower(uint256 index, uint256 power);
    /// @notice The set passed in calldata is not the committed one.
    error ValidatorSetHashMismatch(bytes32 expected, bytes32 actual);
    /// @notice `signedBitmap` names members at or beyond the set size.
    error ValidatorSetBitmapOutOfRange(uint256 signedBitmap, uint256 size);
    /// @notice `signatures` is not 64 bytes per set bit.
    error ValidatorSetSignaturesLength(uint256 expected, uint256 actual);
    /// @notice The signature of member `index` is malformed or has a high s.
    error ValidatorSetInvalidSignature(uint256 index);
    /// @notice The signature of member `index` was made by another key (e.g. a key not in the set).
    error ValidatorSetWrongSigner(uint256 index, address expected, address recovered);
    /// @notice The signing power is not strictly more than 2/3 of the total power.
    error ValidatorSetNoQuorum(uint256 signedPower, uint256 totalPower);
    /// @notice A message is addressed to another chain.
    error ValidatorSetWrongChain(uint256 destChainId, uint256 chainId);
    /// @notice A message is addressed to another contract.
    error ValidatorSetWrongContract(address destContract, address expected);
    /// @notice A message names another epoch than the current one.
    error ValidatorSetWrongEpoch(uint256 epoch, uint256 current);
    /// @notice A rotation or sync would not move the epoch forward.
    error ValidatorSetEpochNotAfter(uint256 newEpoch, uint256 current);
    /// @notice The new set does not hash to the rotation's `newSetHash`.
    error ValidatorSetNewSetMismatch(bytes32 expected, bytes32 actual);
    /// @notice The new set's powers do not add up to the rotation's `newTotalPower`.
    error ValidatorSetTotalPowerMismatch(uint256 declared, uint256 actual);
    /// @notice This verifier has no StakeManager (it is not on the staking home chain).
    error ValidatorSetNoStakeManager();
    /// @notice The committed set expired at `expiresAt` (block time `timestamp`): it verifies nothing
    /// more, rotations included. On the staking home a sync installs a fresh set.
    error ValidatorSetExpired(uint256 expiresAt, uint256 timestamp);
    /// @notice The set age given at deployment is outside [`min`, `max`] seconds.
    error ValidatorSetInvalidMaxAge(uint256 maxAge, uint256 min, uint256 max);

    /// @notice The current epoch.
    function epoch() external view returns (uint256);

    /// @notice Hash of the current set (see the contract notice for the encoding).
    function setHash() external view returns (bytes32);

    /// @notice Sum of the powers of the current set.
    function totalPower() external view returns (uint256);

    /// @notice Time (seconds) from which the current set verifies nothing: commit time plus
    /// `maxAge`; 0 before any set. Relayers rotate before it.
    function expiresAt() external view returns (uint64);

    /// @notice Seconds a set stays usable once committed (on the staking home: the StakeManager's
    /// `setMaxAge`).
    function maxAge() external view returns (uint64);

    /// @notice Checks that members of the current, unexpired set holding strictly more than 2/3
    /// of its power signed `digest`; reverts with the reason otherwise.
    /// @param digest The EIP-712 digest that was signed.
    /// @param proof The current set and the signatures (layout in the contract notice).
    /// @return signedPower The power of the members that signed.
    function verify(bytes32 digest, QuorumProof calldata proof) external view returns (uint256 signedPower);

    /// @notice Checks a checkpoint addressed to this chain and to the caller (the Inbox), for the
    /// current epoch, signed by a quorum of the current set.
    /// @dev Requirements: `checkpoint.destChainId == block.chainid`,
    /// `checkpoint.destContract == msg.sender`, `checkpoint.epoch == epoch()`, a valid quorum.
    /// @return digest The checkpoint's EIP-712 digest.
    function verifyCheckpoint(Messages.Checkpoint calldata checkpoint, QuorumProof calldata proof)
        external
        view
        returns (bytes32 digest);

    /// @notice Installs the set of `rotation.newEpoch`, signed by a quorum of the current set.
    /// Anyone may relay a rotation.
    /// @dev Requirements: destChainId is this chain, destContract is this contract, `epoch` is the
    /// current epoch (so a rotation is never replayed), `newEpoch > epoch`, `newSigners`/`newPowers`
    /// form a valid set hashing to `newSetHash` and summing to `newTotalPower`, valid quorum.
    /// Emits `ValidatorSetUpdated`.
    function rotate(
        Messages.ValidatorSetRotation calldata rotation,
        address[] calldata newSigners,
        uint256[] calldata newPowers,
        QuorumProof calldata proof
    ) external;

    /// @notice On the staking home chain: takes the current set from the StakeManager when its
    /// epoch is ahead of this verifier's. Anyone may call it. Emits `ValidatorSetUpdated`.
    function syncFromStakeManager() external;
}

/// @title IValidatorSetSource
/// @notice What the staking home's verifier reads from the StakeManager.
interface IValidatorSetSource {
    /// @notice The set of the current staking epoch: signers strictly ascending, with their powers.
    function currentValidatorSet()
        external
        view
        returns (uint256 epoch, address[] memory signers, uint256[] memory powers);

    /// @notice Seconds a committed set stays usable on any chain (`Params.setMaxAge`).
    function setMaxAge() external view returns (uint64);
}
