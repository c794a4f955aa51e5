// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

import {IStakeVotes} from "../governance/IStakeVotes.sol";
import {Messages} from "../lib/Messages.sol";
import {IStakeManager} from "./IStakeManager.sol";
import {StakeState} from "./StakeState.sol";
import {ValidatorStatus} from "./StakingTypes.sol";
import {DoubleSign} from "./libraries/DoubleSign.sol";
import {EpochSet} from "./libraries/EpochSet.sol";
import {SignerKeys} from "./libraries/SignerKeys.sol";
import {StakeParams} from "./libraries/StakeParams.sol";
import {StakePool} from "./libraries/StakePool.sol";

/// @title StakeManager
/// @notice Staking on the staking home chain (DESIGN section 4). A thin entry point over
/// `StakePool` (share accounting), `EpochSet` (membership and epochs), `SignerKeys` (key terms and
/// which evidence may slash), `DoubleSign` (the rule) and `StakeParams` (parameter ranges).
///
/// - A validator is identified by the account that staked; it owns shares of its own pool like any
///   delegator, plus a signer key (rotatable; every key it ever used stays bound to it, slashable
///   for the epochs it was the validator's key while the evidence is younger than the unbonding
///   delay) and a commission.
/// - Rewards follow stake held through the epoch: shares bought earn from the next epoch, shares
///   sold earn nothing for the running one, and what a pool did not earn stays in the reward pool.
/// - Every action is O(1) except `advanceEpoch`, which loops over at most `maxValidators` (<= 100)
///   members, and the shrink of the set after governance lowers `maxValidators` (<= 10 per epoch).
/// - Tokens held always cover bonded stakes + unbonding stakes + the reward pool + rewards owed
///   (tested as an invariant). Reward rounding and slashing dust stay in the contract.
/// - The token must be a plain ERC-20 (BTT): fee-on-transfer tokens are not supported.
contract StakeManager is IStakeManager, Ownable2Step, ReentrancyGuard {
    using SafeERC20 for IERC20;
    using StakePool for IStakeManager.Validator;

    uint256 public constant MAX_VALIDATORS = StakeParams.MAX_VALIDATORS;
    uint16 public constant MAX_SLASH_BPS = uint16(StakeParams.MAX_SLASH_BPS);
    uint16 public constant MAX_BOUNTY_BPS = uint16(StakeParams.MAX_BOUNTY_BPS);
    uint16 public constant MAX_BPS = 10_000;

    /// @notice The staked token (BTT).
    IERC20 public immutable token;

    StakeState private _s;

    /// @inheritdoc IStakeManager
    address public votes;

    /// @param token_ The staked and rewarded token.
    /// @param owner_ Governance (two-step transferable; a timelock in production).
    /// @param params_ Initial parameters (see `setParams`).
    constructor(IERC20 token_, address owner_, Params memory params_) Ownable(owner_) {
        token = token_;
        _setParams(params_);
        _s.epochStartBlock = uint64(block.number);
    }

    modifier onlyValidator() {
        if (_s.validators[msg.sender].status == ValidatorStatus.None) revert StakeManagerUnknownValidator(msg.sender);
        _;
    }

    // ------------------------------------------------------------------ governance

    /// @inheritdoc IStakeManager
    function setParams(Params calldata params_) external onlyOwner {
        _setParams(params_);
    }

    /// @inheritdoc IStakeManager
    function setVotes(address votes_) external onlyOwner {
        if (votes != address(0)) revert StakeManagerVotesAlreadySet(votes);
        if (_s.totalStaked != 0 || _s.totalUnbonding != 0) {
            revert StakeManagerVotesAfterStake(_s.totalStaked, _s.totalUnbonding);
        }
        address counted = IStakeVotes(votes_).stakeManager();
        if (counted != address(this)) revert StakeManagerVotesMismatch(counted);
        votes = votes_;
        emit VotesSet(votes_);
    }

    /// @inheritdoc IStakeManager
    function fundRewards(uint256 amount) external nonReentrant {
        if (amount == 0) revert StakeManagerZeroAmount();
        _s.rewardPool += amount;
        emit RewardsFunded(msg.sender, amount);
        token.safeTransferFrom(msg.sender, address(this), amount);
    }

    // ------------------------------------------------------------------ validators

    /// @inheritdoc IStakeManager
    function stake(address signer, uint256 amount, uint16 commissionBps) external nonReentrant {
        Validator storage val = _s.validators[msg.sender];
        if (val.status == ValidatorStatus.Active || val.jailed) revert StakeManagerAlreadyValidator(msg.sender);
        if (amount < _s.params.minSelfStake) {
            revert StakeManagerBelowMinSelfStake(msg.sender, amount, _s.params.minSelfStake);
        }
        if (commissionBps > MAX_BPS) revert StakeManagerInvalidCommission(commissionBps);
        SignerKeys.bind(_s, msg.sender, signer);
        val.signer = signer;
        val.status = ValidatorStatus.Active;
        val.commissionBps = commissionBps;
        val.nextCommissionBps = commissionBps;
        val.nextCommissionEpoch = _s.epoch;
        _buy(msg.sender, amount);
        EpochSet.tryJoin(_s, msg.sender);
        emit ValidatorStaked(msg.sender, signer, amount, commissionBps);
        token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IStakeManager
    function setSigner(address newSigner) external onlyValidator {
        Validator storage val = _s.validators[msg.sender];
        address old = val.signer;
        if (newSigner != old) {
            SignerKeys.retire(_s, old);
            SignerKeys.bind(_s, msg.sender, newSigner);
            val.signer = newSigner;
        }
        emit SignerChanged(msg.sender, old, newSigner);
    }

    /// @inheritdoc IStakeManager
    function setCommission(uint16 commissionBps) external onlyValidator {
        if (commissionBps > MAX_BPS) revert StakeManagerInvalidCommission(commissionBps);
        Validator storage val = _s.validators[msg.sender];
        uint64 current = _s.epoch;
        if (current >= val.nextCommissionEpoch) val.commissionBps = val.nextCommissionBps;
        val.nextCommissionBps = commissionBps;
        val.nextCommissionEpoch = current + 1;
        emit CommissionChangeScheduled(msg.sender, commissionBps, current + 1);
    }

    /// @inheritdoc IStakeManager
    function claimSlot(address validator_, address displaced) external {
        EpochSet.claimSlot(_s, validator_, displaced);
    }

    /// @inheritdoc IStakeManager
    function unjail() external onlyValidator {
        Validator storage val = _s.validators[msg.sender];
        if (!val.jailed) revert StakeManagerNotJailed(msg.sender);
        if (_s.epoch < val.jailedUntil) revert StakeManagerStillJailed(msg.sender, val.jailedUntil, _s.epoch);
        val.jailed = false;
        emit ValidatorUnjailed(msg.sender);
        EpochSet.tryJoin(_s, msg.sender);
    }

    // ------------------------------------------------------------------ delegators

    /// @inheritdoc IStakeManager
    function delegate(address validator_, uint256 amount) external nonReentrant returns (uint256 shares) {
        Validator storage val = _s.validators[validator_];
        if (val.status == ValidatorStatus.None) revert StakeManagerUnknownValidator(validator_);
        if (val.status != ValidatorStatus.Active || val.jailed) revert StakeManagerValidatorNotActive(validator_);
        if (amount == 0) revert StakeManagerZeroAmount();
        shares = _buy(validator_, amount);
        EpochSet.tryJoin(_s, validator_);
        token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IStakeManager
    function unbond(address validator_, uint256 shares) external nonReentrant returns (uint256 unbondId) {
        Validator storage val = _s.validators[validator_];
        if (val.status == ValidatorStatus.None) revert StakeManagerUnknownValidator(validator_);
        Delegation storage d = _s.delegations[validator_][msg.sender];
        if (shares == 0) revert StakeManagerZeroAmount();
        if (shares > d.shares) revert StakeManagerInsufficientShares(msg.sender, d.shares, shares);
        _settle(validator_, val, d);
        (uint256 amount, uint256 unbondingShares) = val.sell(d, shares);
        if (amount == 0) revert StakeManagerZeroShares(amount);
        if (msg.sender == validator_ && val.status == ValidatorStatus.Active) _checkOwnStake(val, d);
        _s.totalStaked -= amount;
        _s.totalUnbonding += amount;
        _checkpointVotes(msg.sender, validator_);
        unbondId = _s.unbondCount[msg.sender];
        _s.unbondCount[msg.sender] = unbondId + 1;
        uint256 withdrawEpoch = _s.epoch + _s.params.unbondingEpochs;
        _s.unbonds[msg.sender][unbondId] = Unbond(validator_, uint64(withdrawEpoch), unbondingShares);
        emit Unbonded(msg.sender, validator_, unbondId, shares, amount, withdrawEpoch);
    }

    /// @inheritdoc IStakeManager
    function withdraw(uint256 unbondId) external nonReentrant returns (uint256 amount) {
        Unbond memory u = _s.unbonds[msg.sender][unbondId];
        if (u.validator == address(0)) revert StakeManagerUnknownUnbond(msg.sender, unbondId);
        if (_s.epoch < u.withdrawEpoch) revert StakeManagerEarlyWithdraw(unbondId, u.withdrawEpoch, _s.epoch);
        delete _s.unbonds[msg.sender][unbondId];
        amount = _s.validators[u.validator].release(u.shares);
        _s.totalUnbonding -= amount;
        emit Withdrawn(msg.sender, unbondId, amount);
        token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IStakeManager
    function claimRewards(address validator_) external nonReentrant returns (uint256 amount) {
        amount = _takeRewards(validator_);
        emit RewardsClaimed(msg.sender, validator_, amount);
        token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IStakeManager
    function restake(address validator_) external nonReentrant returns (uint256 shares) {
        Validator storage val = _s.validators[validator_];
        if (val.status != ValidatorStatus.Active || val.jailed) revert StakeManagerValidatorNotActive(validator_);
        uint256 amount = _takeRewards(validator_);
        shares = _buy(validator_, amount);
        EpochSet.tryJoin(_s, validator_);
        emit RewardsRestaked(msg.sender, validator_, amount, shares);
    }

    // ------------------------------------------------------------------ epochs and slashing

    /// @inheritdoc IStakeManager
    function advanceEpoch() external {
        uint256 endBlock = uint256(_s.epochStartBlock) + _s.params.epochLength;
        if (block.number < endBlock) revert StakeManagerEpochNotOver(endBlock, block.number);
        uint256 ended = _s.epoch;
        uint256 paid = EpochSet.payRewards(_s);
        emit EpochRewarded(ended, paid);
        (uint256 newEpoch, address[] memory signers, uint256[] memory powers) = EpochSet.advance(_s);
        emit ValidatorSetUpdated(newEpoch, _s.setHash, _s.totalPower, signers, powers);
    }

    /// @inheritdoc IStakeManager
    function slashDoubleSign(
        Messages.Checkpoint calldata a,
        bytes calldata signatureA,
        Messages.Checkpoint calldata b,
        bytes calldata signatureB
    ) external nonReentrant {
        (address signer, bytes32 evidenceId) = DoubleSign.check(a, signatureA, b, signatureB);
        address v = _s.validatorOfSigner[signer];
        if (v == address(0)) revert StakeManagerUnknownSigner(signer);
        SignerKeys.checkEvidence(_s, v, signer, a.epoch, b.epoch);
        if (_s.evidenceUsed[evidenceId]) revert StakeManagerEvidenceUsed(evidenceId);
        _s.evidenceUsed[evidenceId] = true;

        Validator storage val = _s.validators[v];
        (uint256 fromBonded, uint256 fromUnbonding) = val.slash(_s.params.slashBps);
        _s.totalStaked -= fromBonded;
        _s.totalUnbonding -= fromUnbonding;
        _checkpointVotes(address(0), v);
        uint256 slashed = fromBonded + fromUnbonding;
        // A validator reporting itself (from its account or any of its keys) earns nothing.
        bool selfReport = msg.sender == v || _s.validatorOfSigner[msg.sender] == v;
        uint256 bounty = selfReport ? 0 : slashed * _s.params.bountyBps / MAX_BPS;
        _s.rewardPool += slashed - bounty;

        val.jailed = true;
        uint256 current = _s.epoch;
        uint256 jailedUntil = current + _s.params.jailEpochs;
        val.jailedUntil = uint64(jailedUntil);
        _s.punishedBefore[v] = current + 1;
        EpochSet.leave(_s, v);
        emit DoubleSignSlashed(v, signer, msg.sender, slashed, bounty, jailedUntil);
        if (bounty != 0) token.safeTransfer(msg.sender, bounty);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IStakeManager
    function params() external view returns (Params memory) {
        return _s.params;
    }

    /// @notice Seconds a committed set stays usable on any chain (the home's verifier reads it).
    function setMaxAge() external view returns (uint64) {
        return _s.params.setMaxAge;
    }

    /// @inheritdoc IStakeManager
    function epoch() external view returns (uint256) {
        return _s.epoch;
    }

    /// @inheritdoc IStakeManager
    function epochStartBlock() external view returns (uint256) {
        return _s.epochStartBlock;
    }

    /// @inheritdoc IStakeManager
    function setHash() external view returns (bytes32) {
        return _s.setHash;
    }

    /// @inheritdoc IStakeManager
    function totalPower() external view returns (uint256) {
        return _s.totalPower;
    }

    /// @notice The current epoch's set (signers ascending, powers), as the verifiers commit it.
    function currentValidatorSet()
        external
        view
        returns (uint256 epoch_, address[] memory signers, uint256[] memory powers)
    {
        uint256 n = _s.currentSet.length;
        signers = new address[](n);
        powers = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            uint256 word = _s.currentSet[i];
            signers[i] = address(uint160(word >> 96));
            powers[i] = word & EpochSet.MAX_POWER;
        }
        epoch_ = _s.epoch;
    }

    /// @inheritdoc IStakeManager
    function validator(address validator_) external view returns (Validator memory) {
        return _s.validators[validator_];
    }

    /// @inheritdoc IStakeManager
    function validatorOfSigner(address signer) external view returns (address) {
        return _s.validatorOfSigner[signer];
    }

    /// @inheritdoc IStakeManager
    function keyTerm(address signer) external view returns (uint64 from, uint64 until) {
        return (_s.keyTerms[signer].from, _s.keyTerms[signer].until);
    }

    /// @inheritdoc IStakeManager
    function delegation(address validator_, address delegator) external view returns (Delegation memory) {
        return _s.delegations[validator_][delegator];
    }

    /// @inheritdoc IStakeManager
    function pendingRewards(address validator_, address delegator) external view returns (uint256) {
        return _s.validators[validator_].pending(_s.delegations[validator_][delegator], _s.accAtEpochEnd[validator_], _s.epoch);
    }

    /// @inheritdoc IStakeManager
    function stakeOf(address validator_, address delegator) external view returns (uint256) {
        return _s.validators[validator_].valueOf(_s.delegations[validator_][delegator].shares);
    }

    /// @inheritdoc IStakeManager
    function unbonding(address delegator, uint256 unbondId) external view returns (Unbond memory) {
        return _s.unbonds[delegator][unbondId];
    }

    /// @inheritdoc IStakeManager
    function unbondingAmount(address delegator, uint256 unbondId) external view returns (uint256) {
        Unbond storage u = _s.unbonds[delegator][unbondId];
        if (u.validator == address(0)) return 0;
        Validator storage val = _s.validators[u.validator];
        return u.shares * val.unbondingStake / val.unbondingShares;
    }

    /// @inheritdoc IStakeManager
    function members() external view returns (address[] memory) {
        return _s.members;
    }

    /// @inheritdoc IStakeManager
    function totals()
        external
        view
        returns (uint256 staked, uint256 unbondingTotal, uint256 rewardPool, uint256 rewardsOwed)
    {
        return (_s.totalStaked, _s.totalUnbonding, _s.rewardPool, _s.rewardsOwed);
    }

    // ------------------------------------------------------------------ internals

    /// @dev Syncs the pool to the running epoch and settles `d` in it.
    function _settle(address validator_, Validator storage val, Delegation storage d) private {
        mapping(uint256 => uint256) storage accAt = _s.accAtEpochEnd[validator_];
        val.sync(accAt, _s.epoch);
        val.settle(d, accAt, _s.epoch);
    }

    function _buy(address validator_, uint256 amount) private returns (uint256 shares) {
        Validator storage val = _s.validators[validator_];
        Delegation storage d = _s.delegations[validator_][msg.sender];
        _settle(validator_, val, d);
        shares = val.buy(d, amount, _s.epoch);
        _s.totalStaked += amount;
        _checkpointVotes(msg.sender, validator_);
        emit Delegated(msg.sender, validator_, amount, shares);
    }

    /// @dev Hands the stake after a change to the votes contract, if one is attached (it only
    /// writes checkpoints: no call back). `account` zero: only the pool changed (a slash).
    function _checkpointVotes(address account, address validator_) private {
        address v = votes;
        if (v == address(0)) return;
        Validator storage val = _s.validators[validator_];
        uint256 accountShares = account == address(0) ? 0 : _s.delegations[validator_][account].shares;
        IStakeVotes(v).checkpoint(account, validator_, accountShares, val.stake, val.shares, _s.totalStaked);
    }

    /// @dev Settles and zeroes the caller's rewards in `validator_`'s pool; reverts if there are none.
    /// Shares do not change, so the pool is not synced (settling reads an unsynced pool right).
    function _takeRewards(address validator_) private returns (uint256 amount) {
        Validator storage val = _s.validators[validator_];
        Delegation storage d = _s.delegations[validator_][msg.sender];
        val.settle(d, _s.accAtEpochEnd[validator_], _s.epoch);
        amount = d.rewards;
        if (amount == 0) revert StakeManagerNothingToClaim(msg.sender, validator_);
        d.rewards = 0;
        _s.rewardsOwed -= amount;
    }

    /// @dev A validator keeps at least `minSelfStake` or sells everything, which makes it exit
    /// (its key's term ends with this epoch).
    function _checkOwnStake(Validator storage val, Delegation storage d) private {
        if (d.shares == 0) {
            val.status = ValidatorStatus.Exited;
            SignerKeys.retire(_s, val.signer);
            EpochSet.leave(_s, msg.sender);
            emit ValidatorExited(msg.sender);
            return;
        }
        uint256 own = val.valueOf(d.shares);
        if (own < _s.params.minSelfStake) revert StakeManagerBelowMinSelfStake(msg.sender, own, _s.params.minSelfStake);
    }

    function _setParams(Params memory p) private {
        StakeParams.check(p, _s.members.length);
        _s.params = p;
        emit ParamsUpdated(p);
    }
}
