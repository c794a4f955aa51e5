// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ContentProof} from "../../../contracts/lib/ContentProof.sol";
import {Messages} from "../../../contracts/lib/Messages.sol";
import {StorageMarket} from "../../../contracts/storage/StorageMarket.sol";
import {Challenges} from "../../../contracts/storage/libraries/Challenges.sol";
import {DealId, HostTerms, PeriodProof} from "../../../contracts/storage/StorageTypes.sol";
import {StorageFixture} from "./support/StorageFixture.sol";

/// Property tests: settlement arithmetic, challenge ranges, tamper resistance.
contract StorageMarketFuzzTest is StorageFixture {
    function testFuzz_missSettlementIsExactAndConserving(
        uint96 price,
        uint96 collateral,
        uint16 slashBps,
        uint16 bountyBps
    ) public {
        slashBps = uint16(bound(slashBps, 0, 10_000));
        bountyBps = uint16(bound(bountyBps, 0, 5_000));
        market = new StorageMarket(token, EPOCH, slashBps, bountyBps, 3);
        token.mint(client, uint256(price) * PERIODS + 1);
        token.mint(host, uint256(collateral) + 1);
        vm.prank(client);
        token.approve(address(market), type(uint256).max);
        vm.startPrank(host);
        token.approve(address(market), type(uint256).max);
        market.setHost(_hostTerms());
        vm.stopPrank();
        Messages.StorageDeal memory terms = _offer();
        terms.market = address(market);
        terms.pricePerPeriod = price;
        terms.collateral = collateral;
        DealId id = _accept(terms);

        _enterPeriod(0);
        vm.roll(START + PERIOD);
        vm.prank(reporter);
        market.reportMissed(id);

        uint256 slashed = uint256(collateral) * slashBps / 10_000;
        uint256 bounty = slashed * bountyBps / 10_000;
        assertEq(market.creditOf(reporter), bounty);
        assertEq(market.creditOf(client), uint256(price) + slashed - bounty);
        assertEq(market.getDeal(id).collateral, collateral - slashed);
        assertEq(
            token.balanceOf(address(market)),
            market.escrowOf(id) + market.getDeal(id).collateral + market.creditOf(reporter) + market.creditOf(client)
        );
    }

    function testFuzz_challengeIndexIsBelowLeafCount(bytes32 seed, bytes32 id, uint256 j, uint256 size) public pure {
        size = bound(size, 1, uint256(32) << 48);
        uint256 leaves = ContentProof.leafCount(size);
        uint256 index = Challenges.index(seed, DealId.wrap(id), j, leaves);
        assertLt(index, leaves);
        assertEq(index, uint256(keccak256(abi.encode(seed, id, j))) % leaves);
    }

    function testFuzz_anyTamperedWordIsRejected(uint256 word, uint256 bit) public {
        DealId id = _acceptDefault();
        _enterPeriod(0);
        PeriodProof memory proof = _proof(id, 0);
        word = bound(word, 0, proof.data.length - 1);
        bit = bound(bit, 0, 255);
        proof.data[word] = bytes32(uint256(proof.data[word]) ^ (uint256(1) << bit));
        assertEq(_submit(proof), 0);
        assertEq(market.creditOf(host), 0);
        assertEq(market.getDeal(id).cursor, 0);
    }

    function testFuzz_proofOnlyInsideItsWindow(uint256 blockNumber) public {
        DealId id = _acceptDefault();
        _enterPeriod(1);
        PeriodProof memory proof = _proof(id, 1);
        blockNumber = bound(blockNumber, START + PERIOD + 1, START + 4 * PERIOD);
        vm.roll(blockNumber);
        bool inside = blockNumber < START + 2 * PERIOD;
        assertEq(_submit(proof), inside ? 1 : 0);
    }

    function _hostTerms() private pure returns (HostTerms memory) {
        return HostTerms({capacity: 1 << 40, pricePerGiBPerPeriod: 0, collateralPerGiB: 0, endpoint: ""});
    }
}


