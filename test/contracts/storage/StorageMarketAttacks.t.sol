// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IStorageMarket} from "../../../contracts/storage/IStorageMarket.sol";
import {StorageMarket} from "../../../contracts/storage/StorageMarket.sol";
import {DealId, DealStatus} from "../../../contracts/storage/StorageTypes.sol";
import {StorageFixture} from "./support/StorageFixture.sol";

/// Regression tests of the storage attacks of the outside review (issue 14, items 6 and 9): each
/// succeeded against the earlier contract and must now fail or gain nothing.
contract StorageMarketAttacksTest is StorageFixture {
    DealId internal id;

    function setUp() public override {
        super.setUp();
        id = _acceptDefault();
    }

    /// Item 9: a host that lost its data proves nothing; nobody pokes the seeds in time. The
    /// periods were voided (price back to the client) and the host got its whole collateral back.
    function test_attack_lostDataWithoutSeedsIsNoFreePass() public {
        vm.roll(START + PERIODS * PERIOD + 300); // every period closed, no seed ever recorded
        vm.prank(reporter);
        market.reportMissed(id);
        assertEq(uint8(market.getDeal(id).status), uint8(DealStatus.Terminated), "missed, not voided");
        assertLt(market.creditOf(host), COLLATERAL, "the host loses collateral");
        assertGt(market.creditOf(reporter), 0, "the reporter is paid");
    }

    /// Item 6: the host misses period 0, then proves period 1 itself: the settlement of its own
    /// miss paid the bounty back to it.
    function test_attack_hostProvingAfterOwnMissEarnsNoBounty() public {
        _enterPeriod(0);
        _enterPeriod(1); // period 0 closed unproven
        vm.prank(host);
        assertEq(_submit(_proof(id, 1)), 1);
        assertEq(market.creditOf(host), PRICE, "only the proven period, no bounty");
        // The whole slash (10% of 10 ether) goes to the client with period 0's price.
        assertEq(market.creditOf(client), PRICE + 1 ether);
    }

    /// Item 6: the host reports its own miss.
    function test_attack_hostReportingOwnMissEarnsNoBounty() public {
        _enterPeriod(0);
        vm.roll(START + PERIOD);
        vm.prank(host);
        market.reportMissed(id);
        assertEq(market.creditOf(host), 0, "no bounty for a self-report");
        assertEq(market.creditOf(client), PRICE + 1 ether);
    }

    /// Item 6/7: a bounty of (nearly) the whole slash made a self-report through a second address
    /// almost free; the bound keeps at least half of every slash away from the reporter.
    function test_attack_bountyBpsBoundedWellBelowAll() public {
        uint256 max = market.MAX_BOUNTY_BPS();
        assertLe(max, 5_000);
        vm.expectRevert(
            abi.encodeWithSelector(IStorageMarket.StorageMarketInvalidConfig.selector, EPOCH, SLASH_BPS, max + 1, 2)
        );
        new StorageMarket(token, EPOCH, SLASH_BPS, max + 1, 2);
    }
}
