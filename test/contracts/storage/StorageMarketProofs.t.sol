// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Messages} from "../../../contracts/lib/Messages.sol";
import {IStorageMarket} from "../../../contracts/storage/IStorageMarket.sol";
import {Deal, DealId, DealStatus, PeriodProof, ProofFailure} from "../../../contracts/storage/StorageTypes.sol";
import {StorageFixture} from "./support/StorageFixture.sol";
import {TestTree} from "./support/TestTree.sol";

/// Seeds, batched proofs (every rejection reason), missed-period reports, termination, completion, claims.
contract StorageMarketProofsTest is StorageFixture {
    DealId internal id;

    function setUp() public override {
        super.setUp();
        id = _acceptDefault();
    }

    // ---- seeds

    function test_pokeSeed_recordsBlockhashOnce() public {
        vm.roll(101);
        bytes32 expected = blockhash(100);
        vm.expectEmit(true, false, false, true, address(market));
        emit IStorageMarket.SeedRecorded(10, expected);
        assertEq(market.pokeSeed(10), expected);
        assertEq(market.seedOf(10), expected);
        vm.roll(102);
        vm.recordLogs();
        assertEq(market.pokeSeed(10), expected); // no-op
        assertEq(vm.getRecordedLogs().length, 0);
    }

    function test_pokeSeed_revertsBeforeSeedBlockIsMined() public {
        vm.roll(100);
        vm.expectRevert(abi.encodeWithSelector(IStorageMarket.StorageMarketSeedTooEarly.selector, 10, 100, 100));
        market.pokeSeed(10);
    }

    function test_pokeSeed_revertsForFarFutureEpoch() public {
        uint256 epoch = type(uint256).max / 3;
        vm.expectRevert(
            abi.encodeWithSelector(IStorageMarket.StorageMarketSeedTooEarly.selector, epoch, type(uint256).max, 50)
        );
        market.pokeSeed(epoch);
    }

    /// After its 256-block window a seed is still recordable, late: the hash of the latest block at
    /// seedBlock + 256k (issue 14 item 9: a period without a seed is no free pass).
    function test_pokeSeed_recordsLateSeedAfter256Blocks() public {
        vm.roll(357);
        vm.expectEmit(address(market));
        emit IStorageMarket.SeedRecorded(10, blockhash(356));
        vm.expectEmit(address(market));
        emit IStorageMarket.LateSeedRecorded(10, 356);
        bytes32 late = blockhash(356);
        assertEq(market.pokeSeed(10), late);
        vm.roll(900);
        assertEq(market.pokeSeed(10), late, "recorded once");
        // Slot boundaries: 256 blocks old is the oldest hash used, 257 moves to the next slot.
        vm.roll(356 + 256);
        assertEq(market.pokeSeed(11), blockhash(366), "epoch 11 (block 110), 502 blocks old: hash of 110 + 256");
    }

    // ---- proofs

    function test_submitProofs_paysProvenPeriod() public {
        _enterPeriod(0);
        vm.expectEmit(true, false, false, true, address(market));
        emit IStorageMarket.ProofsSubmitted(address(this), 1, 1, _bits(1));
        assertEq(_submit(_proof(id, 0)), 1);
        assertEq(market.creditOf(host), PRICE);
        assertEq(market.getDeal(id).cursor, 1);
        assertEq(market.escrowOf(id), (PERIODS - 1) * PRICE);
    }

    function test_submitProofs_recordsMissingSeed() public {
        vm.roll(START + 5);
        PeriodProof memory proof = _proofWithSeed(id, 0, blockhash(START));
        assertEq(_submit(proof), 1);
        assertEq(market.seedOf(START / EPOCH), blockhash(START));
    }

    function test_submitProofs_completesDealAndReturnsCollateral() public {
        for (uint256 p; p < PERIODS; ++p) {
            _enterPeriod(p);
            assertEq(_submit(_proof(id, p)), 1);
        }
        Deal memory d = market.getDeal(id);
        assertEq(uint8(d.status), uint8(DealStatus.Completed));
        assertEq(d.collateral, 0);
        assertEq(market.creditOf(host), PERIODS * PRICE + COLLATERAL);
        assertEq(market.getHost(host).used, 0);
        assertEq(market.escrowOf(id), 0);
        uint256 before = token.balanceOf(host);
        vm.prank(host);
        assertEq(market.claim(), PERIODS * PRICE + COLLATERAL);
        assertEq(token.balanceOf(host), before + PERIODS * PRICE + COLLATERAL);
        assertEq(token.balanceOf(address(market)), 0);
    }

    function test_submitProofs_rejectsSamePeriodTwice() public {
        _enterPeriod(0);
        PeriodProof memory proof = _proof(id, 0);
        _submit(proof);
        _expectRejected(id, 0, ProofFailure.AlreadySettled, 0);
        assertEq(_submit(proof), 0);
        assertEq(market.creditOf(host), PRICE);
    }

    function test_submitProofs_rejectsDuplicateInOneBatch() public {
        _enterPeriod(0);
        PeriodProof[] memory batch = new PeriodProof[](2);
        batch[0] = _proof(id, 0);
        batch[1] = batch[0];
        vm.expectEmit(true, false, false, true, address(market));
        emit IStorageMarket.ProofRejected(id, 0, ProofFailure.AlreadySettled, 0);
        vm.expectEmit(true, false, false, true, address(market));
        emit IStorageMarket.ProofsSubmitted(address(this), 2, 1, _bits(1));
        assertEq(market.submitProofs(batch), 1);
        assertEq(market.creditOf(host), PRICE);
    }

    function test_submitProofs_rejectsUnknownDeal() public {
        _enterPeriod(0);
        PeriodProof memory proof = _proof(id, 0);
        proof.id = DealId.wrap(keccak256("unknown"));
        _expectRejected(proof.id, 0, ProofFailure.UnknownDeal, 0);
        assertEq(_submit(proof), 0);
    }

    function test_submitProofs_rejectsInactiveDeal() public {
        vm.prank(client);
        market.cancelDeal(id);
        vm.roll(START + 1);
        _expectRejected(id, 0, ProofFailure.NotActive, 0);
        assertEq(_submit(PeriodProof({id: id, period: 0, data: new bytes32[](8)})), 0);
    }

    function test_submitProofs_rejectsAfterTheWindow() public {
        _enterPeriod(0);
        PeriodProof memory proof = _proof(id, 0);
        vm.roll(START + PERIOD); // first block of period 1: period 0's window is closed
        _expectRejected(id, 0, ProofFailure.OutsideWindow, 0);
        assertEq(_submit(proof), 0);
    }

    function test_submitProofs_rejectsFuturePeriod() public {
        _enterPeriod(0);
        PeriodProof memory proof = _proofWithSeed(id, 1, market.seedOf(START / EPOCH));
        _expectRejected(id, 1, ProofFailure.OutsideWindow, 0);
        assertEq(_submit(proof), 0);
    }

    function test_submitProofs_rejectsAtPeriodStartBlock() public {
        vm.roll(START);
        _expectRejected(id, 0, ProofFailure.OutsideWindow, 0);
        assertEq(_submit(PeriodProof({id: id, period: 0, data: new bytes32[](8)})), 0);
    }

    function test_submitProofs_rejectsPeriodBeyondTerm() public {
        _enterPeriod(0);
        _expectRejected(id, PERIODS, ProofFailure.OutsideWindow, 0);
        assertEq(_submit(PeriodProof({id: id, period: PERIODS, data: new bytes32[](8)})), 0);
    }

    function test_submitProofs_rejectsStaleSeed() public {
        _enterPeriod(0);
        bytes32 stale = market.seedOf(START / EPOCH);
        _enterPeriod(1);
        PeriodProof memory proof = _proofWithSeed(id, 1, stale);
        vm.expectEmit(true, false, false, false, address(market));
        emit IStorageMarket.ProofRejected(id, 1, ProofFailure.BadProof, 0);
        assertEq(_submit(proof), 0);
    }

    function test_submitProofs_rejectsWrongSegment() public {
        _enterPeriod(0);
        PeriodProof memory proof = _proof(id, 0);
        proof.data[4] = bytes32(uint256(proof.data[4]) ^ 1); // second challenge's segment, one bit flipped
        _expectRejected(id, 0, ProofFailure.BadProof, 1);
        assertEq(_submit(proof), 0);
    }

    function test_submitProofs_rejectsWrongIndex() public {
        _enterPeriod(0);
        uint256[] memory indices = market.challengeIndices(id, 0);
        PeriodProof memory proof = _proof(id, 0);
        // A valid proof of another segment in place of challenge 0.
        uint256 other = (indices[0] + 1) % LEAVES;
        proof.data[0] = leaves[other];
        bytes32[] memory sib = _siblings(other);
        for (uint256 l; l < sib.length; ++l) {
            proof.data[1 + l] = sib[l];
        }
        _expectRejected(id, 0, ProofFailure.BadProof, 0);
        assertEq(_submit(proof), 0);
    }

    function test_submitProofs_rejectsProofForAnotherDeal() public {
        Messages.StorageDeal memory terms = _offer();
        terms.nonce = 2;
        DealId other = _accept(terms); // same root and host, different id hence different challenges
        _enterPeriod(0);
        PeriodProof memory proof = _proof(id, 0);
        proof.id = other;
        uint256[] memory a = market.challengeIndices(id, 0);
        uint256[] memory b = market.challengeIndices(other, 0);
        vm.assume(a[0] != b[0] || a[1] != b[1]);
        assertEq(_submit(proof), 0);
        assertEq(market.getDeal(other).cursor, 0);
    }

    function test_submitProofs_rejectsMalformedData() public {
        _enterPeriod(0);
        PeriodProof memory proof = _proof(id, 0);
        bytes32[] memory short = new bytes32[](proof.data.length - 1);
        for (uint256 i; i < short.length; ++i) {
            short[i] = proof.data[i];
        }
        proof.data = short;
        _expectRejected(id, 0, ProofFailure.Malformed, 0);
        assertEq(_submit(proof), 0);
    }

    function test_submitProofs_recordsLateSeedWhenNobodyPoked() public {
        Messages.StorageDeal memory terms = _offer();
        terms.nonce = 2;
        terms.periodLength = 300;
        DealId longId = _accept(terms);
        vm.roll(START + 257);
        // The proof records the late seed (hash of START + 256) and is checked against it.
        PeriodProof memory proof = _proofWithSeed(longId, 0, blockhash(START + 256));
        assertEq(_submit(proof), 1);
        assertEq(market.seedOf(START / EPOCH), blockhash(START + 256));
    }

    function test_submitProofs_badEntryDoesNotStopTheBatch() public {
        Messages.StorageDeal memory terms = _offer();
        terms.nonce = 2;
        DealId second = _accept(terms);
        _enterPeriod(0);
        PeriodProof[] memory batch = new PeriodProof[](3);
        batch[0] = _proof(id, 0);
        batch[0].data[0] = bytes32(0);
        batch[1] = _proof(second, 0);
        batch[2] = _proof(id, 0);
        vm.expectEmit(true, false, false, true, address(market));
        emit IStorageMarket.ProofsSubmitted(address(this), 3, 2, _bits(6));
        assertEq(market.submitProofs(batch), 2);
        assertEq(market.creditOf(host), 2 * PRICE);
    }

    function test_submitProofs_settlesEarlierMissesWithoutBounty() public {
        _enterPeriod(0);
        _enterPeriod(1); // period 0 closed unproven
        PeriodProof memory proof = _proof(id, 1);
        vm.prank(reporter);
        assertEq(_submit(proof), 1);
        // Period 0 missed: 10% of 10 ether slashed, all of it to the client (the submitter acts
        // for the host: no bounty).
        assertEq(market.creditOf(reporter), 0);
        assertEq(market.creditOf(client), PRICE + 1 ether);
        assertEq(market.creditOf(host), PRICE);
        Deal memory d = market.getDeal(id);
        assertEq(d.cursor, 2);
        assertEq(d.misses, 0);
        assertEq(d.collateral, 9 ether);
    }

    function test_submitProofs_rejectsWhenEarlierMissesTerminate() public {
        _enterPeriod(0);
        _enterPeriod(1);
        _enterPeriod(2); // periods 0 and 1 closed unproven: two misses end the deal
        PeriodProof memory proof = _proof(id, 2);
        vm.expectEmit(true, false, false, true, address(market));
        emit IStorageMarket.ProofRejected(id, 2, ProofFailure.Terminated, 0);
        assertEq(_submit(proof), 0);
        assertEq(uint8(market.getDeal(id).status), uint8(DealStatus.Terminated));
    }

    function test_submitProofs_rejectsLongBacklog() public {
        Messages.StorageDeal memory terms = _offer();
        terms.nonce = 2;
        terms.periods = 100;
        terms.periodLength = EPOCH;
        DealId longId = _accept(terms);
        uint256 period = 65;
        vm.roll(START + period * EPOCH + 1);
        market.pokeSeed(START / EPOCH + period);
        PeriodProof memory proof = _proof(longId, period);
        _expectRejected(longId, period, ProofFailure.Backlog, 0);
        assertEq(_submit(proof), 0);
    }

    // ---- reports

    function test_reportMissed_refundsSlashesAndPaysBounty() public {
        _enterPeriod(0);
        vm.roll(START + PERIOD);
        vm.expectEmit(true, true, false, true, address(market));
        emit IStorageMarket.PeriodMissed(id, 0, PRICE + 0.8 ether, 1 ether, 0.2 ether, reporter);
        vm.prank(reporter);
        assertEq(market.reportMissed(id), 1);
        assertEq(market.creditOf(reporter), 0.2 ether);
        assertEq(market.creditOf(client), PRICE + 0.8 ether);
        assertEq(market.escrowOf(id), (PERIODS - 1) * PRICE);
        Deal memory d = market.getDeal(id);
        assertEq(d.misses, 1);
        assertEq(d.collateral, 9 ether);
        vm.expectRevert(abi.encodeWithSelector(IStorageMarket.StorageMarketNothingToReport.selector, id));
        market.reportMissed(id);
    }

    function test_reportMissed_revertsWhileWindowOpen() public {
        _enterPeriod(0);
        vm.expectRevert(abi.encodeWithSelector(IStorageMarket.StorageMarketNothingToReport.selector, id));
        market.reportMissed(id);
    }

    function test_reportMissed_terminatesAfterConsecutiveMisses() public {
        _enterPeriod(0);
        _enterPeriod(1);
        vm.roll(START + 2 * PERIOD);
        vm.expectEmit(true, false, false, true, address(market));
        emit IStorageMarket.DealTerminated(id, 3 * PRICE, 8.1 ether);
        vm.prank(reporter);
        assertEq(market.reportMissed(id), 2);
        // Bounties 0.2 + 0.18; client: 2 prices + (1 - 0.2) + (0.9 - 0.18) + 3 prices + 8.1 collateral.
        assertEq(market.creditOf(reporter), 0.38 ether);
        assertEq(market.creditOf(client), 5 * PRICE + 0.8 ether + 0.72 ether + 8.1 ether);
        assertEq(market.escrowOf(id), 0);
        assertEq(market.getHost(host).used, 0);
        assertEq(uint8(market.getDeal(id).status), uint8(DealStatus.Terminated));
        assertEq(market.creditOf(reporter) + market.creditOf(client), token.balanceOf(address(market)));
    }

    function test_reportMissed_proofResetsConsecutiveMisses() public {
        _enterPeriod(0);
        vm.roll(START + PERIOD);
        market.reportMissed(id);
        _enterPeriod(1);
        _submit(_proof(id, 1));
        assertEq(market.getDeal(id).misses, 0);
        _enterPeriod(2);
        vm.roll(START + 3 * PERIOD);
        market.reportMissed(id);
        assertEq(uint8(market.getDeal(id).status), uint8(DealStatus.Active));
    }

    function test_reportMissed_missesPeriodsWithoutSeed() public {
        vm.roll(START + PERIODS * PERIOD + 257); // every period closed, no seed ever recorded
        vm.expectEmit(true, true, false, true, address(market));
        emit IStorageMarket.PeriodMissed(id, 0, PRICE + 0.8 ether, 1 ether, 0.2 ether, reporter);
        vm.prank(reporter);
        assertEq(market.reportMissed(id), 2);
        // Two misses end the deal: slashes and the remaining collateral go to the client.
        assertEq(uint8(market.getDeal(id).status), uint8(DealStatus.Terminated));
        assertEq(market.creditOf(reporter), 0.2 ether + 0.18 ether);
        assertEq(market.creditOf(client) + market.creditOf(reporter), PERIODS * PRICE + COLLATERAL);
        assertEq(market.creditOf(host), 0);
    }

    function test_submitProofs_missesEarlierPeriodWithoutSeed() public {
        _enterPeriod(1); // period 0's seed never recorded: missed all the same
        vm.prank(reporter);
        assertEq(_submit(_proof(id, 1)), 1);
        assertEq(market.creditOf(client), PRICE + 1 ether);
        assertEq(market.creditOf(reporter), 0);
        assertEq(market.getDeal(id).collateral, 9 ether);
    }

    function test_reportMissed_completesOnLastPeriod() public {
        for (uint256 p; p < PERIODS - 1; ++p) {
            _enterPeriod(p);
            _submit(_proof(id, p));
        }
        _enterPeriod(PERIODS - 1);
        vm.roll(START + PERIODS * PERIOD);
        vm.prank(reporter);
        market.reportMissed(id);
        // Last period missed: refund and slash, then the rest of the collateral back to the host.
        assertEq(market.creditOf(host), (PERIODS - 1) * PRICE + 9 ether);
        assertEq(market.creditOf(client), PRICE + 0.8 ether);
        assertEq(uint8(market.getDeal(id).status), uint8(DealStatus.Completed));
    }

    function test_reportMissed_revertsForUnknownDeal() public {
        DealId unknown = DealId.wrap(bytes32(uint256(7)));
        vm.expectRevert(abi.encodeWithSelector(IStorageMarket.StorageMarketUnknownDeal.selector, unknown));
        market.reportMissed(unknown);
    }

    // ---- claims and views

    function test_claim_revertsWithNothing() public {
        vm.expectRevert(abi.encodeWithSelector(IStorageMarket.StorageMarketNothingToClaim.selector, reporter));
        vm.prank(reporter);
        market.claim();
    }

    function test_challengeIndices_revertsForUnknownDeal() public {
        DealId unknown = DealId.wrap(bytes32(uint256(7)));
        vm.expectRevert(abi.encodeWithSelector(IStorageMarket.StorageMarketUnknownDeal.selector, unknown));
        market.challengeIndices(unknown, 0);
    }

    function test_challengeIndices_emptyWithoutSeed() public view {
        assertEq(market.challengeIndices(id, 0).length, 0);
    }

    // ---- helpers

    function _expectRejected(DealId dealId, uint256 period, ProofFailure reason, uint256 challenge) internal {
        vm.expectEmit(true, false, false, true, address(market));
        emit IStorageMarket.ProofRejected(dealId, period, reason, challenge);
    }

    /// A proof of `period` built against an arbitrary seed (to model stale or guessed seeds).
    /// The `proven` bitmap of a batch of at most 256 entries.
    function _bits(uint256 word) internal pure returns (uint256[] memory bits) {
        bits = new uint256[](1);
        bits[0] = word;
    }

    function _proofWithSeed(DealId dealId, uint256 period, bytes32 seed) internal view returns (PeriodProof memory) {
        uint256[] memory indices = new uint256[](2);
        for (uint256 j; j < 2; ++j) {
            indices[j] = uint256(keccak256(abi.encode(seed, dealId, j))) % LEAVES;
        }
        return PeriodProof({id: dealId, period: period, data: TestTree.periodData(leaves, indices)});
    }
}
