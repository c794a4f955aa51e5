// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IStorageMarket} from "../IStorageMarket.sol";
import {Deal, DealId, DealStatus} from "../StorageTypes.sol";

/// @title DealLib
/// @notice Period arithmetic and settlement of unproven periods over a `Deal` in storage. Returns
/// who is owed what; the market credits the amounts and frees the host's capacity.
library DealLib {
    /// @notice Basis points denominator.
    uint256 internal constant BPS = 10_000;

    /// @notice Market parameters used when settling.
    struct Policy {
        uint256 slashBps;
        uint256 bountyBps;
        uint256 maxMisses;
    }

    /// @notice Amounts owed after a settlement, and whether the deal ended (capacity to free).
    struct Outcome {
        uint256 toClient;
        uint256 toReporter;
        uint256 toHost;
        bool ended;
    }

    /// @notice Slots 1 and 2 of a deal, unpacked: every field the proof path needs but the root.
    struct Hot {
        address host;
        uint256 start;
        uint256 periodLength;
        uint256 challenges;
        uint256 misses;
        DealStatus status;
        uint256 size;
        uint256 depth;
        uint256 periods;
        uint256 cursor;
        uint256 pricePerPeriod;
    }

    /// @notice Reads slots 1 and 2 of `d` with one SLOAD each (Solidity would issue one per field).
    /// @dev Solidity packs struct members from the low-order end of a slot, in declaration order:
    ///
    ///     slot 1: | status 8 | misses 8 | challenges 8 | periodLength 32 | start 40 | host 160 |
    ///     slot 2: | pricePerPeriod 128 | cursor 32 | periods 32 | depth 8 | size 56 |
    ///
    /// (high bits on the left). `test_loadHot_matchesLayout` pins this against the compiler's layout.
    function loadHot(Deal storage d) internal view returns (Hot memory h) {
        uint256 w1;
        uint256 w2;
        assembly ("memory-safe") {
            w1 := sload(add(d.slot, 1))
            w2 := sload(add(d.slot, 2))
        }
        h.host = address(uint160(w1));
        h.start = uint40(w1 >> 160);
        h.periodLength = uint32(w1 >> 200);
        h.challenges = uint8(w1 >> 232);
        h.misses = uint8(w1 >> 240);
        h.status = DealStatus(uint8(w1 >> 248));
        h.size = uint56(w2);
        h.depth = uint8(w2 >> 56);
        h.periods = uint32(w2 >> 64);
        h.cursor = uint32(w2 >> 96);
        h.pricePerPeriod = uint128(w2 >> 128);
    }

    /// @notice First block of period `p`.
    function periodStart(Deal storage d, uint256 p) internal view returns (uint256) {
        return uint256(d.start) + p * uint256(d.periodLength);
    }

    /// @notice Block at which the deal's last period ends.
    function end(Deal storage d) internal view returns (uint256) {
        return uint256(d.start) + uint256(d.periods) * uint256(d.periodLength);
    }

    /// @notice Number of periods whose proof window has closed at `blockNumber` (capped at `periods`).
    function closedPeriods(Deal storage d, uint256 blockNumber) internal view returns (uint256) {
        uint256 start = d.start;
        if (blockNumber < start) return 0;
        uint256 closed = (blockNumber - start) / d.periodLength;
        return closed < d.periods ? closed : d.periods;
    }

    /// @notice Escrow held for the unsettled periods of an active deal.
    function escrow(Deal storage d) internal view returns (uint256) {
        if (d.status != DealStatus.Active) return 0;
        return uint256(d.pricePerPeriod) * (uint256(d.periods) - d.cursor);
    }

    /// @notice Settles periods [cursor, upTo) as missed (a period whose seed was never recorded
    /// too: the host could always record one). `reporter == address(0)` means nobody earns a
    /// bounty (a proof settling the host's own misses, or the host reporting itself): the whole
    /// slash goes to the client.
    /// @dev Requires cursor <= upTo <= periods and every period below `upTo` closed. Emits
    /// `PeriodMissed`, and `DealTerminated` or `DealCompleted` if the deal ends.
    function settleUnproven(Deal storage d, DealId id, uint256 upTo, Policy memory policy, address reporter)
        internal
        returns (Outcome memory o)
    {
        uint256 bountyBps = reporter == address(0) ? 0 : policy.bountyBps;
        uint256 price = d.pricePerPeriod;
        uint256 collateral = d.collateral;
        uint256 misses = d.misses;
        uint256 p = d.cursor;
        for (; p < upTo; ++p) {
            o.toClient += price;
            uint256 slashed = collateral * policy.slashBps / BPS;
            uint256 bounty = slashed * bountyBps / BPS;
            // slashed <= collateral (slashBps <= BPS) and bounty <= slashed (bountyBps <= BPS).
            unchecked {
                collateral -= slashed;
                o.toClient += slashed - bounty;
            }
            o.toReporter += bounty;
            emit IStorageMarket.PeriodMissed(id, p, price + slashed - bounty, slashed, bounty, reporter);
            if (++misses >= policy.maxMisses) {
                uint256 remaining = price * (uint256(d.periods) - p - 1);
                o.toClient += remaining + collateral;
                emit IStorageMarket.DealTerminated(id, remaining, collateral);
                d.status = DealStatus.Terminated;
                d.cursor = uint32(p + 1);
                d.misses = uint8(misses);
                d.collateral = 0;
                o.ended = true;
                return o;
            }
        }
        d.cursor = uint32(p);
        d.misses = uint8(misses);
        d.collateral = uint128(collateral);
        if (p == d.periods) {
            o.toHost = complete(d, id);
            o.ended = true;
        }
    }

    /// @notice Marks a fully settled deal completed and returns its remaining collateral (owed to the host).
    function complete(Deal storage d, DealId id) internal returns (uint256 collateral) {
        collateral = d.collateral;
        d.collateral = 0;
        d.status = DealStatus.Completed;
        emit IStorageMarket.DealCompleted(id, collateral);
    }
}
