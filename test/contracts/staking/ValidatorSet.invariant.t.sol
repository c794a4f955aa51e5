// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Messages} from "../../../contracts/lib/Messages.sol";
import {IValidatorSet, IValidatorSetSource} from "../../../contracts/staking/IValidatorSet.sol";
import {ValidatorSet} from "../../../contracts/staking/ValidatorSet.sol";
import {ValidatorKeys} from "./support/ValidatorKeys.sol";

/// @notice Rotates a verifier through random sets and submits random subsets of signatures,
/// counting any digest accepted with 2/3 of the power or less.
contract VerifierHandler is ValidatorKeys {
    ValidatorSet public verifier;
    uint256[] internal _k;
    address[] internal _s;
    uint256[] internal _p;
    uint256 public accepted;
    uint256 public acceptedWithoutQuorum;

    constructor() {
        (_k, _s) = _keys(6, 0);
        _p = _equalPowers(6, 10);
        verifier = new ValidatorSet(IValidatorSetSource(address(0)), 1, _s, _p, 1 days);
    }

    function rotate(uint256 seed) external {
        uint256 n = bound(seed, 1, 8);
        (uint256[] memory k, address[] memory s) = _keys(n, seed);
        uint256[] memory p = new uint256[](n);
        for (uint256 i; i < n; ++i) p[i] = bound(uint256(keccak256(abi.encode(seed, i))), 1, 1_000);
        uint256 total;
        for (uint256 i; i < n; ++i) total += p[i];
        Messages.ValidatorSetRotation memory r = Messages.ValidatorSetRotation(
            block.chainid, address(verifier), verifier.epoch(), verifier.epoch() + 1, keccak256(abi.encode(s, p)), total
        );
        verifier.rotate(r, s, p, _proof(Messages.hash(r), _k, _s, _p, (1 << _k.length) - 1));
        (_k, _s, _p) = (k, s, p);
    }

    function submit(uint256 bitmap, bytes32 digest) external {
        bitmap &= (1 << _k.length) - 1;
        uint256 signed;
        for (uint256 i; i < _k.length; ++i) if (bitmap & (1 << i) != 0) signed += _p[i];
        try verifier.verify(digest, _proof(digest, _k, _s, _p, bitmap)) {
            ++accepted;
            if (3 * signed <= 2 * verifier.totalPower()) ++acceptedWithoutQuorum;
        } catch {}
    }
}

contract ValidatorSetInvariantTest is ValidatorKeys {
    VerifierHandler internal handler;

    function setUp() public {
        handler = new VerifierHandler();
        targetContract(address(handler));
    }

    /// A digest never verifies with 2/3 of the power or less.
    function invariant_neverVerifiesWithoutQuorum() public view {
        assertEq(handler.acceptedWithoutQuorum(), 0);
    }
}
