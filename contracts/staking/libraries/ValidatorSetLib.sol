// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IValidatorSet} from "../IValidatorSet.sol";

/// @title ValidatorSetLib
/// @notice Set hashing, set validation and quorum verification (encodings in `IValidatorSet`).
library ValidatorSetLib {
    /// @notice Largest set: the signed-member bitmap is one word.
    uint256 internal constant MAX_SET_SIZE = 256;
    /// @notice Powers stay below 2^96 so that sums and the quorum products never overflow.
    uint256 internal constant MAX_POWER = (1 << 96) - 1;

    /// @notice `keccak256(abi.encode(signers, powers))`.
    function hashSet(address[] memory signers, uint256[] memory powers) internal pure returns (bytes32) {
        return keccak256(abi.encode(signers, powers));
    }

    /// @notice Validates a set (size, lengths, strictly ascending signers, powers in range) and
    /// returns its total power.
    function checkSet(address[] memory signers, uint256[] memory powers) internal pure returns (uint256 total) {
        uint256 n = signers.length;
        if (powers.length != n) revert IValidatorSet.ValidatorSetLengthMismatch(n, powers.length);
        if (n == 0 || n > MAX_SET_SIZE) revert IValidatorSet.ValidatorSetInvalidSize(n, MAX_SET_SIZE);
        address previous;
        for (uint256 i; i < n; ++i) {
            address signer = signers[i];
            // The first signer must be above zero too: the zero address is what ecrecover
            // failures look like, so it can never be a member.
            if (uint160(signer) <= uint160(previous)) {
                revert IValidatorSet.ValidatorSetUnsortedSigners(i, previous, signer);
            }
            uint256 power = powers[i];
            if (power == 0 || power > MAX_POWER) revert IValidatorSet.ValidatorSetInvalidPower(i, power);
            total += power;
            previous = signer;
        }
    }

    /// @notice True when `signedPower` is strictly more than 2/3 of `totalPower`.
    function hasQuorum(uint256 signedPower, uint256 totalPower) internal pure returns (bool) {
        return 3 * signedPower > 2 * totalPower;
    }

    /// @notice Verifies that a quorum of the committed set signed `digest`; reverts otherwise.
    /// @dev The set was validated (sorted, unique, powers in range) when it was committed, so a
    /// matching hash proves the calldata set has those properties; only the hash is checked here.
    function verifyQuorum(
        bytes32 digest,
        bytes32 committedHash,
        uint256 totalPower,
        IValidatorSet.QuorumProof calldata proof
    ) internal view returns (uint256 signedPower) {
        address[] calldata signers = proof.signers;
        uint256[] calldata powers = proof.powers;
        uint256 bitmap = proof.signedBitmap;
        bytes calldata signatures = proof.signatures;
        _checkShape(committedHash, signers, powers, bitmap, signatures.length);

        uint256 cursor;
        assembly ("memory-safe") {
            cursor := signatures.offset
        }
        signedPower = _signedPower(digest, signers, powers, bitmap, cursor);
        if (!hasQuorum(signedPower, totalPower)) revert IValidatorSet.ValidatorSetNoQuorum(signedPower, totalPower);
    }

    /// @dev Checks the signature of every member named in `bitmap` (read in order from calldata
    /// position `cursor`) and sums their powers.
    function _signedPower(
        bytes32 digest,
        address[] calldata signers,
        uint256[] calldata powers,
        uint256 bitmap,
        uint256 cursor
    ) private view returns (uint256 signedPower) {
        // Unchecked: i < 256 (bitmap is one word); cursor stays within `signatures`, whose length
        // is 64 per set bit (_checkShape); signedPower sums at most 256 committed powers, each
        // below 2^96 (checked when the set was committed, and the hash matched).
        unchecked {
            for (uint256 i; bitmap != 0; ++i) {
                if (bitmap & 1 != 0) {
                    address member = signers[i];
                    address recovered = _recover(digest, cursor);
                    if (recovered != member) {
                        // Members are never zero, so a zero result is a bad signature, not a mismatch.
                        if (recovered == address(0)) revert IValidatorSet.ValidatorSetInvalidSignature(i);
                        revert IValidatorSet.ValidatorSetWrongSigner(i, member, recovered);
                    }
                    signedPower += powers[i];
                    cursor += 64;
                }
                bitmap >>= 1;
            }
        }
    }

    /// @dev The calldata set is the committed one, the bitmap names members only, and there are
    /// exactly 64 signature bytes per named member.
    function _checkShape(
        bytes32 committedHash,
        address[] calldata signers,
        uint256[] calldata powers,
        uint256 bitmap,
        uint256 signaturesLength
    ) private pure {
        uint256 n = signers.length;
        if (powers.length != n) revert IValidatorSet.ValidatorSetLengthMismatch(n, powers.length);
        bytes32 actual = _hashCalldata(signers, powers);
        if (actual != committedHash) revert IValidatorSet.ValidatorSetHashMismatch(committedHash, actual);
        if (n < MAX_SET_SIZE && bitmap >> n != 0) revert IValidatorSet.ValidatorSetBitmapOutOfRange(bitmap, n);
        uint256 expected = _popCount(bitmap) * 64;
        if (signaturesLength != expected) revert IValidatorSet.ValidatorSetSignaturesLength(expected, signaturesLength);
    }

    /// @dev `keccak256(abi.encode(signers, powers))` for same-length calldata arrays, built by
    /// copying the arrays (length word included) behind the two head offsets instead of
    /// re-encoding them element by element. Dirty upper bits in an address word would change the
    /// hash and fail the comparison with the committed (clean) hash, so no cleaning is needed.
    function _hashCalldata(address[] calldata signers, uint256[] calldata powers) private pure returns (bytes32 h) {
        assembly ("memory-safe") {
            let size := shl(5, add(signers.length, 1)) // one array: length word + elements
            let ptr := mload(0x40) // unallocated memory past the free memory pointer
            mstore(ptr, 0x40) // head: offset of signers
            mstore(add(ptr, 0x20), add(0x40, size)) // head: offset of powers
            calldatacopy(add(ptr, 0x40), sub(signers.offset, 0x20), size)
            calldatacopy(add(add(ptr, 0x40), size), sub(powers.offset, 0x20), size)
            h := keccak256(ptr, add(0x40, shl(1, size)))
        }
    }

    /// @dev Signer of the EIP-2098 compact signature (r, vs) at calldata position `cursor`, or
    /// zero when s is high (above n/2) or the precompile finds no key. Same rules as
    /// OpenZeppelin's `ECDSA.tryRecover(hash, r, vs)`, in assembly because this runs once per
    /// signing validator.
    function _recover(bytes32 digest, uint256 cursor) private view returns (address signer) {
        assembly ("memory-safe") {
            let r := calldataload(cursor)
            let vs := calldataload(add(cursor, 0x20))
            // Low 255 bits are s, the top bit is the parity of y (v = 27 + parity).
            let s := and(vs, 0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff)
            if iszero(gt(s, 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0)) {
                // Input (hash, v, r, s) in unallocated memory past the free memory pointer.
                let input := mload(0x40)
                mstore(input, digest)
                mstore(add(input, 0x20), add(shr(255, vs), 27))
                mstore(add(input, 0x40), r)
                mstore(add(input, 0x60), s)
                // The precompile returns no data on failure: clear the output (scratch) word first.
                mstore(0x00, 0)
                pop(staticcall(gas(), 0x01, input, 0x80, 0x00, 0x20))
                signer := mload(0x00)
            }
        }
    }

    /// @dev Number of set bits (Kernighan: one iteration per set bit).
    function _popCount(uint256 x) private pure returns (uint256 count) {
        while (x != 0) {
            x &= x - 1;
            ++count;
        }
    }
}
