// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {Messages} from "../../../../contracts/lib/Messages.sol";
import {StorageMarket} from "../../../../contracts/storage/StorageMarket.sol";
import {Deal, DealId, DealStatus, HostTerms, PeriodProof} from "../../../../contracts/storage/StorageTypes.sol";
import {BTTToken} from "../../../../contracts/token/BTTToken.sol";
import {TestTree} from "./TestTree.sol";

/// Drives a StorageMarket through random offers, proofs (good and tampered), reports, cancellations,
/// renewals, claims and block advances, and sums what the market owes.
contract StorageHandler is Test {
    uint256 internal constant EPOCH = 10;
    StorageMarket public immutable market;
    BTTToken public immutable token;
    uint256[] internal clientKeys;
    address[] public actors;
    address[] internal hosts;
    bytes32[] internal leaves;
    bytes32 internal root;
    DealId[] public deals;
    uint256 internal nonce;
    uint256 public proven;
    uint256 public claimed;

    constructor(StorageMarket market_, BTTToken token_) {
        market = market_;
        token = token_;
        for (uint256 i; i < 8; ++i) {
            leaves.push(keccak256(abi.encode("leaf", i)));
        }
        root = TestTree.root(leaves);
        for (uint256 i; i < 3; ++i) {
            clientKeys.push(0xA11CE + i);
            address c = vm.addr(0xA11CE + i);
            address h = makeAddr(string.concat("host", vm.toString(i)));
            hosts.push(h);
            actors.push(c);
            actors.push(h);
            _fund(c);
            _fund(h);
            vm.prank(h);
            market.setHost(HostTerms({capacity: 1 << 20, pricePerGiBPerPeriod: 0, collateralPerGiB: 0, endpoint: ""}));
        }
        actors.push(address(this));
    }

    function dealCount() external view returns (uint256) {
        return deals.length;
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    /// Escrow + collateral of every deal + every actor's credits.
    function owed() external view returns (uint256 total) {
        for (uint256 i; i < deals.length; ++i) {
            total += market.escrowOf(deals[i]) + market.getDeal(deals[i]).collateral;
        }
        for (uint256 i; i < actors.length; ++i) {
            total += market.creditOf(actors[i]);
        }
    }

    function offer(uint256 who, uint256 periods, uint256 price, uint256 collateral, uint256 lead, uint256 len)
        external
    {
        who = bound(who, 0, 2);
        Messages.StorageDeal memory terms = _terms(who, (block.number / EPOCH + 1 + bound(lead, 0, 2)) * EPOCH);
        terms.periods = bound(periods, 1, 6);
        terms.periodLength = EPOCH * bound(len, 1, 3);
        terms.pricePerPeriod = bound(price, 0, 5 ether);
        terms.collateral = bound(collateral, 0, 20 ether);
        DealId id = _accept(who, terms);
        deals.push(id);
    }

    function renew(uint256 dealSeed, uint256 periods) external {
        if (deals.length == 0) return;
        DealId id = deals[bound(dealSeed, 0, deals.length - 1)];
        Deal memory d = market.getDeal(id);
        uint256 end = uint256(d.start) + uint256(d.periods) * d.periodLength;
        if (d.status != DealStatus.Active || block.number >= end) return;
        uint256 who = _clientIndex(d.client);
        Messages.StorageDeal memory terms = _terms(who, end);
        terms.periods = bound(periods, 1, 3);
        terms.periodLength = d.periodLength;
        terms.pricePerPeriod = d.pricePerPeriod;
        terms.collateral = 1 ether;
        bytes memory sig = _sign(who, terms);
        vm.prank(d.host);
        market.renewDeal(id, terms, sig);
    }

    function prove(uint256 dealSeed, bool tamper, uint256 word) external {
        if (deals.length == 0) return;
        DealId id = deals[bound(dealSeed, 0, deals.length - 1)];
        Deal memory d = market.getDeal(id);
        if (d.status != DealStatus.Active || block.number <= d.start) return;
        uint256 period = (block.number - d.start) / d.periodLength;
        uint256 periodStart = d.start + period * d.periodLength;
        if (period >= d.periods || block.number == periodStart || block.number - periodStart > 256) return;
        market.pokeSeed(periodStart / EPOCH);
        PeriodProof[] memory batch = new PeriodProof[](1);
        batch[0] = PeriodProof({id: id, period: period, data: TestTree.periodData(leaves, market.challengeIndices(id, period))});
        if (tamper) {
            uint256 w = bound(word, 0, batch[0].data.length - 1);
            batch[0].data[w] = ~batch[0].data[w];
        }
        proven += market.submitProofs(batch);
    }

    function report(uint256 dealSeed) external {
        if (deals.length == 0) return;
        try market.reportMissed(deals[bound(dealSeed, 0, deals.length - 1)]) {} catch {}
    }

    function cancel(uint256 dealSeed) external {
        if (deals.length == 0) return;
        DealId id = deals[bound(dealSeed, 0, deals.length - 1)];
        vm.prank(market.getDeal(id).client);
        try market.cancelDeal(id) {} catch {}
    }

    function claim(uint256 actorSeed) external {
        address actor = actors[bound(actorSeed, 0, actors.length - 1)];
        vm.prank(actor);
        try market.claim() returns (uint256 amount) {
            claimed += amount;
        } catch {}
    }

    function advance(uint256 blocks) external {
        vm.roll(block.number + bound(blocks, 1, 30));
    }

    function _terms(uint256 who, uint256 start) internal returns (Messages.StorageDeal memory) {
        return Messages.StorageDeal({
            chainId: block.chainid,
            market: address(market),
            client: vm.addr(clientKeys[who]),
            host: hosts[who],
            root: root,
            size: leaves.length * 32,
            start: start,
            periods: 1,
            periodLength: EPOCH,
            pricePerPeriod: 0,
            collateral: 0,
            challengesPerPeriod: 2,
            nonce: ++nonce,
            deadline: block.number + 100
        });
    }

    function _accept(uint256 who, Messages.StorageDeal memory terms) internal returns (DealId) {
        bytes memory sig = _sign(who, terms);
        vm.prank(terms.host);
        return market.acceptDeal(terms, sig);
    }

    function _sign(uint256 who, Messages.StorageDeal memory terms) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(clientKeys[who], Messages.hash(terms));
        return abi.encodePacked(r, s, v);
    }

    function _clientIndex(address c) internal view returns (uint256) {
        for (uint256 i; i < clientKeys.length; ++i) {
            if (vm.addr(clientKeys[i]) == c) return i;
        }
        revert("unknown client");
    }

    /// Approves the market for `a` (the test mints the tokens: it owns the token).
    function _fund(address a) internal {
        vm.prank(a);
        token.approve(address(market), type(uint256).max);
    }
}
