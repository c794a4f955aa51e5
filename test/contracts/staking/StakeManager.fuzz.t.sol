// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IStakeManager} from "../../../contracts/staking/IStakeManager.sol";
import {IValidatorSetSource} from "../../../contracts/staking/IValidatorSet.sol";
import {ValidatorSet} from "../../../contracts/staking/ValidatorSet.sol";
import {StakingFixture} from "./support/StakingFixture.sol";

contract StakeManagerFuzzTest is StakingFixture {
    function setUp() public {
        _deploy();
    }

    /// Whatever the amounts, a delegator never gets back more than it put in (rounding favours the
    /// pool), and exactly `stake * (1 - slash)` within one wei per step otherwise.
    function testFuzz_delegateUnbondWithdraw_neverReturnsMore(uint256 amount, uint256 fraction, bool slashed) public {
        (uint256[] memory keys, address[] memory signers) = _keys(1, 3);
        address v = makeAddr("v");
        address d = makeAddr("d");
        _stake(v, signers[0], 1_000e18, 0);
        amount = bound(amount, 1, 1e30);
        uint256 shares = _delegate(d, v, amount);
        if (slashed) {
            _slash(keys[0]);
            _advance();
            _advance();
            vm.prank(v);
            sm.unjail();
        }
        uint256 sell = bound(fraction, 1, shares);
        vm.prank(d);
        try sm.unbond(v, sell) returns (uint256 id) {
            for (uint256 i; i < _defaults().unbondingEpochs; ++i) _advance();
            vm.prank(d);
            uint256 out = sm.withdraw(id);
            assertLe(out, amount * sell / shares);
            if (!slashed) assertEq(out, amount * sell / shares);
        } catch (bytes memory reason) {
            // Only a sale worth zero tokens may fail.
            assertEq(bytes4(reason), IStakeManager.StakeManagerZeroShares.selector);
        }
        assertTrue(_balanceCovers());
    }

    /// The epoch set is sorted, hashes as documented and is accepted by a home-chain verifier,
    /// whose quorum then verifies a digest signed by the set.
    /// Runs: the input is a set size (1-40) and a stake order; 128 runs meet nearly every size,
    /// most of them several times, at ~40 ms a run (40 keys signing). `deep` keeps its count.
    /// forge-config: default.fuzz.runs = 128
    /// forge-config: ci.fuzz.runs = 128
    function testFuzz_advance_setIsSortedAndSyncs(uint256 seed) public {
        uint256 n = bound(seed, 1, 40);
        IStakeManager.Params memory p = _defaults();
        p.maxValidators = 40;
        vm.prank(gov);
        sm.setParams(p);
        (uint256[] memory keys, address[] memory signers) = _keys(n, seed);
        // Stake in an order unrelated to the signer order.
        for (uint256 i; i < n; ++i) {
            uint256 j = (i * 7 + seed % n) % n;
            while (sm.validatorOfSigner(signers[j]) != address(0)) j = (j + 1) % n;
            uint256 amount = 1_000e18 + uint256(keccak256(abi.encode(seed, i))) % 1e24;
            _stake(makeAddr(string(abi.encode("v", i))), signers[j], amount, 0);
        }
        _advance();
        _checkSynced(keys, signers, keccak256(abi.encode(seed)));
    }

    function _checkSynced(uint256[] memory keys, address[] memory signers, bytes32 digest) internal {
        (uint256 epoch, address[] memory s, uint256[] memory pw) = sm.currentValidatorSet();
        assertEq(s, signers);
        assertEq(sm.setHash(), keccak256(abi.encode(s, pw)));
        ValidatorSet home = new ValidatorSet(IValidatorSetSource(address(sm)), 0, new address[](0), new uint256[](0), 0);
        home.syncFromStakeManager();
        assertEq(home.epoch(), epoch);
        assertEq(home.setHash(), sm.setHash());
        assertEq(home.totalPower(), sm.totalPower());
        assertEq(home.verify(digest, _proof(digest, keys, s, pw, (1 << s.length) - 1)), sm.totalPower());
    }

    function _slash(uint256 key) internal {
        sm.slashDoubleSign(_checkpoint(bytes32(0)), _sign(key, _checkpoint(bytes32(0))), _checkpoint(bytes32(uint256(1))), _sign(key, _checkpoint(bytes32(uint256(1)))));
    }
}
