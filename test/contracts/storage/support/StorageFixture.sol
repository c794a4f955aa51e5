// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {Messages} from "../../../../contracts/lib/Messages.sol";
import {StorageMarket} from "../../../../contracts/storage/StorageMarket.sol";
import {DealId, HostTerms, PeriodProof} from "../../../../contracts/storage/StorageTypes.sol";
import {BTTToken} from "../../../../contracts/token/BTTToken.sol";
import {TestTree} from "./TestTree.sol";

/// Shared setup for StorageMarket tests: a token, a market (epoch 10 blocks, 10% slash, 20% bounty,
/// 2 misses end a deal), a registered host, a funded client, and an 8-segment content tree (TestTree) so proofs can be produced for any challenged index.
abstract contract StorageFixture is Test {
    uint256 internal constant EPOCH = 10;
    uint256 internal constant SLASH_BPS = 1_000;
    uint256 internal constant BOUNTY_BPS = 2_000;
    uint256 internal constant MAX_MISSES = 2;
    uint256 internal constant LEAVES = 8;
    uint256 internal constant SIZE = LEAVES * 32;
    uint256 internal constant PRICE = 1 ether;
    uint256 internal constant COLLATERAL = 10 ether;
    uint256 internal constant START = 100;
    uint256 internal constant PERIOD = 20;
    uint256 internal constant PERIODS = 5;

    BTTToken internal token;
    StorageMarket internal market;
    uint256 internal clientKey = 0xC11E;
    address internal client;
    address internal host = makeAddr("host");
    address internal reporter = makeAddr("reporter");
    bytes32[] internal leaves;
    bytes32 internal root;

    function setUp() public virtual {
        client = vm.addr(clientKey);
        token = new BTTToken(address(this));
        market = new StorageMarket(token, EPOCH, SLASH_BPS, BOUNTY_BPS, MAX_MISSES);
        token.mint(client, 1_000 ether);
        token.mint(host, 1_000 ether);
        vm.prank(client);
        token.approve(address(market), type(uint256).max);
        vm.prank(host);
        token.approve(address(market), type(uint256).max);
        vm.prank(host);
        market.setHost(HostTerms({capacity: 1 << 40, pricePerGiBPerPeriod: 1, collateralPerGiB: 1, endpoint: "h:1"}));
        for (uint256 i; i < LEAVES; ++i) {
            leaves.push(keccak256(abi.encode("segment", i)));
        }
        root = TestTree.root(leaves);
        vm.roll(50);
    }

    function _siblings(uint256 index) internal view returns (bytes32[] memory) {
        return TestTree.siblings(leaves, index);
    }

    function _offer() internal view returns (Messages.StorageDeal memory) {
        return Messages.StorageDeal({
            chainId: block.chainid,
            market: address(market),
            client: client,
            host: host,
            root: root,
            size: SIZE,
            start: START,
            periods: PERIODS,
            periodLength: PERIOD,
            pricePerPeriod: PRICE,
            collateral: COLLATERAL,
            challengesPerPeriod: 2,
            nonce: 1,
            deadline: 1_000
        });
    }

    function _sign(uint256 key, Messages.StorageDeal memory terms) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, Messages.hash(terms));
        return abi.encodePacked(r, s, v);
    }

    function _accept(Messages.StorageDeal memory terms) internal returns (DealId id) {
        bytes memory sig = _sign(clientKey, terms);
        vm.prank(terms.host);
        id = market.acceptDeal(terms, sig);
    }

    function _acceptDefault() internal returns (DealId) {
        return _accept(_offer());
    }

    /// Rolls into period `p` of the default deal (one block after its start) and records its seed.
    function _enterPeriod(uint256 p) internal {
        uint256 start = START + p * PERIOD;
        vm.roll(start + 1);
        market.pokeSeed(start / EPOCH);
    }

    /// A correct proof of `period` for `id`, built from the current seed.
    function _proof(DealId id, uint256 period) internal view returns (PeriodProof memory) {
        return PeriodProof({id: id, period: period, data: TestTree.periodData(leaves, market.challengeIndices(id, period))});
    }

    function _one(PeriodProof memory proof) internal pure returns (PeriodProof[] memory batch) {
        batch = new PeriodProof[](1);
        batch[0] = proof;
    }

    function _submit(PeriodProof memory proof) internal returns (uint256) {
        return market.submitProofs(_one(proof));
    }
}
