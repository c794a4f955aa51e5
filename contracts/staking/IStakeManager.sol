// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Messages} from "../lib/Messages.sol";
import {IValidatorSetSource} from "./IValidatorSet.sol";

/// @title IStakeManager
/// @notice Staking on the staking home chain (DESIGN section 4): validators, delegation by shares,
/// per-epoch rewards, double-sign slashing, and the validator set of every epoch.
interface IStakeManager is IValidatorSetSource {
    /// @notice Governed parameters.
    /// @param epochLength Blocks per epoch (an epoch may be advanced once this many blocks passed).
    /// @param maxValidators Largest active set, at most 256.
    /// @param unbondingEpochs Epochs between unbonding and withdrawal, at least 1.
    /// @param jailEpochs Epochs a slashed validator stays jailed, at least 1.
    /// @param slashBps Fraction of a validator's pool (bonded and unbonding) slashed per double sign, at most 50%.
    /// @param bountyBps Fraction of the slashed amount paid to the reporter; the rest refills the reward pool.
    /// @param minSelfStake Smallest own stake of a validator, at least one power unit (1e18).
    /// @param rewardPerEpoch Tokens paid out of the reward pool per epoch, split by power.
    struct Params {
        uint64 epochLength;
        uint16 maxValidators;
        uint64 unbondingEpochs;
        uint64 jailEpochs;
        uint16 slashBps;
        uint16 bountyBps;
        uint256 minSelfStake;
        uint256 rewardPerEpoch;
    }

    /// @notice One validator and its pool.
    /// @dev `stake`/`shares` is the bonded pool (exchange rate stake/shares, only slashing lowers it);
    /// `unbondingStake`/`unbondingShares` the pool of pending withdrawals (slashed alike);
    /// `rewardPerShare` the reward accumulator of the bonded pool, scaled by 1e36.
    struct Validator {
        address signer;
        uint16 commissionBps;
        uint16 nextCommissionBps;
        uint64 nextCommissionEpoch;
        uint8 status;
        bool jailed;
        uint64 jailedUntil;
        uint32 memberIndex;
        uint256 stake;
        uint256 shares;
        uint256 unbondingStake;
        uint256 unbondingShares;
        uint256 rewardPerShare;
    }

    /// @notice A delegator's shares in one pool and its rewards (settled and reward-debt).
    struct Delegation {
        uint256 shares;
        uint256 rewardDebt;
        uint256 rewards;
    }

    /// @notice A pending withdrawal: shares of a validator's unbonding pool.
    struct Unbond {
        address validator;
        uint64 withdrawEpoch;
        uint256 shares;
    }

    event ParamsUpdated(Params params);
    event RewardsFunded(address indexed funder, uint256 amount);
    event ValidatorStaked(address indexed validator, address indexed signer, uint256 amount, uint16 commissionBps);
    event SignerChanged(address indexed validator, address indexed oldSigner, address indexed newSigner);
    event CommissionChangeScheduled(address indexed validator, uint16 commissionBps, uint256 effectiveEpoch);
    event Delegated(address indexed delegator, address indexed validator, uint256 amount, uint256 shares);
    event Unbonded(
        address indexed delegator, address indexed validator, uint256 indexed unbondId, uint256 shares, uint256 amount, uint256 withdrawEpoch
    );
    event Withdrawn(address indexed delegator, uint256 indexed unbondId, uint256 amount);
    event RewardsClaimed(address indexed delegator, address indexed validator, uint256 amount);
    event RewardsRestaked(address indexed delegator, address indexed validator, uint256 amount, uint256 shares);
    event ValidatorExited(address indexed validator);
    event MembershipChanged(address indexed joined, address indexed left);
    event DoubleSignSlashed(
        address indexed validator, address indexed signer, address indexed reporter, uint256 slashed, uint256 bounty, uint256 jailedUntil
    );
    event ValidatorUnjailed(address indexed validator);
    event EpochRewarded(uint256 indexed epoch, uint256 paid);
    /// @notice The set of `epoch`: signers strictly ascending with their powers (hash encoding as in `IValidatorSet`).
    event ValidatorSetUpdated(
        uint256 indexed epoch, bytes32 setHash, uint256 totalPower, address[] signers, uint256[] powers
    );

    error StakeManagerInvalidParams(Params params);
    error StakeManagerZeroAmount();
    error StakeManagerBelowMinSelfStake(address validator, uint256 stake, uint256 needed);
    error StakeManagerAlreadyValidator(address validator);
    error StakeManagerUnknownValidator(address validator);
    error StakeManagerValidatorNotActive(address validator);
    error StakeManagerInvalidSigner(address signer);
    error StakeManagerSignerTaken(address signer, address validator);
    error StakeManagerInvalidCommission(uint256 commissionBps);
    error StakeManagerZeroShares(uint256 amount);
    error StakeManagerInsufficientShares(address delegator, uint256 shares, uint256 needed);
    error StakeManagerUnknownUnbond(address delegator, uint256 unbondId);
    error StakeManagerEarlyWithdraw(uint256 unbondId, uint256 withdrawEpoch, uint256 currentEpoch);
    error StakeManagerNothingToClaim(address delegator, address validator);
    error StakeManagerEpochNotOver(uint256 endBlock, uint256 blockNumber);
    error StakeManagerNotJailed(address validator);
    error StakeManagerStillJailed(address validator, uint256 jailedUntil, uint256 currentEpoch);
    error StakeManagerNotMember(address validator);
    error StakeManagerAlreadyMember(address validator);
    error StakeManagerStakeNotHigher(address validator, uint256 stake, address displaced, uint256 displacedStake);
    error StakeManagerNotDoubleSign();
    error StakeManagerSignersDiffer(address signerA, address signerB);
    error StakeManagerUnknownSigner(address signer);
    error StakeManagerEvidenceUsed(bytes32 evidenceId);

    // ------------------------------------------------------------------ governance

    /// @notice Replaces every parameter. Owner only (two-step ownership, timelock-ready).
    function setParams(Params calldata params) external;

    /// @notice Adds `amount` to the reward pool (pulled from the caller). Anyone may fund.
    function fundRewards(uint256 amount) external;

    // ------------------------------------------------------------------ validators

    /// @notice Registers the caller as a validator with `amount` of own stake, a signer key and a
    /// commission; it joins the next epoch's set if there is room (else see `claimSlot`).
    function stake(address signer, uint256 amount, uint16 commissionBps) external;

    /// @notice Rotates the caller's signer key from the next epoch on. Old keys stay bound to it.
    function setSigner(address newSigner) external;

    /// @notice Schedules a new commission for the caller's pool from the next epoch on.
    function setCommission(uint16 commissionBps) external;

    /// @notice Puts `validator` in the next epoch's set, displacing `displaced` (a member with less
    /// stake) when the set is full. Anyone may call it; the SDK finds the weakest member.
    function claimSlot(address validator, address displaced) external;

    /// @notice Ends a jail term and rejoins the next set if there is room. Validator only.
    function unjail() external;

    // ------------------------------------------------------------------ delegators (validators too)

    /// @notice Buys shares of `validator`'s pool for `amount` tokens at the current exchange rate.
    function delegate(address validator, uint256 amount) external returns (uint256 shares);

    /// @notice Sells `shares` of `validator`'s pool; the tokens wait `unbondingEpochs` epochs.
    /// A validator selling all its own shares exits.
    function unbond(address validator, uint256 shares) external returns (uint256 unbondId);

    /// @notice Pays out a pending withdrawal once its epoch is reached.
    function withdraw(uint256 unbondId) external returns (uint256 amount);

    /// @notice Pays out the caller's rewards (and commission, for the validator) from `validator`'s pool.
    function claimRewards(address validator) external returns (uint256 amount);

    /// @notice Turns the caller's rewards from `validator`'s pool into more shares of it.
    function restake(address validator) external returns (uint256 shares);

    // ------------------------------------------------------------------ epochs and slashing

    /// @notice Ends the current epoch once `epochLength` blocks passed: pays its rewards to the
    /// non-jailed members of its set and fixes the next set (at most `maxValidators` iterations of
    /// each loop). Anyone may call it. Emits `EpochRewarded` and `ValidatorSetUpdated`.
    function advanceEpoch() external;

    /// @notice Slashes and jails the validator whose signer signed two conflicting checkpoints
    /// (same sourceChainId, destChainId, destContract, startBlock, endBlock; different blockRoot,
    /// messageRoot or messageCount). Pays the caller a bounty. Each evidence counts once.
    function slashDoubleSign(
        Messages.Checkpoint calldata a,
        bytes calldata signatureA,
        Messages.Checkpoint calldata b,
        bytes calldata signatureB
    ) external;

    // ------------------------------------------------------------------ views

    function params() external view returns (Params memory);
    function epoch() external view returns (uint256);
    function epochStartBlock() external view returns (uint256);
    function setHash() external view returns (bytes32);
    function totalPower() external view returns (uint256);
    function validator(address validator) external view returns (Validator memory);
    function validatorOfSigner(address signer) external view returns (address);
    function delegation(address validator, address delegator) external view returns (Delegation memory);
    function pendingRewards(address validator, address delegator) external view returns (uint256);
    function stakeOf(address validator, address delegator) external view returns (uint256);
    function unbonding(address delegator, uint256 unbondId) external view returns (Unbond memory);
    function unbondingAmount(address delegator, uint256 unbondId) external view returns (uint256);
    function members() external view returns (address[] memory);
    function totals()
        external
        view
        returns (uint256 staked, uint256 unbondingTotal, uint256 rewardPool, uint256 rewardsOwed);
}
