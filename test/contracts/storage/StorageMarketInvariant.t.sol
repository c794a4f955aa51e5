// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {StorageMarket} from "../../../contracts/storage/StorageMarket.sol";
import {Deal, DealStatus} from "../../../contracts/storage/StorageTypes.sol";
import {BTTToken} from "../../../contracts/token/BTTToken.sol";
import {StorageHandler} from "./support/StorageHandler.sol";

/// The market's token balance always equals escrow + collateral + unclaimed credits, and deal
/// bookkeeping stays within bounds, whatever sequence of offers, proofs, reports, cancellations,
/// renewals and claims happens.
contract StorageMarketInvariantTest is Test {
    StorageHandler internal handler;
    StorageMarket internal market;
    BTTToken internal token;

    function setUp() public {
        vm.roll(100);
        token = new BTTToken(address(this));
        market = new StorageMarket(token, 10, 1_500, 2_500, 2);
        handler = new StorageHandler(market, token);
        for (uint256 i; i < handler.actorCount(); ++i) {
            token.mint(handler.actors(i), 1_000_000 ether);
        }
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](7);
        selectors[0] = StorageHandler.offer.selector;
        selectors[1] = StorageHandler.renew.selector;
        selectors[2] = StorageHandler.prove.selector;
        selectors[3] = StorageHandler.report.selector;
        selectors[4] = StorageHandler.cancel.selector;
        selectors[5] = StorageHandler.claim.selector;
        selectors[6] = StorageHandler.advance.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    function invariant_balanceEqualsEscrowCollateralAndCredits() public view {
        assertEq(token.balanceOf(address(market)), handler.owed());
    }

    function invariant_dealBookkeepingInBounds() public view {
        uint256 n = handler.dealCount();
        for (uint256 i; i < n; ++i) {
            Deal memory d = market.getDeal(handler.deals(i));
            assertLe(d.cursor, d.periods);
            assertLt(d.misses, 2 + 1);
            if (d.status != DealStatus.Active) assertEq(d.collateral, 0);
        }
    }
}
