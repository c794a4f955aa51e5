// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {DealLib} from "../../../contracts/storage/libraries/DealLib.sol";
import {Deal, DealStatus} from "../../../contracts/storage/StorageTypes.sol";

/// `DealLib.loadHot` decodes slots 1 and 2 exactly as the compiler lays the `Deal` struct out.
contract DealLibTest is Test {
    Deal internal stored;

    function test_loadHot_matchesLayout() public {
        _check(Deal({
            root: keccak256("root"),
            host: address(0xa11Ce00000000000000000000000000000000b0B),
            start: type(uint40).max - 1,
            periodLength: type(uint32).max - 2,
            challenges: 0xFD,
            misses: 0xFC,
            status: DealStatus.Cancelled,
            size: type(uint56).max - 3,
            depth: 0xFB,
            periods: type(uint32).max - 4,
            cursor: type(uint32).max - 5,
            pricePerPeriod: type(uint128).max - 6,
            collateral: 7,
            client: address(8)
        }));
        _check(Deal({
            root: bytes32(0),
            host: address(1),
            start: 2,
            periodLength: 3,
            challenges: 4,
            misses: 5,
            status: DealStatus.Active,
            size: 6,
            depth: 7,
            periods: 8,
            cursor: 9,
            pricePerPeriod: 10,
            collateral: 11,
            client: address(12)
        }));
    }

    function testFuzz_loadHot_matchesLayout(
        address host,
        uint40 start,
        uint32 periodLength,
        uint8 challenges,
        uint8 misses,
        uint8 status,
        uint56 size,
        uint8 depth,
        uint32 periods,
        uint32 cursor,
        uint128 price
    ) public {
        _check(Deal({
            root: bytes32(uint256(start)),
            host: host,
            start: start,
            periodLength: periodLength,
            challenges: challenges,
            misses: misses,
            status: DealStatus(status % 5),
            size: size,
            depth: depth,
            periods: periods,
            cursor: cursor,
            pricePerPeriod: price,
            collateral: price,
            client: host
        }));
    }

    function _check(Deal memory d) internal {
        stored = d;
        DealLib.Hot memory h = DealLib.loadHot(stored);
        assertEq(h.host, d.host, "host");
        assertEq(h.start, d.start, "start");
        assertEq(h.periodLength, d.periodLength, "periodLength");
        assertEq(h.challenges, d.challenges, "challenges");
        assertEq(h.misses, d.misses, "misses");
        assertEq(uint8(h.status), uint8(d.status), "status");
        assertEq(h.size, d.size, "size");
        assertEq(h.depth, d.depth, "depth");
        assertEq(h.periods, d.periods, "periods");
        assertEq(h.cursor, d.cursor, "cursor");
        assertEq(h.pricePerPeriod, d.pricePerPeriod, "pricePerPeriod");
    }
}
