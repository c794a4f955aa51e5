// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {Messages} from "../../../../contracts/lib/Messages.sol";
import {IStakeManager} from "../../../../contracts/staking/IStakeManager.sol";
import {StakeManager} from "../../../../contracts/staking/StakeManager.sol";
import {BTTToken} from "../../../../contracts/token/BTTToken.sol";

/// @notice Drives a StakeManager with bounded random actions by 5 validators and 3 delegators,
/// keeping ghost totals of what each actor put in and took out, and, per epoch, the shares each
/// actor held through it (the minimum since the epoch's start) to check what each epoch paid.
contract StakingHandler is Test {
    BTTToken public token;
    StakeManager public sm;
    address[] public validators;
    uint256[] internal _keys;
    address[] public actors;

    mapping(address => uint256) public deposited;
    mapping(address => uint256) public withdrawn;
    mapping(address => uint256) public rewardsTaken;
    mapping(address => uint256) internal _unbondCount;
    uint256 public rewardsPaidIn;
    uint256 public slashes;
    uint256 internal _salt;

    // Per-epoch reward checks (issue 14 item 4), as counts of violations the invariants read.
    mapping(address actor => mapping(address validator => uint256)) internal _heldThrough;
    mapping(address validator => uint256) internal _sharesAtStart;
    /// @notice Epochs that paid more than their budget (min(rewardPerEpoch, pool)).
    uint256 public overBudgetEpochs;
    /// @notice Credits to an account for a pool it held no shares of through the epoch.
    uint256 public unearnedCredits;
    /// @notice Credits above the pool's reward scaled to the shares held through the epoch.
    uint256 public oversizedCredits;
    /// @notice Epochs whose rewards were checked.
    uint256 public epochsChecked;
    uint64 internal constant EPOCH_LENGTH = 600;

    constructor() {
        token = new BTTToken(address(this));
        sm = new StakeManager(
            IERC20(address(token)),
            address(this),
            IStakeManager.Params({
                epochLength: EPOCH_LENGTH,
                maxValidators: 4,
                unbondingEpochs: 3,
                jailEpochs: 1,
                slashBps: 2_500,
                bountyBps: 1_000,
                minSelfStake: 10e18,
                rewardPerEpoch: 7e18 + 13,
                setMaxAge: 1 hours
            })
        );
        for (uint256 i; i < 5; ++i) {
            uint256 key = uint256(keccak256(abi.encode("validator", i)));
            address v = makeAddr(string(abi.encode("validator", i)));
            _keys.push(key);
            validators.push(v);
            actors.push(v);
            _give(v, 1_000_000e18);
            uint256 amount = (i + 1) * 10e18 + i;
            vm.prank(v);
            sm.stake(vm.addr(key), amount, uint16(i * 2_000));
            deposited[v] += amount;
        }
        for (uint256 i; i < 3; ++i) {
            address d = makeAddr(string(abi.encode("delegator", i)));
            actors.push(d);
            _give(d, 1_000_000e18);
        }
        _give(address(this), 1_000_000e18);
        sm.fundRewards(100e18);
        _startEpoch();
    }

    /// @dev Records, at an epoch's start, every pool's shares and every actor's holding.
    function _startEpoch() internal {
        for (uint256 j; j < validators.length; ++j) {
            address v = validators[j];
            _sharesAtStart[v] = sm.validator(v).shares;
            for (uint256 i; i < actors.length; ++i) _heldThrough[actors[i]][v] = sm.delegation(v, actors[i]).shares;
        }
    }

    function _give(address who, uint256 amount) internal {
        token.mint(who, amount);
        vm.prank(who);
        token.approve(address(sm), type(uint256).max);
    }

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % actors.length];
    }

    function _validator(uint256 seed) internal view returns (address) {
        return validators[seed % validators.length];
    }

    function delegate(uint256 actorSeed, uint256 validatorSeed, uint256 amount) external {
        address a = _actor(actorSeed);
        address v = _validator(validatorSeed);
        amount = bound(amount, 1, 50e18);
        vm.prank(a);
        try sm.delegate(v, amount) {
            deposited[a] += amount;
        } catch {}
    }

    function unbond(uint256 actorSeed, uint256 validatorSeed, uint256 fraction) external {
        address a = _actor(actorSeed);
        address v = _validator(validatorSeed);
        uint256 shares = sm.delegation(v, a).shares;
        if (shares == 0) return;
        shares = bound(fraction, 1, shares);
        vm.prank(a);
        try sm.unbond(v, shares) returns (uint256 id) {
            _unbondCount[a] = id + 1;
            uint256 left = sm.delegation(v, a).shares;
            if (left < _heldThrough[a][v]) _heldThrough[a][v] = left;
        } catch {}
    }

    function withdraw(uint256 actorSeed, uint256 idSeed) external {
        address a = _actor(actorSeed);
        if (_unbondCount[a] == 0) return;
        vm.prank(a);
        try sm.withdraw(idSeed % _unbondCount[a]) returns (uint256 amount) {
            withdrawn[a] += amount;
        } catch {}
    }

    function claim(uint256 actorSeed, uint256 validatorSeed) external {
        address a = _actor(actorSeed);
        vm.prank(a);
        try sm.claimRewards(_validator(validatorSeed)) returns (uint256 amount) {
            rewardsTaken[a] += amount;
        } catch {}
    }

    function restake(uint256 actorSeed, uint256 validatorSeed) external {
        address a = _actor(actorSeed);
        address v = _validator(validatorSeed);
        uint256 pending = sm.pendingRewards(v, a);
        vm.prank(a);
        try sm.restake(v) {
            rewardsTaken[a] += pending;
            deposited[a] += pending;
        } catch {}
    }

    function advance(uint256 blocks) external {
        vm.roll(block.number + bound(blocks, EPOCH_LENGTH, EPOCH_LENGTH + 15));
        (,, uint256 poolBefore,) = sm.totals();
        uint256 budget = sm.params().rewardPerEpoch;
        if (poolBefore < budget) budget = poolBefore;
        (uint256[] memory rewardOf, uint256[][] memory before) = _beforeAdvance(budget);
        sm.advanceEpoch();
        (,, uint256 poolAfter,) = sm.totals();
        rewardsPaidIn += poolBefore - poolAfter;
        if (poolBefore - poolAfter > budget) ++overBudgetEpochs;
        _checkCredits(rewardOf, before);
        ++epochsChecked;
        _startEpoch();
    }

    /// @dev Each pool's reward by power (0 for jailed or absent validators) and every pending reward.
    function _beforeAdvance(uint256 budget) internal view returns (uint256[] memory rewardOf, uint256[][] memory before) {
        rewardOf = new uint256[](validators.length);
        (, address[] memory signers, uint256[] memory powers) = sm.currentValidatorSet();
        uint256 total = sm.totalPower();
        for (uint256 k; k < signers.length; ++k) {
            address v = sm.validatorOfSigner(signers[k]);
            for (uint256 j; j < validators.length; ++j) {
                if (validators[j] == v && !sm.validator(v).jailed) rewardOf[j] = budget * powers[k] / total;
            }
        }
        before = new uint256[][](validators.length);
        for (uint256 j; j < validators.length; ++j) {
            before[j] = new uint256[](actors.length);
            for (uint256 i; i < actors.length; ++i) before[j][i] = sm.pendingRewards(validators[j], actors[i]);
        }
    }

    /// @dev What each account was credited for the epoch that just ended, against what it held through it.
    function _checkCredits(uint256[] memory rewardOf, uint256[][] memory before) internal {
        for (uint256 j; j < validators.length; ++j) {
            address v = validators[j];
            uint256 poolCredits;
            for (uint256 i; i < actors.length; ++i) {
                address a = actors[i];
                uint256 credit = sm.pendingRewards(v, a) - before[j][i];
                poolCredits += credit;
                if (a == v) continue; // the validator also takes its commission
                if (credit != 0 && _heldThrough[a][v] == 0) ++unearnedCredits;
                uint256 start = _sharesAtStart[v];
                if (start != 0 && credit > rewardOf[j] * _heldThrough[a][v] / start + 2) ++oversizedCredits;
            }
            // A view of pending rewards floors each holder's accrued share, so one epoch's
            // difference may show one wei more per holder than it credited (what is claimable in
            // total never exceeds what was paid: balanceCovers and noOneTakesMore check that).
            if (poolCredits > rewardOf[j] + actors.length) ++oversizedCredits;
        }
    }

    function slash(uint256 validatorSeed) external {
        uint256 i = validatorSeed % validators.length;
        Messages.Checkpoint memory a = _checkpoint(++_salt, bytes32(0));
        Messages.Checkpoint memory b = _checkpoint(_salt, bytes32(uint256(1)));
        // Refused while jailed or already punished for this epoch (one slash per jail term).
        try sm.slashDoubleSign(a, _sign(_keys[i], a), b, _sign(_keys[i], b)) {
            ++slashes;
        } catch {}
    }

    function unjail(uint256 validatorSeed) external {
        vm.prank(_validator(validatorSeed));
        try sm.unjail() {} catch {}
    }

    function claimSlot(uint256 validatorSeed, uint256 displacedSeed) external {
        try sm.claimSlot(_validator(validatorSeed), _validator(displacedSeed)) {} catch {}
    }

    function fund(uint256 amount) external {
        sm.fundRewards(bound(amount, 1, 20e18));
    }

    function _checkpoint(uint256 start, bytes32 root) internal view returns (Messages.Checkpoint memory) {
        return Messages.Checkpoint(199, 1, address(1), sm.epoch(), start, start + 9, root, bytes32(0), 0);
    }

    function _sign(uint256 key, Messages.Checkpoint memory c) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, Messages.hash(c));
        return abi.encodePacked(r, s, v);
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function validatorCount() external view returns (uint256) {
        return validators.length;
    }
}
