// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Messages} from "../../../contracts/lib/Messages.sol";
import {IValidatorSet, IValidatorSetSource} from "../../../contracts/staking/IValidatorSet.sol";
import {ValidatorSet} from "../../../contracts/staking/ValidatorSet.sol";
import {ValidatorKeys} from "./support/ValidatorKeys.sol";

/// @dev A StakeManager stand-in that reports whatever set it is told to.
contract SetSource is IValidatorSetSource {
    uint256 private _epoch;
    address[] private _signers;
    uint256[] private _powers;

    function set(uint256 epoch_, address[] memory signers, uint256[] memory powers) external {
        _epoch = epoch_;
        _signers = signers;
        _powers = powers;
    }

    function currentValidatorSet() external view returns (uint256, address[] memory, uint256[] memory) {
        return (_epoch, _signers, _powers);
    }

    function setMaxAge() external pure returns (uint64) {
        return 2 hours;
    }
}

contract ValidatorSetTest is ValidatorKeys {
    ValidatorSet internal verifier;
    uint256[] internal keys;
    address[] internal signers;
    uint256[] internal powers;
    bytes32 internal constant DIGEST = keccak256("digest");

    function setUp() public {
        (keys, signers) = _keys(4, 1);
        powers = _equalPowers(4, 100);
        verifier = new ValidatorSet(IValidatorSetSource(address(0)), 7, signers, powers, 1 days);
    }

    function _checkpoint() internal view returns (Messages.Checkpoint memory) {
        return Messages.Checkpoint({
            sourceChainId: 199,
            destChainId: block.chainid,
            destContract: address(this),
            epoch: 7,
            startBlock: 1,
            endBlock: 100,
            blockRoot: keccak256("blocks"),
            messageRoot: keccak256("messages"),
            messageCount: 3
        });
    }

    function _rotation(uint256 newEpoch, address[] memory newSigners, uint256[] memory newPowers)
        internal
        view
        returns (Messages.ValidatorSetRotation memory r)
    {
        uint256 total;
        for (uint256 i; i < newPowers.length; ++i) total += newPowers[i];
        r = Messages.ValidatorSetRotation({
            destChainId: block.chainid,
            destContract: address(verifier),
            epoch: verifier.epoch(),
            newEpoch: newEpoch,
            newSetHash: keccak256(abi.encode(newSigners, newPowers)),
            newTotalPower: total
        });
    }

    // ---------------------------------------------------------------- construction and views

    function test_constructor_storesGenesis() public view {
        assertEq(verifier.epoch(), 7);
        assertEq(verifier.totalPower(), 400);
        assertEq(verifier.setHash(), keccak256(abi.encode(signers, powers)));
        assertEq(address(verifier.stakeManager()), address(0));
    }

    function test_constructor_revertsOnEmptySetWithoutStakeManager() public {
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetInvalidSize.selector, 0, 256));
        new ValidatorSet(IValidatorSetSource(address(0)), 1, new address[](0), new uint256[](0), 1 days);
    }

    function test_constructor_revertsOnUnsortedSigners() public {
        address[] memory s = new address[](2);
        (s[0], s[1]) = (signers[1], signers[0]);
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetUnsortedSigners.selector, 1, s[0], s[1]));
        new ValidatorSet(IValidatorSetSource(address(0)), 1, s, _equalPowers(2, 1), 1 days);
    }

    function test_constructor_revertsOnDuplicateSigners() public {
        address[] memory s = new address[](2);
        (s[0], s[1]) = (signers[0], signers[0]);
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetUnsortedSigners.selector, 1, s[0], s[1]));
        new ValidatorSet(IValidatorSetSource(address(0)), 1, s, _equalPowers(2, 1), 1 days);
    }

    function test_constructor_revertsOnZeroSigner() public {
        address[] memory s = new address[](1);
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetUnsortedSigners.selector, 0, address(0), address(0)));
        new ValidatorSet(IValidatorSetSource(address(0)), 1, s, _equalPowers(1, 1), 1 days);
    }

    function test_constructor_revertsOnZeroOrHugePower() public {
        uint256[] memory p = _equalPowers(4, 1);
        p[2] = 0;
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetInvalidPower.selector, 2, 0));
        new ValidatorSet(IValidatorSetSource(address(0)), 1, signers, p, 1 days);
        p[2] = 1 << 96;
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetInvalidPower.selector, 2, 1 << 96));
        new ValidatorSet(IValidatorSetSource(address(0)), 1, signers, p, 1 days);
    }

    function test_constructor_revertsOnLengthMismatch() public {
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetLengthMismatch.selector, 4, 3));
        new ValidatorSet(IValidatorSetSource(address(0)), 1, signers, _equalPowers(3, 1), 1 days);
    }

    function test_constructor_revertsOnTooLargeSet() public {
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetInvalidSize.selector, 257, 256));
        new ValidatorSet(IValidatorSetSource(address(0)), 1, new address[](257), new uint256[](257), 1 days);
    }

    // ---------------------------------------------------------------- expiry (issue 14 item 5)

    /// Before: a committed set verified for ever, so validators who had unbonded and withdrawn
    /// at home could still sign checkpoints and rotations on a chain nobody rotated.
    function test_attack_oldSetVerifiesForEver() public {
        IValidatorSet.QuorumProof memory proof = _proof(DIGEST, keys, signers, powers, 0xf);
        vm.warp(block.timestamp + 3_650 days);
        (bool ok,) = address(verifier).staticcall(abi.encodeCall(verifier.verify, (DIGEST, proof)));
        assertFalse(ok, "a ten-year-old set still verifies");
        Messages.ValidatorSetRotation memory r = _rotation(8, signers, powers);
        (ok,) = address(verifier).call(
            abi.encodeCall(verifier.rotate, (r, signers, powers, _proof(Messages.hash(r), keys, signers, powers, 0xf)))
        );
        assertFalse(ok, "nor may it rotate to a set of its choosing");
    }

    /// A set verifies until `expiresAt` (commit time + maxAge) and nothing from then on;
    /// a rotation before that commits a fresh set with a fresh age.
    function test_expiry_rotationKeepsTheSetLive() public {
        uint256 committed = block.timestamp;
        assertEq(verifier.maxAge(), 1 days);
        assertEq(verifier.expiresAt(), committed + 1 days);
        IValidatorSet.QuorumProof memory proof = _proof(DIGEST, keys, signers, powers, 0x7);
        vm.warp(committed + 1 days - 1);
        assertEq(verifier.verify(DIGEST, proof), 300);
        // Rotate one second before expiry: the new set lives a full age from now.
        (uint256[] memory k2, address[] memory s2) = _keys(3, 11);
        uint256[] memory p2 = _equalPowers(3, 7);
        Messages.ValidatorSetRotation memory r = _rotation(8, s2, p2);
        verifier.rotate(r, s2, p2, _proof(Messages.hash(r), keys, signers, powers, 0xf));
        assertEq(verifier.expiresAt(), block.timestamp + 1 days);
        vm.warp(block.timestamp + 1 days - 1);
        assertEq(verifier.verify(DIGEST, _proof(DIGEST, k2, s2, p2, 0x7)), 21);
        vm.warp(block.timestamp + 1);
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetExpired.selector, block.timestamp, block.timestamp));
        verifier.verify(DIGEST, _proof(DIGEST, k2, s2, p2, 0x7));
    }

    /// Checkpoints and rotations against an expired set revert with the expiry.
    function test_expiry_refusesCheckpointsAndRotations() public {
        uint256 expiry = verifier.expiresAt();
        vm.warp(expiry);
        Messages.Checkpoint memory c = _checkpoint();
        IValidatorSet.QuorumProof memory proof = _proof(Messages.hash(c), keys, signers, powers, 0xf);
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetExpired.selector, expiry, expiry));
        verifier.verifyCheckpoint(c, proof);
        Messages.ValidatorSetRotation memory r = _rotation(8, signers, powers);
        proof = _proof(Messages.hash(r), keys, signers, powers, 0xf);
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetExpired.selector, expiry, expiry));
        verifier.rotate(r, signers, powers, proof);
    }

    function test_expiry_maxAgeBounds() public {
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetInvalidMaxAge.selector, 1 hours - 1, 1 hours, 30 days));
        new ValidatorSet(IValidatorSetSource(address(0)), 1, signers, powers, 1 hours - 1);
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetInvalidMaxAge.selector, 30 days + 1, 1 hours, 30 days));
        new ValidatorSet(IValidatorSetSource(address(0)), 1, signers, powers, 30 days + 1);
        // On the home the age is the StakeManager's.
        SetSource source = new SetSource();
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetInvalidMaxAge.selector, 1 days, 0, 0));
        new ValidatorSet(source, 0, new address[](0), new uint256[](0), 1 days);
        ValidatorSet home = new ValidatorSet(source, 0, new address[](0), new uint256[](0), 0);
        assertEq(home.maxAge(), 2 hours);
        assertEq(home.expiresAt(), 0);
        source.set(1, signers, powers);
        home.syncFromStakeManager();
        assertEq(home.expiresAt(), block.timestamp + 2 hours);
    }

    // ---------------------------------------------------------------- verify

    function test_verify_acceptsQuorum() public view {
        assertEq(verifier.verify(DIGEST, _proof(DIGEST, keys, signers, powers, 0x7)), 300);
        assertEq(verifier.verify(DIGEST, _proof(DIGEST, keys, signers, powers, 0xe)), 300);
        assertEq(verifier.verify(DIGEST, _proof(DIGEST, keys, signers, powers, 0xf)), 400);
    }

    function test_verify_revertsWithTwoThirdsExactly() public {
        (uint256[] memory k, address[] memory s) = _keys(3, 2);
        ValidatorSet v = new ValidatorSet(IValidatorSetSource(address(0)), 1, s, _equalPowers(3, 5), 1 days);
        IValidatorSet.QuorumProof memory proof = _proof(DIGEST, k, s, _equalPowers(3, 5), 0x3);
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetNoQuorum.selector, 10, 15));
        v.verify(DIGEST, proof);
    }

    function test_verify_quorumIsByPowerNotCount() public {
        uint256[] memory p = new uint256[](4);
        (p[0], p[1], p[2], p[3]) = (1, 1, 1, 10);
        ValidatorSet v = new ValidatorSet(IValidatorSetSource(address(0)), 1, signers, p, 1 days);
        // Three of four members by count, 3 of 13 by power.
        IValidatorSet.QuorumProof memory proof = _proof(DIGEST, keys, signers, p, 0x7);
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetNoQuorum.selector, 3, 13));
        v.verify(DIGEST, proof);
        // One member by count, 10 of 13 by power.
        assertEq(v.verify(DIGEST, _proof(DIGEST, keys, signers, p, 0x8)), 10);
    }

    function test_verify_revertsOnWrongSetHash() public {
        uint256[] memory p = _equalPowers(4, 101);
        IValidatorSet.QuorumProof memory proof = _proof(DIGEST, keys, signers, p, 0xf);
        vm.expectRevert(
            abi.encodeWithSelector(
                IValidatorSet.ValidatorSetHashMismatch.selector, verifier.setHash(), keccak256(abi.encode(signers, p))
            )
        );
        verifier.verify(DIGEST, proof);
    }

    function test_verify_revertsOnUnsortedOrDuplicateList() public {
        address[] memory s = new address[](4);
        (s[0], s[1], s[2], s[3]) = (signers[1], signers[0], signers[2], signers[3]);
        IValidatorSet.QuorumProof memory proof = _proof(DIGEST, keys, s, powers, 0xf);
        vm.expectRevert(
            abi.encodeWithSelector(
                IValidatorSet.ValidatorSetHashMismatch.selector, verifier.setHash(), keccak256(abi.encode(s, powers))
            )
        );
        verifier.verify(DIGEST, proof);
        s[1] = s[0];
        proof.signers = s;
        vm.expectRevert(
            abi.encodeWithSelector(
                IValidatorSet.ValidatorSetHashMismatch.selector, verifier.setHash(), keccak256(abi.encode(s, powers))
            )
        );
        verifier.verify(DIGEST, proof);
    }

    function test_verify_revertsOnLengthMismatch() public {
        IValidatorSet.QuorumProof memory proof = _proof(DIGEST, keys, signers, powers, 0xf);
        proof.powers = _equalPowers(3, 100);
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetLengthMismatch.selector, 4, 3));
        verifier.verify(DIGEST, proof);
    }

    function test_verify_revertsOnSignerNotInSet() public {
        IValidatorSet.QuorumProof memory proof = _proof(DIGEST, keys, signers, powers, 0x7);
        uint256 outsider = 0xbad;
        bytes memory sig = _compact(outsider, DIGEST);
        bytes memory sigs = proof.signatures;
        for (uint256 i; i < 64; ++i) sigs[64 + i] = sig[i];
        vm.expectRevert(
            abi.encodeWithSelector(IValidatorSet.ValidatorSetWrongSigner.selector, 1, signers[1], vm.addr(outsider))
        );
        verifier.verify(DIGEST, proof);
    }

    function test_verify_revertsOnSignatureOfOtherDigest() public {
        IValidatorSet.QuorumProof memory proof = _proof(keccak256("other"), keys, signers, powers, 0x7);
        vm.expectPartialRevert(IValidatorSet.ValidatorSetWrongSigner.selector);
        verifier.verify(DIGEST, proof);
    }

    /// The malleable twin of a signature (s' = n - s) has its top bit set, which EIP-2098 uses
    /// for the parity: it cannot be encoded and recovers some other key.
    function test_verify_malleableTwinRecoversAnotherKey() public {
        IValidatorSet.QuorumProof memory proof = _proof(DIGEST, keys, signers, powers, 0x7);
        bytes memory high = _highS(keys[2], DIGEST);
        bytes memory sigs = proof.signatures;
        for (uint256 i; i < 64; ++i) sigs[128 + i] = high[i];
        vm.expectPartialRevert(IValidatorSet.ValidatorSetWrongSigner.selector);
        verifier.verify(DIGEST, proof);
    }

    /// Any s above n/2 is rejected outright (OpenZeppelin's low-s rule).
    function test_verify_revertsOnHighS() public {
        IValidatorSet.QuorumProof memory proof = _proof(DIGEST, keys, signers, powers, 0x7);
        bytes memory high = abi.encodePacked(bytes32(uint256(1)), SECP256K1_N / 2 + 1);
        bytes memory sigs = proof.signatures;
        for (uint256 i; i < 64; ++i) sigs[128 + i] = high[i];
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetInvalidSignature.selector, 2));
        verifier.verify(DIGEST, proof);
    }

    function test_verify_revertsOnUnrecoverableSignature() public {
        IValidatorSet.QuorumProof memory proof = _proof(DIGEST, keys, signers, powers, 0x7);
        bytes memory sigs = proof.signatures;
        for (uint256 i; i < 32; ++i) sigs[i] = 0;
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetInvalidSignature.selector, 0));
        verifier.verify(DIGEST, proof);
    }

    function test_verify_revertsOnBitmapOutOfRange() public {
        IValidatorSet.QuorumProof memory proof = _proof(DIGEST, keys, signers, powers, 0x7);
        proof.signedBitmap = 0x17;
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetBitmapOutOfRange.selector, 0x17, 4));
        verifier.verify(DIGEST, proof);
    }

    function test_verify_revertsOnSignaturesLength() public {
        IValidatorSet.QuorumProof memory proof = _proof(DIGEST, keys, signers, powers, 0x7);
        proof.signedBitmap = 0xf;
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetSignaturesLength.selector, 256, 192));
        verifier.verify(DIGEST, proof);
        proof.signedBitmap = 0;
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetSignaturesLength.selector, 0, 192));
        verifier.verify(DIGEST, proof);
    }

    function test_verify_revertsWithNoSignatures() public {
        IValidatorSet.QuorumProof memory proof = _proof(DIGEST, keys, signers, powers, 0);
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetNoQuorum.selector, 0, 400));
        verifier.verify(DIGEST, proof);
    }

    // ---------------------------------------------------------------- verifyCheckpoint

    function test_verifyCheckpoint_acceptsAndReturnsDigest() public view {
        Messages.Checkpoint memory c = _checkpoint();
        bytes32 digest = Messages.hash(c);
        assertEq(verifier.verifyCheckpoint(c, _proof(digest, keys, signers, powers, 0xb)), digest);
    }

    function test_verifyCheckpoint_revertsForAnotherChain() public {
        Messages.Checkpoint memory c = _checkpoint();
        c.destChainId = 1;
        IValidatorSet.QuorumProof memory proof = _proof(Messages.hash(c), keys, signers, powers, 0xf);
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetWrongChain.selector, 1, block.chainid));
        verifier.verifyCheckpoint(c, proof);
    }

    function test_verifyCheckpoint_revertsForAnotherContract() public {
        Messages.Checkpoint memory c = _checkpoint();
        IValidatorSet.QuorumProof memory proof = _proof(Messages.hash(c), keys, signers, powers, 0xf);
        vm.prank(address(0xbeef));
        vm.expectRevert(
            abi.encodeWithSelector(IValidatorSet.ValidatorSetWrongContract.selector, address(this), address(0xbeef))
        );
        verifier.verifyCheckpoint(c, proof);
    }

    function test_verifyCheckpoint_revertsForAnotherEpoch() public {
        Messages.Checkpoint memory c = _checkpoint();
        c.epoch = 6;
        IValidatorSet.QuorumProof memory proof = _proof(Messages.hash(c), keys, signers, powers, 0xf);
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetWrongEpoch.selector, 6, 7));
        verifier.verifyCheckpoint(c, proof);
    }

    // ---------------------------------------------------------------- rotate

    function test_rotate_installsNewSetAndEmits() public {
        (uint256[] memory k2, address[] memory s2) = _keys(5, 9);
        uint256[] memory p2 = _equalPowers(5, 3);
        Messages.ValidatorSetRotation memory r = _rotation(8, s2, p2);
        IValidatorSet.QuorumProof memory proof = _proof(Messages.hash(r), keys, signers, powers, 0xd);
        vm.expectEmit(address(verifier));
        emit IValidatorSet.ValidatorSetUpdated(8, r.newSetHash, 15, s2, p2);
        verifier.rotate(r, s2, p2, proof);
        assertEq(verifier.epoch(), 8);
        assertEq(verifier.totalPower(), 15);
        assertEq(verifier.setHash(), r.newSetHash);
        // The new set signs from now on; the old one no longer does.
        assertEq(verifier.verify(DIGEST, _proof(DIGEST, k2, s2, p2, 0x1e)), 12);
        IValidatorSet.QuorumProof memory old = _proof(DIGEST, keys, signers, powers, 0xf);
        vm.expectPartialRevert(IValidatorSet.ValidatorSetHashMismatch.selector);
        verifier.verify(DIGEST, old);
    }

    function test_rotate_mayJumpEpochs() public {
        Messages.ValidatorSetRotation memory r = _rotation(20, signers, powers);
        verifier.rotate(r, signers, powers, _proof(Messages.hash(r), keys, signers, powers, 0x7));
        assertEq(verifier.epoch(), 20);
    }

    function test_rotate_revertsWhenReplayed() public {
        Messages.ValidatorSetRotation memory r = _rotation(8, signers, powers);
        IValidatorSet.QuorumProof memory proof = _proof(Messages.hash(r), keys, signers, powers, 0x7);
        verifier.rotate(r, signers, powers, proof);
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetWrongEpoch.selector, 7, 8));
        verifier.rotate(r, signers, powers, proof);
    }

    function test_rotate_revertsOnWrongEpoch() public {
        Messages.ValidatorSetRotation memory r = _rotation(8, signers, powers);
        r.epoch = 6;
        IValidatorSet.QuorumProof memory proof = _proof(Messages.hash(r), keys, signers, powers, 0x7);
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetWrongEpoch.selector, 6, 7));
        verifier.rotate(r, signers, powers, proof);
    }

    function test_rotate_revertsWhenEpochDoesNotAdvance() public {
        Messages.ValidatorSetRotation memory r = _rotation(7, signers, powers);
        IValidatorSet.QuorumProof memory proof = _proof(Messages.hash(r), keys, signers, powers, 0x7);
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetEpochNotAfter.selector, 7, 7));
        verifier.rotate(r, signers, powers, proof);
    }

    function test_rotate_revertsForAnotherChainOrContract() public {
        Messages.ValidatorSetRotation memory r = _rotation(8, signers, powers);
        r.destChainId = 56;
        IValidatorSet.QuorumProof memory proof = _proof(Messages.hash(r), keys, signers, powers, 0x7);
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetWrongChain.selector, 56, block.chainid));
        verifier.rotate(r, signers, powers, proof);
        r = _rotation(8, signers, powers);
        r.destContract = address(this);
        proof = _proof(Messages.hash(r), keys, signers, powers, 0x7);
        vm.expectRevert(
            abi.encodeWithSelector(IValidatorSet.ValidatorSetWrongContract.selector, address(this), address(verifier))
        );
        verifier.rotate(r, signers, powers, proof);
    }

    function test_rotate_revertsWhenNewSetDoesNotMatch() public {
        Messages.ValidatorSetRotation memory r = _rotation(8, signers, powers);
        uint256[] memory other = _equalPowers(4, 1);
        IValidatorSet.QuorumProof memory proof = _proof(Messages.hash(r), keys, signers, powers, 0x7);
        vm.expectRevert(
            abi.encodeWithSelector(
                IValidatorSet.ValidatorSetNewSetMismatch.selector, r.newSetHash, keccak256(abi.encode(signers, other))
            )
        );
        verifier.rotate(r, signers, other, proof);
    }

    function test_rotate_revertsOnWrongTotalPower() public {
        Messages.ValidatorSetRotation memory r = _rotation(8, signers, powers);
        r.newTotalPower = 399;
        IValidatorSet.QuorumProof memory proof = _proof(Messages.hash(r), keys, signers, powers, 0x7);
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetTotalPowerMismatch.selector, 399, 400));
        verifier.rotate(r, signers, powers, proof);
    }

    function test_rotate_revertsOnUnsortedNewSet() public {
        address[] memory s = new address[](2);
        (s[0], s[1]) = (signers[3], signers[0]);
        uint256[] memory p = _equalPowers(2, 1);
        Messages.ValidatorSetRotation memory r = _rotation(8, s, p);
        IValidatorSet.QuorumProof memory proof = _proof(Messages.hash(r), keys, signers, powers, 0x7);
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetUnsortedSigners.selector, 1, s[0], s[1]));
        verifier.rotate(r, s, p, proof);
    }

    function test_rotate_revertsWithoutQuorum() public {
        Messages.ValidatorSetRotation memory r = _rotation(8, signers, powers);
        IValidatorSet.QuorumProof memory proof = _proof(Messages.hash(r), keys, signers, powers, 0x5);
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetNoQuorum.selector, 200, 400));
        verifier.rotate(r, signers, powers, proof);
    }

    // ---------------------------------------------------------------- syncFromStakeManager

    function test_sync_revertsWithoutStakeManager() public {
        vm.expectRevert(IValidatorSet.ValidatorSetNoStakeManager.selector);
        verifier.syncFromStakeManager();
    }

    function test_sync_takesNewerSetOnly() public {
        SetSource source = new SetSource();
        ValidatorSet home = new ValidatorSet(source, 0, new address[](0), new uint256[](0), 0);
        assertEq(home.epoch(), 0);
        assertEq(home.totalPower(), 0);
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetEpochNotAfter.selector, 0, 0));
        home.syncFromStakeManager();
        source.set(1, signers, powers);
        vm.expectEmit(address(home));
        emit IValidatorSet.ValidatorSetUpdated(1, keccak256(abi.encode(signers, powers)), 400, signers, powers);
        home.syncFromStakeManager();
        assertEq(home.epoch(), 1);
        assertEq(home.verify(DIGEST, _proof(DIGEST, keys, signers, powers, 0x7)), 300);
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetEpochNotAfter.selector, 1, 1));
        home.syncFromStakeManager();
    }

    // ---------------------------------------------------------------- fuzz

    /// A digest verifies if and only if the signing power is strictly more than 2/3 of the total.
    function testFuzz_verify_quorumIffMoreThanTwoThirds(uint256 seed, uint256 bitmap) public {
        uint256 n = bound(seed, 1, 12);
        (uint256[] memory k, address[] memory s) = _keys(n, seed);
        uint256[] memory p = new uint256[](n);
        uint256 total;
        uint256 signed;
        bitmap &= (1 << n) - 1;
        for (uint256 i; i < n; ++i) {
            p[i] = bound(uint256(keccak256(abi.encode(seed, "power", i))), 1, 1e12);
            total += p[i];
            if (bitmap & (1 << i) != 0) signed += p[i];
        }
        ValidatorSet v = new ValidatorSet(IValidatorSetSource(address(0)), 1, s, p, 1 days);
        IValidatorSet.QuorumProof memory proof = _proof(DIGEST, k, s, p, bitmap);
        if (3 * signed > 2 * total) {
            assertEq(v.verify(DIGEST, proof), signed);
        } else {
            vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetNoQuorum.selector, signed, total));
            v.verify(DIGEST, proof);
        }
    }
}
