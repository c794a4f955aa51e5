// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Messages} from "../lib/Messages.sol";
import {IValidatorSetSource} from "./IValidatorSet.sol";
import {ValidatorStatus} from "./StakingTypes.sol";

/// @title IStakeManager
/// @notice Staking on the staking home chain (DESIGN section 4): validators, delegation by shares,
/// per-epoch rewards, double-sign slashing, and the validator set of every epoch.
interface IStakeManager is IValidatorSetSource {
    /// @notice Governed parameters. Each has a safe range enforced by `setParams` (the bounds are
    /// the constants of `StakeParams`; a value outside reverts `StakeManagerParamOutOfRange` with
    /// the parameter's name, the value and the range computed for the other parameters).
    /// @param epochLength Blocks per epoch, in [5, min(201_600, setMaxAge / 6)]: an epoch lasts at
    /// most half a set's life at TRON's 3 s blocks, so a new set exists well before the old one expires.
    /// @param maxValidators Largest active set, in [max(1, members - 10), 100]: 100 bounds the epoch
    /// transition on TRON; the set shrinks by at most 10 per epoch.
    /// @param unbondingEpochs Epochs between unbonding and withdrawal: the delay (at 3 s blocks) is
    /// longer than `setMaxAge` and at most 90 days.
    /// @param jailEpochs Epochs a slashed validator stays jailed, at least 1, at most 90 days.
    /// @param slashBps Fraction of a validator's pool (bonded and unbonding) slashed per offence, in [1%, 50%].
    /// @param bountyBps Fraction of the slashed amount paid to the reporter, at most 10%; the rest
    /// refills the reward pool. A self-report earns nothing.
    /// @param minSelfStake Smallest own stake of a validator, in [1e18, 1e27].
    /// @param rewardPerEpoch Tokens paid out of the reward pool per epoch, split by power, at most 1e27
    /// (keeps the reward accumulator far from overflow).
    /// @param setMaxAge Seconds a committed validator set stays usable on any chain, in [1 hour,
    /// 30 days]; every chain's `ValidatorSet` is deployed with at most this age.
    struct Params {
        uint64 epochLength;
        uint16 maxValidators;
        uint64 unbondingEpochs;
        uint64 jailEpochs;
        uint16 slashBps;
        uint16 bountyBps;
        uint256 minSelfStake;
        uint256 rewardPerEpoch;
        uint64 setMaxAge;
    }

    /// @notice One validator and its pool.
    /// @dev `stake`/`shares` is the bonded pool (exchange rate stake/shares, only slashing lowers it);
    /// `unbondingStake`/`unbondingShares` the pool of pending withdrawals (slashed alike);
    /// `rewardPerShare` the reward accumulator of the bonded pool, scaled by 1e36.
    /// Rewards follow stake held through an epoch: `startShares` are the shares at the start of
    /// `startEpoch` (recorded when the pool first changes in an epoch); `pendingShares` were bought
    /// in `pendingEpoch` and earn from the next epoch on, from accumulator value `pendingAcc` (fixed
    /// once `pendingAccSet`).
    struct Validator {
        address signer;
        uint16 commissionBps;
        uint16 nextCommissionBps;
        uint64 nextCommissionEpoch;
        ValidatorStatus status;
        bool jailed;
        uint64 jailedUntil;
        uint32 memberIndex;
        uint64 startEpoch;
        uint64 pendingEpoch;
        bool pendingAccSet;
        uint256 stake;
        uint256 shares;
        uint256 unbondingStake;
        uint256 unbondingShares;
        uint256 rewardPerShare;
        uint256 startShares;
        uint256 pendingShares;
        uint256 pendingAcc;
    }

    /// @notice A delegator's shares in one pool and its rewards (settled and reward-debt).
    /// @dev `shares` counts every share held; `pendingShares` of them were bought in
    /// `pendingEpoch` and earn from the next epoch on (one slot: shares never approach 2^192, as
    /// they are bounded by the token supply). `rewardDebt` covers the earning shares.
    struct Delegation {
        uint256 shares;
        uint256 rewardDebt;
        uint256 rewards;
        uint192 pendingShares;
        uint64 pendingEpoch;
    }

    /// @notice A pending withdrawal: shares of a validator's unbonding pool.
    struct Unbond {
        address validator;
        uint64 withdrawEpoch;
        uint256 shares;
    }

    /// @notice Governance replaced the parameters.
    event ParamsUpdated(Params params);
    /// @notice The votes contract (`StakeVotes`) was attached; every stake change is checkpointed there.
    event VotesSet(address votes);
    /// @notice `amount` was added to the reward pool.
    event RewardsFunded(address indexed funder, uint256 amount);
    /// @notice `validator` registered with `amount` of own stake.
    event ValidatorStaked(address indexed validator, address indexed signer, uint256 amount, uint16 commissionBps);
    /// @notice `validator` rotated its signer key (effective in the next epoch's set).
    event SignerChanged(address indexed validator, address indexed oldSigner, address indexed newSigner);
    /// @notice `validator`'s commission becomes `commissionBps` from `effectiveEpoch` on.
    event CommissionChangeScheduled(address indexed validator, uint16 commissionBps, uint256 effectiveEpoch);
    /// @notice `delegator` bought `shares` of `validator`'s pool for `amount` tokens.
    event Delegated(address indexed delegator, address indexed validator, uint256 amount, uint256 shares);
    /// @notice `delegator` sold `shares` for `amount` tokens, withdrawable from `withdrawEpoch` as `unbondId`.
    event Unbonded(
        address indexed delegator, address indexed validator, uint256 indexed unbondId, uint256 shares, uint256 amount, uint256 withdrawEpoch
    );
    /// @notice A pending withdrawal was paid out.
    event Withdrawn(address indexed delegator, uint256 indexed unbondId, uint256 amount);
    /// @notice `delegator` took `amount` of rewards from `validator`'s pool.
    event RewardsClaimed(address indexed delegator, address indexed validator, uint256 amount);
    /// @notice `delegator` turned `amount` of rewards into `shares`.
    event RewardsRestaked(address indexed delegator, address indexed validator, uint256 amount, uint256 shares);
    /// @notice `validator` sold all its own shares and left.
    event ValidatorExited(address indexed validator);
    /// @notice `joined` took a seat in the next set and/or `left` lost one (zero when none).
    event MembershipChanged(address indexed joined, address indexed left);
    /// @notice `validator` was slashed `slashed` tokens for a double sign by `signer`; `reporter` got `bounty`.
    event DoubleSignSlashed(
        address indexed validator, address indexed signer, address indexed reporter, uint256 slashed, uint256 bounty, uint256 jailedUntil
    );
    /// @notice `validator` served its jail term.
    event ValidatorUnjailed(address indexed validator);
    /// @notice Epoch `epoch` ended and `paid` tokens of rewards were credited.
    event EpochRewarded(uint256 indexed epoch, uint256 paid);
    /// @notice The set of `epoch`: signers strictly ascending with their powers (hash encoding as in `IValidatorSet`).
    event ValidatorSetUpdated(
        uint256 indexed epoch, bytes32 setHash, uint256 totalPower, address[] signers, uint256[] powers
    );

    /// @notice The votes contract is attached once.
    error StakeManagerVotesAlreadySet(address votes);
    /// @notice Votes are attached before anything is staked, so every stake is checkpointed.
    error StakeManagerVotesAfterStake(uint256 staked, uint256 unbonding);
    /// @notice The votes contract counts another StakeManager's stake.
    error StakeManagerVotesMismatch(address votesStakeManager);
    /// @notice Parameter `param` is `value`, outside [`min`, `max`] (bounds in `Params`).
    error StakeManagerParamOutOfRange(string param, uint256 value, uint256 min, uint256 max);
    /// @notice An amount or share count of zero.
    error StakeManagerZeroAmount();
    /// @notice A validator's own stake would be below `minSelfStake` (`needed`).
    error StakeManagerBelowMinSelfStake(address validator, uint256 stake, uint256 needed);
    /// @notice The account is already an active or jailed validator.
    error StakeManagerAlreadyValidator(address validator);
    /// @notice No validator registered at this address.
    error StakeManagerUnknownValidator(address validator);
    /// @notice The validator is jailed, exited or below one power unit.
    error StakeManagerValidatorNotActive(address validator);
    /// @notice The signer key is the zero address.
    error StakeManagerInvalidSigner(address signer);
    /// @notice The signer key is (or was) bound to another validator.
    error StakeManagerSignerTaken(address signer, address validator);
    /// @notice Commission above 10000 basis points.
    error StakeManagerInvalidCommission(uint256 commissionBps);
    /// @notice The amount buys no shares or the shares are worth no tokens.
    error StakeManagerZeroShares(uint256 amount);
    /// @notice Selling more shares than held.
    error StakeManagerInsufficientShares(address delegator, uint256 shares, uint256 needed);
    /// @notice No pending withdrawal with this id (never created or already paid).
    error StakeManagerUnknownUnbond(address delegator, uint256 unbondId);
    /// @notice The unbonding delay of this withdrawal has not passed.
    error StakeManagerEarlyWithdraw(uint256 unbondId, uint256 withdrawEpoch, uint256 currentEpoch);
    /// @notice No rewards to claim or restake.
    error StakeManagerNothingToClaim(address delegator, address validator);
    /// @notice The epoch may end at `endBlock` only.
    error StakeManagerEpochNotOver(uint256 endBlock, uint256 blockNumber);
    /// @notice The validator is not jailed.
    error StakeManagerNotJailed(address validator);
    /// @notice The jail term runs until epoch `jailedUntil`.
    error StakeManagerStillJailed(address validator, uint256 jailedUntil, uint256 currentEpoch);
    /// @notice The displaced validator holds no seat in the next set.
    error StakeManagerNotMember(address validator);
    /// @notice The validator already holds a seat in the next set.
    error StakeManagerAlreadyMember(address validator);
    /// @notice A seat is taken only from a member with strictly less stake.
    error StakeManagerStakeNotHigher(address validator, uint256 stake, address displaced, uint256 displacedStake);
    /// @notice The two checkpoints do not conflict under the double-sign rule.
    error StakeManagerNotDoubleSign();
    /// @notice The two signatures were made by different keys.
    error StakeManagerSignersDiffer(address signerA, address signerB);
    /// @notice The key was never bound to a validator.
    error StakeManagerUnknownSigner(address signer);
    /// @notice This signer was already punished for this block range.
    error StakeManagerEvidenceUsed(bytes32 evidenceId);
    /// @notice The validator is jailed: one slash per jail term.
    error StakeManagerValidatorJailed(address validator, uint256 jailedUntil);
    /// @notice The key was not the validator's key in `epoch` (its term is [`from`, `until`]) or
    /// `epoch` has not begun (`current`).
    error StakeManagerKeyNotActive(address signer, uint256 epoch, uint256 from, uint256 until, uint256 current);
    /// @notice Evidence for `epoch` is no longer accepted from epoch `expiredAt` on (the unbonding delay).
    error StakeManagerEvidenceExpired(uint256 epoch, uint256 expiredAt, uint256 currentEpoch);
    /// @notice The validator's slash in epoch `punishedBefore - 1` covered every offence up to it.
    error StakeManagerOffenceAlreadyPunished(address validator, uint256 epoch, uint256 punishedBefore);

    // ------------------------------------------------------------------ governance

    /// @notice Replaces every parameter. Owner only (two-step ownership, timelock-ready).
    function setParams(Params calldata params) external;

    /// @notice Attaches the votes contract (`StakeVotes`), which then receives every change of
    /// bonded stake. Owner only, once, before anything is staked; `votes` must count this contract.
    function setVotes(address votes) external;

    /// @notice The attached votes contract (zero until `setVotes`).
    function votes() external view returns (address);

    /// @notice Adds `amount` to the reward pool (pulled from the caller). Anyone may fund.
    function fundRewards(uint256 amount) external;

    // ------------------------------------------------------------------ validators

    /// @notice Registers the caller as a validator with `amount` of own stake, a signer key and a
    /// commission; it joins the next epoch's set if there is room (else see `claimSlot`).
    function stake(address signer, uint256 amount, uint16 commissionBps) external;

    /// @notice Rotates the caller's signer key from the next epoch's set on. Old keys stay bound to
    /// it (a key never serves two validators); each stays slashable only for the epochs of its term.
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
    /// They count for the next epoch's set and earn rewards from the next epoch on.
    function delegate(address validator, uint256 amount) external returns (uint256 shares);

    /// @notice Sells `shares` of `validator`'s pool; the tokens wait `unbondingEpochs` epochs.
    /// Shares bought this epoch are sold first; sold shares earn nothing for the running epoch.
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
    /// non-jailed members of its set, each pool's reward scaled to the shares held through the
    /// whole epoch (the rest stays in the reward pool), and fixes the next set (at most
    /// `maxValidators` <= 100 iterations of each loop). Anyone may call it. Emits `EpochRewarded`
    /// and `ValidatorSetUpdated`.
    function advanceEpoch() external;

    /// @notice Slashes and jails the validator whose signer signed two conflicting checkpoints
    /// (same sourceChainId, destChainId, destContract, startBlock, endBlock; different blockRoot,
    /// messageRoot or messageCount). Pays the caller a bounty unless the caller is the validator
    /// or one of its keys. Each evidence counts once.
    /// @dev Requirements: the validator is not jailed (one slash per jail term); both checkpoints'
    /// epochs lie in the key's term, have begun, are younger than `unbondingEpochs` and are after
    /// the validator's previous slash. Slashes `slashBps` of the pool (bonded and unbonding).
    function slashDoubleSign(
        Messages.Checkpoint calldata a,
        bytes calldata signatureA,
        Messages.Checkpoint calldata b,
        bytes calldata signatureB
    ) external;

    // ------------------------------------------------------------------ views

    /// @notice The governed parameters.
    function params() external view returns (Params memory);
    /// @notice The running epoch (0 before the first `advanceEpoch`).
    function epoch() external view returns (uint256);
    /// @notice Block at which the running epoch started.
    function epochStartBlock() external view returns (uint256);
    /// @notice Hash of the running epoch's set (`IValidatorSet` encoding).
    function setHash() external view returns (bytes32);
    /// @notice Total power of the running epoch's set (stake in units of 1e18).
    function totalPower() external view returns (uint256);
    /// @notice A validator and its pool.
    function validator(address validator) external view returns (Validator memory);
    /// @notice The validator a signer key is (or was) bound to; zero if none.
    function validatorOfSigner(address signer) external view returns (address);
    /// @notice The epochs in which `signer` was its validator's key (`until` = 2^64-1 while it is).
    function keyTerm(address signer) external view returns (uint64 from, uint64 until);
    /// @notice A delegator's raw position in a pool.
    function delegation(address validator, address delegator) external view returns (Delegation memory);
    /// @notice Rewards `delegator` can claim now from `validator`'s pool (commission included for the validator).
    function pendingRewards(address validator, address delegator) external view returns (uint256);
    /// @notice Token value of `delegator`'s shares in `validator`'s pool.
    function stakeOf(address validator, address delegator) external view returns (uint256);
    /// @notice A pending withdrawal.
    function unbonding(address delegator, uint256 unbondId) external view returns (Unbond memory);
    /// @notice Tokens a pending withdrawal pays today (after any slashing); 0 if none.
    function unbondingAmount(address delegator, uint256 unbondId) external view returns (uint256);
    /// @notice The validators holding a seat in the next epoch's set (unordered).
    function members() external view returns (address[] memory);
    /// @notice Aggregates: bonded stake, unbonding stake, reward pool, rewards owed (credited, unclaimed).
    function totals()
        external
        view
        returns (uint256 staked, uint256 unbondingTotal, uint256 rewardPool, uint256 rewardsOwed);
}
