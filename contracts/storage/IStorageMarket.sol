// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Messages} from "../lib/Messages.sol";
import {Deal, DealId, DealStatus, Host, HostTerms, PeriodProof, ProofFailure} from "./StorageTypes.sol";

/// @title IStorageMarket
/// @notice Storage deals paid per proven period (DESIGN section 7).
///
/// Time is counted in **block numbers**, not timestamps: the challenge seed is a block hash, which
/// the EVM indexes by block number and keeps for 256 blocks only, so periods, proof windows, seed
/// pokes and deadlines all live on the one clock the beacon can be read on.
///
/// - Epochs: epoch e covers blocks [e * epochLength, (e + 1) * epochLength). Its seed is the hash of
///   its first block, recorded once for all deals by anyone (`pokeSeed`, or the first proof that
///   needs it) from the next block up to 256 blocks later. When nobody recorded it in time, the
///   first poke (or proof) after that records a late seed: the hash of the latest block at
///   `seedBlock + 256 * k` (k >= 1), which is always still readable. PREVRANDAO is never used (0
///   on TRON). A late seed lets whoever records it first pick among one candidate block per 256
///   blocks of the proof window: the relayer's storage duty records seeds on time to avoid that.
/// - Deals start on an epoch boundary and their period length is a multiple of `epochLength`, so
///   every period starts an epoch and all deals share that epoch's seed.
/// - Period p of a deal covers [start + p * periodLength, start + (p + 1) * periodLength). Its proof
///   window is [periodStart + 1, periodEnd): proofs land strictly inside the period. From `periodEnd`
///   on the period can be reported missed.
/// - Challenge j of period p is segment `keccak256(seed, dealId, j) mod leafCount(size)`.
/// - A missed period refunds its price to the client and slashes `slashBps` of the remaining
///   collateral: `bountyBps` of the slash to the reporter, the rest to the client. `maxMisses`
///   consecutive misses terminate the deal: the unearned escrow and the remaining collateral go to
///   the client. A period whose seed was never recorded is missed like any other (the host can
///   always record a seed, timely or late, and its own proof records it): losing the data and
///   hoping nobody pokes the seed is no free pass.
/// - Self-reports earn nothing: misses settled by a proof (whoever submits it: the host or a
///   relayer acting for it) and misses reported by the deal's host pay no bounty; the whole slash
///   goes to the client. `bountyBps <= MAX_BOUNTY_BPS` (50%), so a host reporting itself from
///   another address still loses at least half of every slash.
/// - Client cancellation: before `start`, everything is returned (escrow to the client, collateral to
///   the host); from `start` on, the deal is shortened to the current period plus one period of
///   notice and the escrow of the periods dropped is refunded.
/// - Payouts are credits pulled with `claim` (host earnings, refunds, bounties, returned collateral).
interface IStorageMarket {
    /// @notice A host registered or changed its advertised terms.
    event HostUpdated(
        address indexed host, uint64 capacity, uint128 pricePerGiBPerPeriod, uint128 collateralPerGiB, string endpoint
    );
    /// @notice A client revoked a signed deal offer before it was accepted.
    event NonceInvalidated(address indexed client, uint256 nonce);
    /// @notice A deal was accepted: `escrow` pulled from the client and `collateral` from the host.
    event DealAccepted(
        DealId indexed id,
        address indexed client,
        address indexed host,
        bytes32 root,
        uint256 size,
        uint256 start,
        uint256 periods,
        uint256 escrow,
        uint256 collateral
    );
    /// @notice A deal was extended by `addedPeriods` under the renewal offer `renewal`.
    event DealRenewed(DealId indexed id, bytes32 indexed renewal, uint256 addedPeriods, uint256 escrow, uint256 collateral);
    /// @notice The seed of `epoch` was recorded.
    event SeedRecorded(uint256 indexed epoch, bytes32 seed);
    /// @notice The seed of `epoch` was recorded late (after its 256-block window), as the hash of
    /// `hashedBlock` instead of the epoch's first block. Emitted with `SeedRecorded`.
    event LateSeedRecorded(uint256 indexed epoch, uint256 hashedBlock);
    /// @notice A batch of period proofs was processed: bit `i % 256` of `proven[i / 256]` is set iff
    /// entry `i` proved its period (its price credited to the host). Every other entry emitted
    /// `ProofRejected`, in entry order. One event per batch instead of one per proven period.
    event ProofsSubmitted(address indexed submitter, uint256 entries, uint256 accepted, uint256[] proven);
    /// @notice A proof in a batch was skipped; `challenge` is the failing challenge for `BadProof`.
    event ProofRejected(DealId indexed id, uint256 period, ProofFailure reason, uint256 challenge);
    /// @notice A period was settled as missed.
    event PeriodMissed(
        DealId indexed id, uint256 period, uint256 refund, uint256 slashed, uint256 bounty, address indexed reporter
    );
    /// @notice A deal ended after too many consecutive misses.
    event DealTerminated(DealId indexed id, uint256 refund, uint256 slashed);
    /// @notice Every period of a deal is settled; the remaining collateral went back to the host.
    event DealCompleted(DealId indexed id, uint256 collateralReturned);
    /// @notice The client cancelled (fully before start, else shortened to `periods`).
    event DealCancelled(DealId indexed id, uint256 periods, uint256 refund);
    /// @notice `account` pulled its credits.
    event Claimed(address indexed account, uint256 amount);

    /// @notice Constructor parameters out of range.
    error StorageMarketInvalidConfig(uint256 epochLength, uint256 slashBps, uint256 bountyBps, uint256 maxMisses);
    /// @notice The offer names another chain.
    error StorageMarketWrongChain(uint256 chainId, uint256 expected);
    /// @notice The offer names another market contract.
    error StorageMarketWrongMarket(address market, address expected);
    /// @notice Only the deal's host may do this.
    error StorageMarketNotHost(address caller, address host);
    /// @notice Only the deal's client may do this.
    error StorageMarketNotClient(address caller, address client);
    /// @notice The offer's deadline (a block number) has passed.
    error StorageMarketDeadlinePassed(uint256 deadline, uint256 blockNumber);
    /// @notice The client's nonce was already used or invalidated.
    error StorageMarketNonceUsed(address client, uint256 nonce);
    /// @notice The signature recovers to another account than the client.
    error StorageMarketWrongSigner(address signer, address client);
    /// @notice Client or host is the zero address, or they are the same account.
    error StorageMarketInvalidParties(address client, address host);
    /// @notice The start is in the past, not on an epoch boundary, or beyond uint40.
    error StorageMarketInvalidStart(uint256 start, uint256 blockNumber, uint256 epochLength);
    /// @notice The period length is zero, not a multiple of the epoch length, or beyond uint32.
    error StorageMarketInvalidPeriodLength(uint256 periodLength, uint256 epochLength);
    /// @notice The number of periods is zero or the total would exceed uint32.
    error StorageMarketInvalidPeriods(uint256 periods);
    /// @notice Challenges per period must be in [1, MAX_CHALLENGES].
    error StorageMarketInvalidChallenges(uint256 challenges, uint256 max);
    /// @notice The size is zero or larger than the deepest supported tree.
    error StorageMarketInvalidSize(uint256 size);
    /// @notice Price or collateral exceeds uint128.
    error StorageMarketInvalidAmount(uint256 pricePerPeriod, uint256 collateral);
    /// @notice The host has no registry entry.
    error StorageMarketHostNotRegistered(address host);
    /// @notice The deal does not fit the host's free capacity.
    error StorageMarketCapacityExceeded(address host, uint256 size, uint256 available);
    /// @notice Capacity must be positive and at least the bytes already under deals.
    error StorageMarketInvalidCapacity(uint256 capacity, uint256 used);
    /// @notice The endpoint string is longer than MAX_ENDPOINT_LENGTH bytes.
    error StorageMarketEndpointTooLong(uint256 length, uint256 max);
    /// @notice No deal has this id.
    error StorageMarketUnknownDeal(DealId id);
    /// @notice The deal is not active.
    error StorageMarketDealNotActive(DealId id, DealStatus status);
    /// @notice A renewal must keep client, host, root, size, period length, price and challenges.
    error StorageMarketRenewalMismatch(DealId id);
    /// @notice A renewal must start where the deal ends, before it ends.
    error StorageMarketRenewalGap(DealId id, uint256 start, uint256 end, uint256 blockNumber);
    /// @notice Cancelling now would not drop any period.
    error StorageMarketNothingToCancel(DealId id, uint256 periods, uint256 keep);
    /// @notice The seed block of `epoch` is not mined yet.
    error StorageMarketSeedTooEarly(uint256 epoch, uint256 seedBlock, uint256 blockNumber);
    /// @notice No period of the deal has closed unsettled.
    error StorageMarketNothingToReport(DealId id);
    /// @notice The caller has no credits.
    error StorageMarketNothingToClaim(address account);

    /// @notice Registers the caller as a host or updates its terms.
    /// @dev Requirements: `capacity` > 0 and >= the bytes under active deals; endpoint <= 256 bytes.
    /// Emits `HostUpdated`.
    function setHost(HostTerms calldata terms) external;

    /// @notice Marks the caller's `nonce` used so that an offer signed with it can never be accepted.
    /// @dev Emits `NonceInvalidated`. Reverts `StorageMarketNonceUsed` if already used.
    function invalidateNonce(uint256 nonce) external;

    /// @notice The host accepts a client-signed offer: escrow `periods * pricePerPeriod` is pulled from
    /// the client and `collateral` from the host (both need an allowance to this market).
    /// @dev Requirements: caller is `terms.host`, registered with enough free capacity; the offer names
    /// this chain and market; the deadline (block) has not passed; the nonce is unused; the signature
    /// is the client's (low s); start is a future-or-current epoch boundary; period length a multiple
    /// of the epoch length. Emits `DealAccepted`.
    /// @return id The deal id: the offer's EIP-712 digest.
    function acceptDeal(Messages.StorageDeal calldata terms, bytes calldata signature) external returns (DealId id);

    /// @notice The host accepts a client-signed renewal offer for the same root: `terms.periods` more
    /// periods starting where the deal ends, escrow pulled from the client and `terms.collateral` more
    /// collateral from the host.
    /// @dev Same checks as `acceptDeal`, plus: the deal is active and has not ended; client, host, root,
    /// size, period length, price and challenges match; `terms.start` is the deal's end. Emits `DealRenewed`.
    function renewDeal(DealId id, Messages.StorageDeal calldata terms, bytes calldata signature) external;

    /// @notice Client cancellation (see the contract notes for the rule). Emits `DealCancelled`.
    function cancelDeal(DealId id) external;

    /// @notice Records the seed of `epoch`: the hash of block `epoch * epochLength` when called up to
    /// 256 blocks after it, a late seed otherwise (see the notes); no-op if recorded.
    /// @dev Callable from the seed block + 1 on. Emits `SeedRecorded` (and `LateSeedRecorded`).
    function pokeSeed(uint256 epoch) external returns (bytes32 seed);

    /// @notice Verifies a batch of period proofs; anyone may submit. A bad entry is skipped with
    /// `ProofRejected` and the batch goes on. Closed unreported periods before a proven one are
    /// settled as missed first, without bounty (the submitter acts for the host). A proof whose
    /// epoch has no seed yet records it (timely or late) and is checked against it. Emits `ProofsSubmitted` (which entries
    /// were proven) once.
    /// @return accepted Number of periods proven.
    function submitProofs(PeriodProof[] calldata proofs) external returns (uint256 accepted);

    /// @notice Settles the deal's closed, unsettled periods (at most MAX_SETTLE per call) as missed,
    /// crediting refunds to the client and the bounty to the caller (none when the caller is the
    /// deal's host: it goes to the client).
    /// @return settled Number of periods settled.
    function reportMissed(DealId id) external returns (uint256 settled);

    /// @notice Pays the caller all its credits (host earnings, refunds, bounties, returned collateral).
    /// Emits `Claimed`.
    function claim() external returns (uint256 amount);

    /// @notice The state of a deal.
    function getDeal(DealId id) external view returns (Deal memory);

    /// @notice The registry entry of a host.
    function getHost(address host) external view returns (Host memory);

    /// @notice Everything `account` can claim now.
    function creditOf(address account) external view returns (uint256);

    /// @notice Escrow still held for the deal's unsettled periods.
    function escrowOf(DealId id) external view returns (uint256);

    /// @notice The recorded seed of `epoch` (zero if none).
    function seedOf(uint256 epoch) external view returns (bytes32);

    /// @notice Whether `client` has used or invalidated `nonce`.
    function nonceUsed(address client, uint256 nonce) external view returns (bool);

    /// @notice Segment indices challenged in `period` (needs the period's seed).
    function challengeIndices(DealId id, uint256 period) external view returns (uint256[] memory);
}
