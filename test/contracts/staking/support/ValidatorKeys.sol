// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {IValidatorSet} from "../../../../contracts/staking/IValidatorSet.sol";

/// @notice Validator keys sorted by address and quorum proofs built from them.
abstract contract ValidatorKeys is Test {
    uint256 internal constant SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141;

    /// @dev `n` private keys derived from `seed`, ordered so that their addresses ascend.
    function _keys(uint256 n, uint256 seed) internal pure returns (uint256[] memory keys, address[] memory signers) {
        keys = new uint256[](n);
        signers = new address[](n);
        for (uint256 i; i < n; ++i) {
            uint256 key = uint256(keccak256(abi.encode(seed, i))) % (SECP256K1_N - 1) + 1;
            address signer = vm.addr(key);
            uint256 j = i;
            while (j > 0 && uint160(signers[j - 1]) > uint160(signer)) {
                keys[j] = keys[j - 1];
                signers[j] = signers[j - 1];
                --j;
            }
            keys[j] = key;
            signers[j] = signer;
        }
    }

    function _equalPowers(uint256 n, uint256 power) internal pure returns (uint256[] memory powers) {
        powers = new uint256[](n);
        for (uint256 i; i < n; ++i) powers[i] = power;
    }

    /// @dev 64-byte EIP-2098 signature `r || vs`.
    function _compact(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, uint256(s) | (uint256(v - 27) << 255));
    }

    /// @dev The malleable twin (s' = n - s, parity flipped) of a compact signature.
    function _highS(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        uint256 parity = v == 27 ? 1 : 0;
        return abi.encodePacked(r, (SECP256K1_N - uint256(s)) | (parity << 255));
    }

    function _proof(
        bytes32 digest,
        uint256[] memory keys,
        address[] memory signers,
        uint256[] memory powers,
        uint256 bitmap
    ) internal pure returns (IValidatorSet.QuorumProof memory proof) {
        bytes memory signatures;
        for (uint256 i; i < keys.length; ++i) {
            if (bitmap & (1 << i) != 0) signatures = bytes.concat(signatures, _compact(keys[i], digest));
        }
        proof = IValidatorSet.QuorumProof(signers, powers, bitmap, signatures);
    }
}
