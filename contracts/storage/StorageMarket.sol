// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

import {ContentProof} from "../lib/ContentProof.sol";
import {Messages} from "../lib/Messages.sol";
import {TokenTransfers} from "../lib/TokenTransfers.sol";
import {IStorageMarket} from "./IStorageMarket.sol";
import {Challenges} from "./libraries/Challenges.sol";
import {DealLib} from "./libraries/DealLib.sol";
import {OfferLib} from "./libraries/OfferLib.sol";
import {Deal, DealId, DealStatus, Host, HostTerms, PeriodProof, ProofFailure} from "./StorageTypes.sol";

/// @title StorageMarket
/// @notice Escrow for storage deals paid per period proven with on-chain Merkle challenges against
/// the deal's content commitment (root, size). See `IStorageMarket` for the rules (periods in blocks,
/// seeds, proof windows, misses, cancellation). One ERC-20 (BTT) for escrow, collateral and payouts;
/// it must be a plain token (no fee on transfer, no rebasing), which BTT is.
contract StorageMarket is IStorageMarket, ReentrancyGuard {
    using SafeERC20 for IERC20;
    using DealLib for Deal;

    /// @notice Most unproven periods settled by one report (or before one proof).
    uint256 public constant MAX_SETTLE = 64;
    /// @notice Longest host endpoint, in bytes.
    uint256 public constant MAX_ENDPOINT_LENGTH = 256;
    /// @notice Blocks for which `blockhash` is available.
    uint256 private constant _BLOCKHASH_WINDOW = 256;

    /// @notice Token of escrow, collateral and payouts (BTT).
    IERC20 public immutable token;
    /// @notice Blocks per beacon epoch; deal starts and period lengths are multiples of it.
    uint256 public immutable epochLength;
    /// @notice Share of the remaining collateral slashed per missed period, in basis points.
    uint256 public immutable slashBps;
    /// @notice Share of each slash paid to the reporter, in basis points, at most `MAX_BOUNTY_BPS`.
    uint256 public immutable bountyBps;
    /// @notice Largest `bountyBps`: a host reporting its own miss from another address keeps at
    /// most half of each slash.
    uint256 public constant MAX_BOUNTY_BPS = 5_000;
    /// @notice Consecutive missed periods that terminate a deal.
    uint256 public immutable maxMisses;

    mapping(DealId id => Deal) private _deals;
    mapping(address host => Host) private _hosts;
    mapping(address account => uint256) private _credits;
    mapping(uint256 epoch => bytes32) private _seeds;
    mapping(address client => mapping(uint256 word => uint256)) private _nonces;

    /// @dev Per-batch memory: the last seed read and the host credit not yet written.
    struct Batch {
        uint256 epoch;
        bytes32 seed;
        address host;
        uint256 credit;
    }

    /// @param token_ The BTT token.
    /// @param epochLength_ Blocks per epoch, in [2, 2^32).
    /// @param slashBps_ Slash per miss, <= 10,000.
    /// @param bountyBps_ Reporter share of a slash, <= MAX_BOUNTY_BPS (5,000).
    /// @param maxMisses_ Consecutive misses ending a deal, in [1, 255].
    constructor(IERC20 token_, uint256 epochLength_, uint256 slashBps_, uint256 bountyBps_, uint256 maxMisses_) {
        if (
            address(token_) == address(0) || epochLength_ < 2 || epochLength_ > type(uint32).max
                || slashBps_ > DealLib.BPS || bountyBps_ > MAX_BOUNTY_BPS || maxMisses_ == 0 || maxMisses_ > type(uint8).max
        ) revert StorageMarketInvalidConfig(epochLength_, slashBps_, bountyBps_, maxMisses_);
        token = token_;
        epochLength = epochLength_;
        slashBps = slashBps_;
        bountyBps = bountyBps_;
        maxMisses = maxMisses_;
    }

    /// @inheritdoc IStorageMarket
    function setHost(HostTerms calldata terms) external {
        Host storage h = _hosts[msg.sender];
        if (terms.capacity == 0 || terms.capacity < h.used) revert StorageMarketInvalidCapacity(terms.capacity, h.used);
        if (bytes(terms.endpoint).length > MAX_ENDPOINT_LENGTH) {
            revert StorageMarketEndpointTooLong(bytes(terms.endpoint).length, MAX_ENDPOINT_LENGTH);
        }
        h.capacity = terms.capacity;
        h.pricePerGiBPerPeriod = terms.pricePerGiBPerPeriod;
        h.collateralPerGiB = terms.collateralPerGiB;
        h.endpoint = terms.endpoint;
        emit HostUpdated(msg.sender, terms.capacity, terms.pricePerGiBPerPeriod, terms.collateralPerGiB, terms.endpoint);
    }

    /// @inheritdoc IStorageMarket
    function invalidateNonce(uint256 nonce) external {
        OfferLib.use(_nonces, msg.sender, nonce);
        emit NonceInvalidated(msg.sender, nonce);
    }

    /// @inheritdoc IStorageMarket
    function acceptDeal(Messages.StorageDeal calldata terms, bytes calldata signature)
        external
        nonReentrant
        returns (DealId id)
    {
        id = OfferLib.consume(terms, signature, epochLength, _nonces);
        _reserveCapacity(terms.host, terms.size);
        Deal storage d = _deals[id];
        d.root = terms.root;
        d.host = terms.host;
        d.start = uint40(terms.start);
        d.periodLength = uint32(terms.periodLength);
        d.challenges = uint8(terms.challengesPerPeriod);
        d.status = DealStatus.Active;
        d.size = uint56(terms.size);
        d.depth = uint8(ContentProof.depthOf(terms.size));
        d.periods = uint32(terms.periods);
        d.pricePerPeriod = uint128(terms.pricePerPeriod);
        d.collateral = uint128(terms.collateral);
        d.client = terms.client;
        uint256 escrow = terms.pricePerPeriod * terms.periods;
        emit DealAccepted(
            id, terms.client, terms.host, terms.root, terms.size, terms.start, terms.periods, escrow, terms.collateral
        );
        _pull(terms.client, escrow);
        _pull(terms.host, terms.collateral);
    }

    /// @inheritdoc IStorageMarket
    function renewDeal(DealId id, Messages.StorageDeal calldata terms, bytes calldata signature)
        external
        nonReentrant
    {
        Deal storage d = _activeDeal(id);
        bytes32 renewal = DealId.unwrap(OfferLib.consume(terms, signature, epochLength, _nonces));
        if (
            terms.host != d.host || terms.client != d.client || terms.root != d.root || terms.size != d.size
                || terms.periodLength != d.periodLength || terms.pricePerPeriod != d.pricePerPeriod
                || terms.challengesPerPeriod != d.challenges
        ) revert StorageMarketRenewalMismatch(id);
        uint256 dealEnd = d.end();
        if (terms.start != dealEnd || block.number >= dealEnd) {
            revert StorageMarketRenewalGap(id, terms.start, dealEnd, block.number);
        }
        uint256 periods = uint256(d.periods) + terms.periods;
        if (periods > type(uint32).max) revert StorageMarketInvalidPeriods(periods);
        uint256 collateral = uint256(d.collateral) + terms.collateral;
        if (collateral > type(uint128).max) revert StorageMarketInvalidAmount(terms.pricePerPeriod, collateral);
        d.periods = uint32(periods);
        d.collateral = uint128(collateral);
        uint256 escrow = terms.pricePerPeriod * terms.periods;
        emit DealRenewed(id, renewal, terms.periods, escrow, terms.collateral);
        _pull(terms.client, escrow);
        _pull(terms.host, terms.collateral);
    }

    /// @inheritdoc IStorageMarket
    function cancelDeal(DealId id) external {
        Deal storage d = _activeDeal(id);
        address client = d.client;
        if (msg.sender != client) revert StorageMarketNotClient(msg.sender, client);
        uint256 periods = d.periods;
        uint256 price = d.pricePerPeriod;
        if (block.number < d.start) {
            uint256 refund = price * periods;
            uint256 collateral = d.collateral;
            d.status = DealStatus.Cancelled;
            d.collateral = 0;
            Host storage h = _hosts[d.host];
            h.earned += SafeCast.toUint128(collateral);
            h.used -= uint64(d.size);
            _credits[client] += refund;
            emit DealCancelled(id, 0, refund);
        } else {
            // The current period plus one period of notice stay due.
            uint256 keep = (block.number - d.start) / d.periodLength + 2;
            if (keep >= periods) revert StorageMarketNothingToCancel(id, periods, keep);
            uint256 refund = price * (periods - keep);
            d.periods = uint32(keep);
            _credits[client] += refund;
            emit DealCancelled(id, keep, refund);
        }
    }

    /// @inheritdoc IStorageMarket
    function pokeSeed(uint256 epoch) external returns (bytes32 seed) {
        seed = _seeds[epoch];
        if (seed != bytes32(0)) return seed;
        // Far-future epochs are rejected before `epoch * epochLength` could overflow.
        uint256 seedBlock = epoch <= block.number / epochLength ? epoch * epochLength : type(uint256).max;
        if (block.number <= seedBlock) revert StorageMarketSeedTooEarly(epoch, seedBlock, block.number);
        seed = _recordSeed(epoch, seedBlock);
    }

    /// @inheritdoc IStorageMarket
    function submitProofs(PeriodProof[] calldata proofs) external returns (uint256 accepted) {
        // No external calls here, hence no reentrancy guard (it would cost every batch ~2.3k gas).
        Batch memory batch = Batch({epoch: type(uint256).max, seed: bytes32(0), host: address(0), credit: 0});
        uint256 n = proofs.length;
        // One bit per entry instead of one event per proven period (~1.4k gas each).
        uint256[] memory proven = new uint256[]((n + 255) >> 8);
        for (uint256 i; i < n; ++i) {
            PeriodProof calldata proof = proofs[i];
            (ProofFailure failure, uint256 challenge) = _prove(proof.id, proof.period, proof.data, batch);
            if (failure == ProofFailure.None) {
                ++accepted;
                proven[i >> 8] |= uint256(1) << (i & 0xff);
            } else {
                emit ProofRejected(proof.id, proof.period, failure, challenge);
            }
        }
        _flush(batch);
        emit ProofsSubmitted(msg.sender, n, accepted, proven);
    }

    /// @inheritdoc IStorageMarket
    function reportMissed(DealId id) external returns (uint256 settled) {
        Deal storage d = _activeDeal(id);
        uint256 cursor = d.cursor;
        uint256 closed = d.closedPeriods(block.number);
        if (closed <= cursor) revert StorageMarketNothingToReport(id);
        uint256 upTo = closed - cursor > MAX_SETTLE ? cursor + MAX_SETTLE : closed;
        // A host reporting itself earns nothing (the bounty goes to the client).
        _apply(d, d.settleUnproven(id, upTo, _policy(), msg.sender == d.host ? address(0) : msg.sender));
        settled = d.cursor - cursor;
    }

    /// @inheritdoc IStorageMarket
    function claim() external nonReentrant returns (uint256 amount) {
        Host storage h = _hosts[msg.sender];
        amount = _credits[msg.sender] + h.earned;
        if (amount == 0) revert StorageMarketNothingToClaim(msg.sender);
        _credits[msg.sender] = 0;
        h.earned = 0;
        emit Claimed(msg.sender, amount);
        TokenTransfers.safeTransferExact(token, msg.sender, amount);
    }

    /// @inheritdoc IStorageMarket
    function getDeal(DealId id) external view returns (Deal memory) {
        return _deals[id];
    }

    /// @inheritdoc IStorageMarket
    function getHost(address host) external view returns (Host memory) {
        return _hosts[host];
    }

    /// @inheritdoc IStorageMarket
    function creditOf(address account) external view returns (uint256) {
        return _credits[account] + _hosts[account].earned;
    }

    /// @inheritdoc IStorageMarket
    function escrowOf(DealId id) external view returns (uint256) {
        return _deals[id].escrow();
    }

    /// @inheritdoc IStorageMarket
    function seedOf(uint256 epoch) external view returns (bytes32) {
        return _seeds[epoch];
    }

    /// @inheritdoc IStorageMarket
    function nonceUsed(address client, uint256 nonce) external view returns (bool) {
        return OfferLib.isUsed(_nonces, client, nonce);
    }

    /// @inheritdoc IStorageMarket
    function challengeIndices(DealId id, uint256 period) external view returns (uint256[] memory indices) {
        Deal storage d = _deals[id];
        if (d.status == DealStatus.None) revert StorageMarketUnknownDeal(id);
        bytes32 seed = _seeds[d.periodStart(period) / epochLength];
        uint256 leaves = ContentProof.leafCount(d.size);
        indices = new uint256[](seed == bytes32(0) ? 0 : d.challenges);
        for (uint256 j; j < indices.length; ++j) {
            indices[j] = Challenges.index(seed, id, j, leaves);
        }
    }

    /// @dev Verifies one period proof and pays it; returns why it was skipped otherwise. Reads the
    /// deal's slots 1 and 2 once, and its root (slot 0) only when the entry passes the cheap checks.
    function _prove(DealId id, uint256 period, bytes32[] calldata data, Batch memory batch)
        private
        returns (ProofFailure, uint256)
    {
        Deal storage d = _deals[id];
        DealLib.Hot memory h = DealLib.loadHot(d);
        ProofFailure failure = _admit(h, period, batch);
        if (failure != ProofFailure.None) return (failure, 0);
        uint256 failed;
        (failure, failed) = _verify(d.root, h, id, batch.seed, data);
        if (failure != ProofFailure.None) return (failure, failed);
        return (_pay(d, h, id, period, batch), 0);
    }

    /// @dev Checks the shape of the proof data and every challenge against the deal's root.
    function _verify(bytes32 root, DealLib.Hot memory h, DealId id, bytes32 seed, bytes32[] calldata data)
        private
        view
        returns (ProofFailure, uint256)
    {
        if (data.length != h.challenges * (h.depth + 1)) return (ProofFailure.Malformed, 0);
        uint256 leaves = (h.size + ContentProof.SEGMENT_SIZE - 1) / ContentProof.SEGMENT_SIZE;
        uint256 failed = Challenges.verify(root, leaves, h.depth, seed, id, h.challenges, data);
        return failed == type(uint256).max ? (ProofFailure.None, 0) : (ProofFailure.BadProof, failed);
    }

    /// @dev Status, window, settlement and seed checks; loads the epoch's seed into the batch.
    function _admit(DealLib.Hot memory h, uint256 period, Batch memory batch) private returns (ProofFailure) {
        if (h.status != DealStatus.Active) {
            return h.status == DealStatus.None ? ProofFailure.UnknownDeal : ProofFailure.NotActive;
        }
        if (period >= h.periods) return ProofFailure.OutsideWindow;
        // period < 2^32 and periodLength < 2^32: no overflow.
        uint256 start = h.start + period * h.periodLength;
        if (block.number <= start || block.number >= start + h.periodLength) return ProofFailure.OutsideWindow;
        if (period < h.cursor) return ProofFailure.AlreadySettled;
        if (period - h.cursor > MAX_SETTLE) return ProofFailure.Backlog;
        uint256 epoch = start / epochLength;
        if (epoch != batch.epoch) {
            batch.epoch = epoch;
            batch.seed = _seedForProof(epoch);
        }
        if (batch.seed == bytes32(0)) return ProofFailure.NoSeed;
        return ProofFailure.None;
    }

    /// @dev Settles earlier closed periods if any, then credits the proven period (and the collateral
    /// if it was the last one).
    function _pay(Deal storage d, DealLib.Hot memory h, DealId id, uint256 period, Batch memory batch)
        private
        returns (ProofFailure)
    {
        bool resetMisses = h.misses != 0;
        if (h.cursor < period) {
            // Misses settled by a proof pay no bounty: the submitter acts for the host.
            DealLib.Outcome memory o = d.settleUnproven(id, period, _policy(), address(0));
            _apply(d, o);
            if (o.ended) return ProofFailure.Terminated;
            resetMisses = true;
        }
        _credit(batch, h.host, h.pricePerPeriod);
        d.cursor = uint32(period + 1);
        if (resetMisses) d.misses = 0;
        if (period + 1 == h.periods) {
            _credit(batch, h.host, d.complete(id));
            _hosts[h.host].used -= uint64(h.size);
        }
        return ProofFailure.None;
    }

    /// @dev Adds to the batch's pending host credit, writing the previous host's credit on a change.
    function _credit(Batch memory batch, address host, uint256 amount) private {
        if (host != batch.host) {
            _flush(batch);
            batch.host = host;
        }
        batch.credit += amount;
    }

    function _flush(Batch memory batch) private {
        if (batch.credit != 0) {
            _hosts[batch.host].earned += SafeCast.toUint128(batch.credit);
            batch.credit = 0;
        }
    }

    /// @dev Credits the outcome of a settlement and frees the host's capacity if the deal ended.
    function _apply(Deal storage d, DealLib.Outcome memory o) private {
        if (o.toClient != 0) _credits[d.client] += o.toClient;
        if (o.toReporter != 0) _credits[msg.sender] += o.toReporter;
        if (o.toHost != 0 || o.ended) {
            Host storage h = _hosts[d.host];
            if (o.toHost != 0) h.earned += SafeCast.toUint128(o.toHost);
            if (o.ended) h.used -= uint64(d.size);
        }
    }

    /// @dev The seed of `epoch`, recorded now (timely or late) if missing.
    function _seedForProof(uint256 epoch) private returns (bytes32 seed) {
        seed = _seeds[epoch];
        if (seed != bytes32(0)) return seed;
        // The caller checked block.number > seedBlock (proof windows open one block after the seed block).
        seed = _recordSeed(epoch, epoch * epochLength);
    }

    /// @dev Records the hash of `seedBlock` if it is at most 256 blocks old, else a late seed: the
    /// hash of the latest block at `seedBlock + 256 * k`, which is 1 to 256 blocks old. Requires
    /// `block.number > seedBlock`.
    function _recordSeed(uint256 epoch, uint256 seedBlock) private returns (bytes32 seed) {
        uint256 age = block.number - seedBlock;
        uint256 hashed = age <= _BLOCKHASH_WINDOW
            ? seedBlock
            : seedBlock + _BLOCKHASH_WINDOW * ((age - 1) / _BLOCKHASH_WINDOW);
        seed = blockhash(hashed);
        _seeds[epoch] = seed;
        emit SeedRecorded(epoch, seed);
        if (hashed != seedBlock) emit LateSeedRecorded(epoch, hashed);
    }

    function _reserveCapacity(address host, uint256 size) private {
        Host storage h = _hosts[host];
        uint256 capacity = h.capacity;
        if (capacity == 0) revert StorageMarketHostNotRegistered(host);
        uint256 used = h.used;
        if (size > capacity - used) revert StorageMarketCapacityExceeded(host, size, capacity - used);
        h.used = uint64(used + size);
    }

    function _activeDeal(DealId id) private view returns (Deal storage d) {
        d = _deals[id];
        DealStatus status = d.status;
        if (status == DealStatus.None) revert StorageMarketUnknownDeal(id);
        if (status != DealStatus.Active) revert StorageMarketDealNotActive(id, status);
    }

    function _policy() private view returns (DealLib.Policy memory) {
        return DealLib.Policy({slashBps: slashBps, bountyBps: bountyBps, maxMisses: maxMisses});
    }

    function _pull(address from, uint256 amount) private {
        if (amount != 0) token.safeTransferFrom(from, address(this), amount);
    }
}
