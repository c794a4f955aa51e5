// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Messages} from "../../../contracts/lib/Messages.sol";
import {IStakeManager} from "../../../contracts/staking/IStakeManager.sol";
import {StakingFixture} from "./support/StakingFixture.sol";

/// @notice The attacks of the staking review (issue 14 items 1, 4, 6 and 7), each written as an
/// attacker would run it. Run against the code before the fixes, every test failed: each attack
/// worked there. Each asserts that the attack reverts or gains nothing.
contract StakeManagerAttacksTest is StakingFixture {
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal attacker = makeAddr("attacker");
    address internal reporter = makeAddr("reporter");

    uint256[] internal keys;
    address[] internal signers;

    function setUp() public {
        _deploy();
        (keys, signers) = _keys(6, 7);
    }

    function _evidence(uint256 key, uint256 epoch, uint256 startBlock)
        internal
        pure
        returns (Messages.Checkpoint memory a, bytes memory sa, Messages.Checkpoint memory b, bytes memory sb)
    {
        a = Messages.Checkpoint(199, 1, address(0xC0FFEE), epoch, startBlock, startBlock + 99, keccak256("a"), 0, 1);
        b = Messages.Checkpoint(199, 1, address(0xC0FFEE), epoch, startBlock, startBlock + 99, keccak256("b"), 0, 1);
        sa = _sign(key, a);
        sb = _sign(key, b);
    }

    /// @dev Submits double-sign evidence from `from`; returns whether it was accepted.
    function _trySlash(address from, uint256 key, uint256 epoch, uint256 startBlock) internal returns (bool ok) {
        (Messages.Checkpoint memory a, bytes memory sa, Messages.Checkpoint memory b, bytes memory sb) =
            _evidence(key, epoch, startBlock);
        vm.prank(from);
        (ok,) = address(sm).call(abi.encodeCall(sm.slashDoubleSign, (a, sa, b, sb)));
    }

    // ---------------------------------------------------------------- item 1: bounded slashing

    /// Before: every invented block range was fresh evidence, so a reporter holding one leaked
    /// key (or two conflicting signatures per range) slashed a jailed validator again and again,
    /// delegators included, and collected a bounty each time.
    function test_attack_repeatedSlashOfJailedValidator() public {
        _stake(alice, signers[0], 1_000e18, 0);
        _delegate(bob, alice, 1_000e18);
        assertTrue(_trySlash(reporter, keys[0], 0, 1));
        uint256 bountyOnce = token.balanceOf(reporter);
        for (uint256 i = 1; i <= 10; ++i) assertFalse(_trySlash(reporter, keys[0], 0, 1 + i * 1_000));
        assertEq(token.balanceOf(reporter), bountyOnce, "one bounty per jail term");
        // One offence costs slashBps of the pool, not (1 - slashBps)^n of it.
        assertEq(sm.validator(alice).stake, 2_000e18 - 2_000e18 * uint256(_defaults().slashBps) / 10_000);
    }

    /// Before: after serving its term, the validator could be slashed again for the same
    /// offence (other block ranges of the epoch it was already punished for).
    function test_attack_sameOffenceAfterUnjail() public {
        _stake(alice, signers[0], 1_000e18, 0);
        assertTrue(_trySlash(reporter, keys[0], 0, 1));
        for (uint256 i; i < _defaults().jailEpochs; ++i) _advance();
        vm.prank(alice);
        sm.unjail();
        assertFalse(_trySlash(reporter, keys[0], 0, 5_001), "already punished for epoch 0");
    }

    /// Before: a retired signer key stayed slashable for ever, so whoever obtained it later
    /// could sign conflicting checkpoints for any epoch and have the validator slashed.
    function test_attack_retiredKeySignsLaterEpochs() public {
        _stake(alice, signers[0], 1_000e18, 0);
        _advance(); // epoch 1: signers[0] is alice's active key
        vm.prank(alice);
        sm.setSigner(signers[1]); // active from epoch 2; signers[0] retires after epoch 1
        _advance();
        _advance(); // epoch 3
        // The leaked old key signs for epochs after its retirement: refused.
        assertFalse(_trySlash(attacker, keys[0], 2, 1));
        assertFalse(_trySlash(attacker, keys[0], 3, 1));
        assertFalse(_trySlash(attacker, keys[0], 1_000, 1));
        assertEq(token.balanceOf(attacker), 0);
        assertFalse(sm.validator(alice).jailed);
        // For the epoch it was active, while the evidence is young enough, it still counts.
        assertTrue(_trySlash(attacker, keys[0], 1, 1));
    }

    /// Before: evidence never aged; a double sign from long ago (after the stake it could have
    /// taken was long withdrawn) still slashed today's pool.
    function test_attack_evidenceOlderThanUnbonding() public {
        _stake(alice, signers[0], 1_000e18, 0);
        _advance(); // epoch 1
        for (uint256 i; i < _defaults().unbondingEpochs; ++i) _advance();
        assertFalse(_trySlash(reporter, keys[0], 1, 1), "evidence as old as the unbonding period");
        assertTrue(_trySlash(reporter, keys[0], sm.epoch(), 1));
    }

    // ---------------------------------------------------------------- item 6: self-reports

    /// Before: a validator reporting its own double sign got the bounty back (half its slash
    /// with the default parameters); now neither its account nor any of its keys earns one.
    function test_attack_selfReportEarnsBounty() public {
        _stake(alice, signers[0], 1_000e18, 0);
        uint256 before = token.balanceOf(alice);
        assertTrue(_trySlash(alice, keys[0], 0, 1));
        assertEq(token.balanceOf(alice), before, "the validator's own report pays nothing");

        _stake(bob, signers[2], 1_000e18, 0);
        before = token.balanceOf(signers[2]);
        assertTrue(_trySlash(signers[2], keys[2], 0, 1));
        assertEq(token.balanceOf(signers[2]), before, "nor does a report from its signer key");
    }

    // ---------------------------------------------------------------- item 4: rewards

    /// Before: a delegation made in the same block as `advanceEpoch` took most of an epoch's
    /// reward of the pool it never staked through.
    function test_attack_sameBlockDelegationBeforeAdvance() public {
        _stake(alice, signers[0], 1_000e18, 0);
        _fundRewards(1_000e18);
        _advance(); // epoch 1: alice alone, power 1000
        vm.roll(sm.epochStartBlock() + _defaults().epochLength);
        _delegate(attacker, alice, 9_000e18); // same block as the advance below
        sm.advanceEpoch(); // pays epoch 1
        assertEq(sm.pendingRewards(alice, attacker), 0, "no reward for an epoch not staked through");
        assertEq(sm.pendingRewards(alice, alice), 100e18, "alice staked through epoch 1: all of it");
        // Held through epoch 2, the delegation earns its share of epoch 2.
        _advance();
        assertApproxEqAbs(sm.pendingRewards(alice, attacker), 90e18, 1);
    }

    /// Before: 1 wei of shares in the pool of a validator leaving mid-epoch took the validator's
    /// whole reward for that epoch (sized by its power at the epoch's start).
    function test_attack_dustSharesInLeavingPool() public {
        _stake(alice, signers[0], 1_000e18, 0);
        _stake(bob, signers[1], 1_000e18, 0);
        _fundRewards(1_000e18);
        _delegate(attacker, alice, 1); // 1 wei, held from before epoch 1
        _advance(); // epoch 1: alice and bob, 1000 power each
        vm.prank(alice);
        sm.unbond(alice, 1_000e18); // alice leaves mid-epoch
        (,, uint256 poolBefore,) = sm.totals();
        _advance(); // pays epoch 1
        assertLe(sm.pendingRewards(alice, attacker), 1, "1 wei of shares earns 1 wei's worth");
        assertEq(sm.pendingRewards(bob, bob), 50e18);
        (,, uint256 poolAfter,) = sm.totals();
        // Alice's unearned half stays in the reward pool.
        assertGe(poolAfter, poolBefore - 50e18 - 1);
    }

    // ---------------------------------------------------------------- item 7: parameters

    /// Before: `unbondingEpochs = 2^64 - 1` froze every stake, and a 100% bounty let a
    /// self-reporter recover its whole slash; both were accepted.
    function test_attack_unboundedParams() public {
        IStakeManager.Params memory p = _defaults();
        p.unbondingEpochs = type(uint64).max;
        vm.prank(gov);
        (bool ok,) = address(sm).call(abi.encodeCall(sm.setParams, (p)));
        assertFalse(ok, "unbondingEpochs 2^64-1");
        p = _defaults();
        p.bountyBps = 10_000;
        vm.prank(gov);
        (ok,) = address(sm).call(abi.encodeCall(sm.setParams, (p)));
        assertFalse(ok, "bountyBps 100%");
    }
}
