// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {Messages} from "../../../contracts/lib/Messages.sol";
import {IStakeManager} from "../../../contracts/staking/IStakeManager.sol";
import {StakingFixture} from "./support/StakingFixture.sol";

contract StakeManagerTest is StakingFixture {
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");
    address internal dave = makeAddr("dave");
    address internal erin = makeAddr("erin");
    address internal del1 = makeAddr("delegator1");
    address internal reporter = makeAddr("reporter");

    uint256[] internal keys;
    address[] internal signers;

    function setUp() public {
        _deploy();
        (keys, signers) = _keys(6, 42);
    }

    function _four() internal {
        _stake(alice, signers[0], 1_000e18, 1_000);
        _stake(bob, signers[1], 2_000e18, 0);
        _stake(carol, signers[2], 3_000e18, 500);
        _stake(dave, signers[3], 4_000e18, 10_000);
    }

    // ---------------------------------------------------------------- governance

    function test_setParams_onlyOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        vm.prank(alice);
        sm.setParams(_defaults());
    }

    function test_setParams_updatesAndEmits() public {
        IStakeManager.Params memory p = _defaults();
        p.rewardPerEpoch = 7;
        vm.expectEmit(address(sm));
        emit IStakeManager.ParamsUpdated(p);
        vm.prank(gov);
        sm.setParams(p);
        assertEq(sm.params().rewardPerEpoch, 7);
    }

    /// Each parameter outside its range reverts with its name, its value and the range computed
    /// for the other parameters (epochLength 600 blocks = 1800 s at 3 s; setMaxAge 1 hour).
    function test_setParams_rejectsOutOfRange() public {
        IStakeManager.Params[13] memory bad;
        for (uint256 i; i < 13; ++i) bad[i] = _defaults();
        bad[0].epochLength = 4;
        bad[1].epochLength = 601; // an epoch longer than half a set's life
        bad[2].maxValidators = 0;
        bad[3].maxValidators = 101;
        bad[4].unbondingEpochs = 2; // 3600 s: not longer than the set age
        bad[5].unbondingEpochs = type(uint64).max;
        bad[6].jailEpochs = 0;
        bad[7].slashBps = 5_001;
        bad[8].slashBps = 99;
        bad[9].bountyBps = 1_001;
        bad[10].minSelfStake = 1e18 - 1;
        bad[11].rewardPerEpoch = 1e27 + 1;
        bad[12].setMaxAge = 30 days + 1;
        string[13] memory names = [
            "epochLength", "epochLength", "maxValidators", "maxValidators", "unbondingEpochs", "unbondingEpochs",
            "jailEpochs", "slashBps", "slashBps", "bountyBps", "minSelfStake", "rewardPerEpoch", "setMaxAge"
        ];
        uint256[2][13] memory ranges = [
            [uint256(5), 600], [uint256(5), 600], [uint256(1), 100], [uint256(1), 100], [uint256(3), 4_320],
            [uint256(3), 4_320], [uint256(1), 4_320], [uint256(100), 5_000], [uint256(100), 5_000],
            [uint256(0), 1_000], [uint256(1e18), 1e27], [uint256(0), 1e27], [uint256(1 hours), 30 days]
        ];
        uint256[13] memory values = [
            uint256(4), 601, 0, 101, 2, type(uint64).max, 0, 5_001, 99, 1_001, 1e18 - 1, 1e27 + 1, 30 days + 1
        ];
        for (uint256 i; i < 13; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IStakeManager.StakeManagerParamOutOfRange.selector, names[i], values[i], ranges[i][0], ranges[i][1]
                )
            );
            vm.prank(gov);
            sm.setParams(bad[i]);
        }
    }

    /// Lowering maxValidators drops at most 10 members per epoch (a bounded loop on TRON).
    function test_setParams_shrinksSetGradually() public {
        IStakeManager.Params memory p = _defaults();
        p.maxValidators = 30;
        vm.prank(gov);
        sm.setParams(p);
        (, address[] memory s) = _keys(30, 99);
        for (uint256 i; i < 30; ++i) _stake(makeAddr(string(abi.encode("m", i))), s[i], 1_000e18, 0);
        p.maxValidators = 19;
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerParamOutOfRange.selector, "maxValidators", 19, 20, 100));
        vm.prank(gov);
        sm.setParams(p);
        p.maxValidators = 20;
        vm.prank(gov);
        sm.setParams(p);
        _advance();
        assertEq(sm.members().length, 20);
    }

    function test_ownership_isTwoStep() public {
        vm.prank(gov);
        sm.transferOwnership(alice);
        assertEq(sm.owner(), gov);
        vm.prank(alice);
        sm.acceptOwnership();
        assertEq(sm.owner(), alice);
    }

    function test_fundRewards() public {
        vm.expectRevert(IStakeManager.StakeManagerZeroAmount.selector);
        sm.fundRewards(0);
        _fundRewards(500e18);
        (,, uint256 pool,) = sm.totals();
        assertEq(pool, 500e18);
        assertEq(token.balanceOf(address(sm)), 500e18);
    }

    // ---------------------------------------------------------------- stake

    function test_stake_registersAndJoins() public {
        _fund(alice, 1_000e18);
        vm.expectEmit(address(sm));
        emit IStakeManager.ValidatorStaked(alice, signers[0], 1_000e18, 1_000);
        vm.prank(alice);
        sm.stake(signers[0], 1_000e18, 1_000);
        IStakeManager.Validator memory v = sm.validator(alice);
        assertEq(v.signer, signers[0]);
        assertEq(v.stake, 1_000e18);
        assertEq(v.shares, 1_000e18);
        assertEq(uint8(v.status), 1);
        assertEq(sm.validatorOfSigner(signers[0]), alice);
        assertEq(sm.stakeOf(alice, alice), 1_000e18);
        assertEq(sm.members().length, 1);
        (uint256 staked,,,) = sm.totals();
        assertEq(staked, 1_000e18);
    }

    function test_stake_revertsBelowMinSelfStake() public {
        _fund(alice, 999e18);
        vm.expectRevert(
            abi.encodeWithSelector(IStakeManager.StakeManagerBelowMinSelfStake.selector, alice, 999e18, 1_000e18)
        );
        vm.prank(alice);
        sm.stake(signers[0], 999e18, 0);
    }

    function test_stake_revertsOnBadCommissionOrSigner() public {
        _fund(alice, 2_000e18);
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerInvalidCommission.selector, 10_001));
        sm.stake(signers[0], 1_000e18, 10_001);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerInvalidSigner.selector, address(0)));
        sm.stake(address(0), 1_000e18, 0);
        vm.stopPrank();
        _stake(bob, signers[1], 1_000e18, 0);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerSignerTaken.selector, signers[1], bob));
        vm.prank(alice);
        sm.stake(signers[1], 1_000e18, 0);
    }

    function test_stake_revertsWhenAlreadyValidator() public {
        _stake(alice, signers[0], 1_000e18, 0);
        _fund(alice, 1_000e18);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerAlreadyValidator.selector, alice));
        vm.prank(alice);
        sm.stake(signers[0], 1_000e18, 0);
    }

    function test_stake_revertsWithoutAllowance() public {
        token.mint(alice, 1_000e18);
        vm.expectPartialRevert(bytes4(keccak256("ERC20InsufficientAllowance(address,uint256,uint256)")));
        vm.prank(alice);
        sm.stake(signers[0], 1_000e18, 0);
    }

    // ---------------------------------------------------------------- signer and commission

    function test_setSigner_rotatesAndKeepsOldBinding() public {
        _stake(alice, signers[0], 1_000e18, 0);
        vm.expectEmit(address(sm));
        emit IStakeManager.SignerChanged(alice, signers[0], signers[4]);
        vm.prank(alice);
        sm.setSigner(signers[4]);
        assertEq(sm.validator(alice).signer, signers[4]);
        assertEq(sm.validatorOfSigner(signers[0]), alice);
        assertEq(sm.validatorOfSigner(signers[4]), alice);
        // Effective at the next epoch's set.
        _advance();
        (, address[] memory s,) = sm.currentValidatorSet();
        assertEq(s[0], signers[4]);
    }

    function test_setSigner_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerUnknownValidator.selector, alice));
        vm.prank(alice);
        sm.setSigner(signers[0]);
        _stake(alice, signers[0], 1_000e18, 0);
        _stake(bob, signers[1], 1_000e18, 0);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerSignerTaken.selector, signers[1], bob));
        vm.prank(alice);
        sm.setSigner(signers[1]);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerInvalidSigner.selector, address(0)));
        vm.prank(alice);
        sm.setSigner(address(0));
    }

    function test_setCommission_takesEffectNextEpoch() public {
        _stake(alice, signers[0], 1_000e18, 0);
        _fundRewards(1_000e18);
        _delegate(del1, alice, 1_000e18); // earns from epoch 1 (bought in epoch 0)
        _advance(); // epoch 1, alice in the set
        vm.expectEmit(address(sm));
        emit IStakeManager.CommissionChangeScheduled(alice, 10_000, 2);
        vm.prank(alice);
        sm.setCommission(10_000);
        _advance(); // pays epoch 1 at the old commission (0)
        assertEq(sm.pendingRewards(alice, del1), 50e18);
        _advance(); // pays epoch 2 at 100%
        assertEq(sm.pendingRewards(alice, del1), 50e18);
        assertEq(sm.pendingRewards(alice, alice), 150e18);
    }

    function test_setCommission_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerUnknownValidator.selector, alice));
        vm.prank(alice);
        sm.setCommission(1);
        _stake(alice, signers[0], 1_000e18, 0);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerInvalidCommission.selector, 10_001));
        vm.prank(alice);
        sm.setCommission(10_001);
    }

    // ---------------------------------------------------------------- delegation

    function test_delegate_buysShares() public {
        _stake(alice, signers[0], 1_000e18, 0);
        _fund(del1, 500e18);
        vm.expectEmit(address(sm));
        emit IStakeManager.Delegated(del1, alice, 500e18, 500e18);
        vm.prank(del1);
        assertEq(sm.delegate(alice, 500e18), 500e18);
        assertEq(sm.validator(alice).stake, 1_500e18);
        assertEq(sm.stakeOf(alice, del1), 500e18);
    }

    function test_delegate_reverts() public {
        _fund(del1, 1e18);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerUnknownValidator.selector, alice));
        vm.prank(del1);
        sm.delegate(alice, 1e18);
        _stake(alice, signers[0], 1_000e18, 0);
        vm.expectRevert(IStakeManager.StakeManagerZeroAmount.selector);
        vm.prank(del1);
        sm.delegate(alice, 0);
        _jail(alice, keys[0]);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerValidatorNotActive.selector, alice));
        vm.prank(del1);
        sm.delegate(alice, 1e18);
    }

    function test_delegate_exchangeRateAfterSlash() public {
        _stake(alice, signers[0], 1_000e18, 0);
        _jail(alice, keys[0]); // pool 1000 -> 900
        _advance();
        _advance();
        vm.prank(alice);
        sm.unjail();
        // 900 tokens back 1000 shares: 90 tokens buy 100 shares.
        assertEq(_delegate(del1, alice, 90e18), 100e18);
        assertEq(sm.stakeOf(alice, del1), 90e18);
    }

    // ---------------------------------------------------------------- unbond and withdraw

    function test_unbond_thenWithdrawAfterDelay() public {
        _stake(alice, signers[0], 1_000e18, 0);
        _delegate(del1, alice, 400e18);
        vm.expectEmit(address(sm));
        emit IStakeManager.Unbonded(del1, alice, 0, 100e18, 100e18, 3);
        vm.prank(del1);
        assertEq(sm.unbond(alice, 100e18), 0);
        assertEq(sm.unbondingAmount(del1, 0), 100e18);
        (uint256 staked, uint256 unbonding,,) = sm.totals();
        assertEq(staked, 1_300e18);
        assertEq(unbonding, 100e18);

        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerEarlyWithdraw.selector, 0, 3, 0));
        vm.prank(del1);
        sm.withdraw(0);
        _advance();
        _advance();
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerEarlyWithdraw.selector, 0, 3, 2));
        vm.prank(del1);
        sm.withdraw(0);
        _advance();
        vm.expectEmit(address(sm));
        emit IStakeManager.Withdrawn(del1, 0, 100e18);
        vm.prank(del1);
        assertEq(sm.withdraw(0), 100e18);
        assertEq(token.balanceOf(del1), 100e18);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerUnknownUnbond.selector, del1, 0));
        vm.prank(del1);
        sm.withdraw(0);
    }

    function test_unbond_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerUnknownValidator.selector, alice));
        vm.prank(del1);
        sm.unbond(alice, 1);
        _stake(alice, signers[0], 1_000e18, 0);
        vm.expectRevert(IStakeManager.StakeManagerZeroAmount.selector);
        vm.prank(del1);
        sm.unbond(alice, 0);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerInsufficientShares.selector, del1, 0, 1));
        vm.prank(del1);
        sm.unbond(alice, 1);
        vm.expectRevert(
            abi.encodeWithSelector(IStakeManager.StakeManagerBelowMinSelfStake.selector, alice, 999e18, 1_000e18)
        );
        vm.prank(alice);
        sm.unbond(alice, 1e18);
    }

    function test_unbond_allOwnSharesExits() public {
        _stake(alice, signers[0], 1_000e18, 0);
        _delegate(del1, alice, 100e18);
        vm.expectEmit(address(sm));
        emit IStakeManager.ValidatorExited(alice);
        vm.prank(alice);
        sm.unbond(alice, 1_000e18);
        assertEq(uint8(sm.validator(alice).status), 2);
        assertEq(sm.members().length, 0);
        // Delegators may still leave; nobody may join an exited pool.
        vm.prank(del1);
        sm.unbond(alice, 100e18);
        _fund(del1, 1e18);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerValidatorNotActive.selector, alice));
        vm.prank(del1);
        sm.delegate(alice, 1e18);
        // An exited validator may stake again with the same key.
        _stake(alice, signers[0], 1_000e18, 0);
        assertEq(uint8(sm.validator(alice).status), 1);
    }

    // ---------------------------------------------------------------- rewards

    function test_rewards_splitByPowerWithCommission() public {
        _four(); // 1000, 2000, 3000, 4000 -> powers 1000..4000 of 10000
        _delegate(del1, alice, 1_000e18); // alice's pool 2000, del1 half of it
        _fundRewards(1_000e18);
        _advance(); // epoch 1 set: alice 2000, bob 2000, carol 3000, dave 4000 (total 11000)
        assertEq(sm.totalPower(), 11_000);
        _advance(); // pays 100e18 for epoch 1
        uint256 aliceReward = uint256(100e18) * 2_000 / 11_000;
        uint256 commission = aliceReward * 1_000 / 10_000;
        assertEq(sm.pendingRewards(alice, del1), (aliceReward - commission) / 2);
        assertEq(sm.pendingRewards(alice, alice), commission + (aliceReward - commission) / 2);
        // dave takes 100% commission.
        assertEq(sm.pendingRewards(dave, dave), uint256(100e18) * 4_000 / 11_000);

        uint256 before = token.balanceOf(del1);
        vm.expectEmit(address(sm));
        emit IStakeManager.RewardsClaimed(del1, alice, (aliceReward - commission) / 2);
        vm.prank(del1);
        sm.claimRewards(alice);
        assertEq(token.balanceOf(del1) - before, (aliceReward - commission) / 2);
        assertTrue(_balanceCovers());
    }

    function test_rewards_nothingToClaim() public {
        _stake(alice, signers[0], 1_000e18, 0);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerNothingToClaim.selector, del1, alice));
        vm.prank(del1);
        sm.claimRewards(alice);
    }

    function test_rewards_limitedByPool() public {
        _stake(alice, signers[0], 1_000e18, 0);
        _fundRewards(30e18);
        _advance();
        vm.expectEmit(address(sm));
        emit IStakeManager.EpochRewarded(1, 30e18);
        _advance();
        (,, uint256 pool, uint256 owed) = sm.totals();
        assertEq(pool, 0);
        assertEq(owed, 30e18);
        _advance(); // empty pool: nothing more
        assertEq(sm.pendingRewards(alice, alice), 30e18);
    }

    function test_rewards_stopWhileJailed() public {
        _stake(alice, signers[0], 1_000e18, 0);
        _stake(bob, signers[1], 1_000e18, 0);
        _fundRewards(1_000e18);
        _advance();
        _jail(alice, keys[0]);
        _advance(); // epoch 1: alice jailed, only bob's half is paid
        assertEq(sm.pendingRewards(alice, alice), 0);
        assertEq(sm.pendingRewards(bob, bob), 50e18);
        _advance();
        assertEq(sm.pendingRewards(alice, alice), 0);
        assertEq(sm.pendingRewards(bob, bob), 150e18);
    }

    function test_restake_compounds() public {
        _stake(alice, signers[0], 1_000e18, 0);
        _fundRewards(1_000e18);
        _advance();
        _advance();
        vm.expectEmit(address(sm));
        emit IStakeManager.RewardsRestaked(alice, alice, 100e18, 100e18);
        vm.prank(alice);
        assertEq(sm.restake(alice), 100e18);
        assertEq(sm.stakeOf(alice, alice), 1_100e18);
        (, , , uint256 owed) = sm.totals();
        assertEq(owed, 0);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerNothingToClaim.selector, alice, alice));
        vm.prank(alice);
        sm.restake(alice);
    }

    function test_restake_revertsWhenNotActive() public {
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerValidatorNotActive.selector, alice));
        sm.restake(alice);
    }

    // ---------------------------------------------------------------- epochs and the set

    function test_advanceEpoch_revertsEarly() public {
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerEpochNotOver.selector, 601, 1));
        sm.advanceEpoch();
    }

    function test_advanceEpoch_emitsSortedSetAndHash() public {
        _four();
        address[] memory s = new address[](4);
        uint256[] memory p = new uint256[](4);
        for (uint256 i; i < 4; ++i) (s[i], p[i]) = (signers[i], (i + 1) * 1_000);
        bytes32 expected = keccak256(abi.encode(s, p));
        vm.roll(601);
        vm.expectEmit(address(sm));
        emit IStakeManager.ValidatorSetUpdated(1, expected, 10_000, s, p);
        sm.advanceEpoch();
        assertEq(sm.epoch(), 1);
        assertEq(sm.setHash(), expected);
        (uint256 e, address[] memory cs, uint256[] memory cp) = sm.currentValidatorSet();
        assertEq(e, 1);
        assertEq(cs, s);
        assertEq(cp, p);
    }

    function test_claimSlot_displacesWeakerMember() public {
        _four();
        _stake(erin, signers[4], 1_500e18, 0); // set full: erin waits
        assertEq(sm.validator(erin).memberIndex, 0);
        vm.expectRevert(
            abi.encodeWithSelector(IStakeManager.StakeManagerStakeNotHigher.selector, erin, 1_500e18, bob, 2_000e18)
        );
        sm.claimSlot(erin, bob);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerNotMember.selector, del1));
        sm.claimSlot(erin, del1);
        vm.expectEmit(address(sm));
        emit IStakeManager.MembershipChanged(erin, alice);
        sm.claimSlot(erin, alice);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerAlreadyMember.selector, erin));
        sm.claimSlot(erin, bob);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerValidatorNotActive.selector, del1));
        sm.claimSlot(del1, bob);
        _advance();
        (, address[] memory s,) = sm.currentValidatorSet();
        assertEq(s.length, 4);
        for (uint256 i; i < 4; ++i) assertTrue(s[i] != signers[0]);
    }

    function test_maxValidatorsLowered_dropsWeakest() public {
        _four();
        IStakeManager.Params memory p = _defaults();
        p.maxValidators = 2;
        vm.prank(gov);
        sm.setParams(p);
        _advance();
        (, address[] memory s, uint256[] memory pw) = sm.currentValidatorSet();
        assertEq(s.length, 2);
        assertEq(s[0], signers[2]);
        assertEq(pw[1], 4_000);
    }

    // ---------------------------------------------------------------- slashing and jail

    function _jail(address v, uint256 key) internal {
        Messages.Checkpoint memory a = _checkpoint(keccak256(abi.encode("a", v)));
        Messages.Checkpoint memory b = _checkpoint(keccak256(abi.encode("b", v)));
        vm.prank(reporter);
        sm.slashDoubleSign(a, _sign(key, a), b, _sign(key, b));
    }

    function test_slash_slashesJailsAndPaysBounty() public {
        _stake(alice, signers[0], 1_000e18, 0);
        _delegate(del1, alice, 1_000e18);
        vm.prank(del1);
        sm.unbond(alice, 500e18); // unbonding stake is slashed too
        Messages.Checkpoint memory a = _checkpoint(keccak256("a"));
        Messages.Checkpoint memory b = _checkpoint(keccak256("b"));
        vm.expectEmit(address(sm));
        emit IStakeManager.DoubleSignSlashed(alice, signers[0], reporter, 200e18, 20e18, 2);
        vm.prank(reporter);
        sm.slashDoubleSign(a, _sign(keys[0], a), b, _sign(keys[0], b));
        assertEq(token.balanceOf(reporter), 20e18);
        IStakeManager.Validator memory v = sm.validator(alice);
        assertTrue(v.jailed);
        assertEq(v.stake, 1_350e18);
        assertEq(v.unbondingStake, 450e18);
        assertEq(sm.stakeOf(alice, del1), 450e18);
        assertEq(sm.unbondingAmount(del1, 0), 450e18);
        assertEq(sm.members().length, 0);
        (,, uint256 pool,) = sm.totals();
        assertEq(pool, 180e18);
        assertTrue(_balanceCovers());
        // One slash per jail term.
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerValidatorJailed.selector, alice, 2));
        sm.slashDoubleSign(a, _sign(keys[0], a), b, _sign(keys[0], b));
    }

    /// Any differing field makes a conflict, and the two checkpoints may name different epochs of
    /// the key's term; after the jail term, evidence of an epoch after the first slash counts again.
    function test_slash_eachDifferingFieldAndEpochsOfTheTerm() public {
        _stake(alice, signers[0], 1_000e18, 0);
        _advance(); // epoch 1
        Messages.Checkpoint memory a = _checkpoint(keccak256("a"));
        Messages.Checkpoint memory b = _checkpoint(keccak256("a"));
        b.messageCount = 5;
        b.epoch = 1;
        sm.slashDoubleSign(a, _sign(keys[0], a), b, _sign(keys[0], b));
        _advance();
        _advance(); // epoch 3: jail served
        vm.prank(alice);
        sm.unjail();
        a = _checkpoint(keccak256("a"));
        a.startBlock = 1;
        a.epoch = 3;
        b = _checkpoint(keccak256("a"));
        b.startBlock = 1;
        b.epoch = 2;
        b.messageRoot = keccak256("other");
        sm.slashDoubleSign(a, _sign(keys[0], a), b, _sign(keys[0], b));
        assertEq(sm.validator(alice).stake, 810e18);
    }

    /// The key's term, the evidence's age and the first slash bound what evidence may slash.
    function test_slash_rejectsEvidenceOutsideTheTerm() public {
        _stake(alice, signers[0], 1_000e18, 0);
        Messages.Checkpoint memory a = _checkpoint(keccak256("a"));
        Messages.Checkpoint memory b = _checkpoint(keccak256("b"));
        a.epoch = 1;
        b.epoch = 1;
        bytes memory sa = _sign(keys[0], a);
        bytes memory sb = _sign(keys[0], b);
        uint256 open = type(uint64).max;
        // An epoch that has not begun.
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerKeyNotActive.selector, signers[0], 1, 0, open, 0));
        sm.slashDoubleSign(a, sa, b, sb);
        _advance(); // epoch 1
        vm.prank(alice);
        sm.setSigner(signers[4]); // signers[0]'s term is [0, 1]
        _advance();
        _advance(); // epoch 3
        a.epoch = 2;
        sa = _sign(keys[0], a);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerKeyNotActive.selector, signers[0], 2, 0, 1, 3));
        sm.slashDoubleSign(a, sa, b, sb);
        (uint64 from, uint64 until) = sm.keyTerm(signers[0]);
        assertEq(from, 0);
        assertEq(until, 1);
        // Evidence for epoch 1 expires at epoch 1 + unbondingEpochs = 4.
        a.epoch = 1;
        sa = _sign(keys[0], a);
        _advance();
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerEvidenceExpired.selector, 1, 4, 4));
        sm.slashDoubleSign(a, sa, b, sb);
    }

    function test_slash_rejectsNonConflicts() public {
        _stake(alice, signers[0], 1_000e18, 0);
        Messages.Checkpoint memory a = _checkpoint(keccak256("a"));
        Messages.Checkpoint memory b = _checkpoint(keccak256("a"));
        b.epoch = 2; // same content: not a conflict
        bytes memory sa = _sign(keys[0], a);
        bytes memory sb = _sign(keys[0], b);
        vm.expectRevert(IStakeManager.StakeManagerNotDoubleSign.selector);
        sm.slashDoubleSign(a, sa, b, sb);
        b = _checkpoint(keccak256("b"));
        b.endBlock = 3_000; // a longer range is a re-proposal, not a conflict
        sb = _sign(keys[0], b);
        vm.expectRevert(IStakeManager.StakeManagerNotDoubleSign.selector);
        sm.slashDoubleSign(a, sa, b, sb);
        b = _checkpoint(keccak256("b"));
        b.destChainId = 56; // another destination
        sb = _sign(keys[0], b);
        vm.expectRevert(IStakeManager.StakeManagerNotDoubleSign.selector);
        sm.slashDoubleSign(a, sa, b, sb);
    }

    function test_slash_rejectsDifferentOrUnknownSigners() public {
        _stake(alice, signers[0], 1_000e18, 0);
        Messages.Checkpoint memory a = _checkpoint(keccak256("a"));
        Messages.Checkpoint memory b = _checkpoint(keccak256("b"));
        bytes memory sa = _sign(keys[0], a);
        bytes memory sb = _sign(keys[1], b);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerSignersDiffer.selector, signers[0], signers[1]));
        sm.slashDoubleSign(a, sa, b, sb);
        sa = _sign(keys[5], a);
        sb = _sign(keys[5], b);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerUnknownSigner.selector, signers[5]));
        sm.slashDoubleSign(a, sa, b, sb);
    }

    function test_slash_rejectsHighS() public {
        _stake(alice, signers[0], 1_000e18, 0);
        Messages.Checkpoint memory a = _checkpoint(keccak256("a"));
        Messages.Checkpoint memory b = _checkpoint(keccak256("b"));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(keys[0], Messages.hash(b));
        bytes memory high = abi.encodePacked(r, SECP256K1_N - uint256(s), v == 27 ? uint8(28) : uint8(27));
        bytes memory sa = _sign(keys[0], a);
        vm.expectRevert(abi.encodeWithSelector(Messages.MessagesInvalidSignature.selector, high));
        sm.slashDoubleSign(a, sa, b, high);
    }

    /// A replaced key stays slashable for the epochs it was the validator's key.
    function test_slash_oldSignerStillSlashable() public {
        _stake(alice, signers[0], 1_000e18, 0);
        vm.prank(alice);
        sm.setSigner(signers[4]);
        _advance();
        _jail(alice, keys[0]); // a checkpoint of epoch 0, inside signers[0]'s term [0, 0]
        assertTrue(sm.validator(alice).jailed);
    }

    function test_unjail() public {
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerUnknownValidator.selector, alice));
        vm.prank(alice);
        sm.unjail();
        _stake(alice, signers[0], 1_000e18, 0);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerNotJailed.selector, alice));
        vm.prank(alice);
        sm.unjail();
        _jail(alice, keys[0]);
        _advance();
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerStillJailed.selector, alice, 2, 1));
        vm.prank(alice);
        sm.unjail();
        _advance();
        vm.expectEmit(address(sm));
        emit IStakeManager.ValidatorUnjailed(alice);
        vm.prank(alice);
        sm.unjail();
        assertEq(sm.members().length, 1);
        assertFalse(sm.validator(alice).jailed);
    }
}
