// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {Messages} from "../../../contracts/lib/Messages.sol";
import {IStorageMarket} from "../../../contracts/storage/IStorageMarket.sol";
import {StorageMarket} from "../../../contracts/storage/StorageMarket.sol";
import {Deal, DealId, DealStatus, Host, HostTerms} from "../../../contracts/storage/StorageTypes.sol";
import {StorageFixture} from "./support/StorageFixture.sol";

/// Registry, offers, acceptance, renewal and cancellation: every revert path and the happy paths.
contract StorageMarketDealsTest is StorageFixture {
    // ---- constructor

    function test_constructor_rejectsBadConfig() public {
        vm.expectRevert(abi.encodeWithSelector(IStorageMarket.StorageMarketInvalidConfig.selector, 1, 0, 0, 1));
        new StorageMarket(token, 1, 0, 0, 1);
        vm.expectRevert(abi.encodeWithSelector(IStorageMarket.StorageMarketInvalidConfig.selector, 10, 10_001, 0, 1));
        new StorageMarket(token, 10, 10_001, 0, 1);
        vm.expectRevert(abi.encodeWithSelector(IStorageMarket.StorageMarketInvalidConfig.selector, 10, 0, 10_001, 1));
        new StorageMarket(token, 10, 0, 10_001, 1);
        vm.expectRevert(abi.encodeWithSelector(IStorageMarket.StorageMarketInvalidConfig.selector, 10, 0, 0, 0));
        new StorageMarket(token, 10, 0, 0, 0);
        vm.expectRevert(abi.encodeWithSelector(IStorageMarket.StorageMarketInvalidConfig.selector, 10, 0, 0, 256));
        new StorageMarket(token, 10, 0, 0, 256);
        vm.expectRevert(abi.encodeWithSelector(IStorageMarket.StorageMarketInvalidConfig.selector, 10, 0, 0, 1));
        new StorageMarket(IERC20(address(0)), 10, 0, 0, 1);
    }

    // ---- host registry

    function test_setHost_registersAndEmits() public {
        address h = makeAddr("h2");
        vm.expectEmit(true, false, false, true, address(market));
        emit IStorageMarket.HostUpdated(h, 5, 7, 9, "tcp://h2:6881");
        vm.prank(h);
        market.setHost(HostTerms({capacity: 5, pricePerGiBPerPeriod: 7, collateralPerGiB: 9, endpoint: "tcp://h2:6881"}));
        Host memory got = market.getHost(h);
        assertEq(got.capacity, 5);
        assertEq(got.pricePerGiBPerPeriod, 7);
        assertEq(got.collateralPerGiB, 9);
        assertEq(got.endpoint, "tcp://h2:6881");
    }

    function test_setHost_revertsOnZeroCapacity() public {
        vm.expectRevert(abi.encodeWithSelector(IStorageMarket.StorageMarketInvalidCapacity.selector, 0, 0));
        market.setHost(HostTerms({capacity: 0, pricePerGiBPerPeriod: 0, collateralPerGiB: 0, endpoint: ""}));
    }

    function test_setHost_revertsBelowUsed() public {
        _acceptDefault();
        vm.expectRevert(abi.encodeWithSelector(IStorageMarket.StorageMarketInvalidCapacity.selector, SIZE - 1, SIZE));
        vm.prank(host);
        market.setHost(HostTerms({capacity: uint64(SIZE - 1), pricePerGiBPerPeriod: 0, collateralPerGiB: 0, endpoint: ""}));
    }

    function test_setHost_revertsOnLongEndpoint() public {
        bytes memory long = new bytes(257);
        vm.expectRevert(abi.encodeWithSelector(IStorageMarket.StorageMarketEndpointTooLong.selector, 257, 256));
        market.setHost(HostTerms({capacity: 1, pricePerGiBPerPeriod: 0, collateralPerGiB: 0, endpoint: string(long)}));
    }

    // ---- nonces

    function test_invalidateNonce_blocksOffer() public {
        vm.expectEmit(true, false, false, true, address(market));
        emit IStorageMarket.NonceInvalidated(client, 1);
        vm.prank(client);
        market.invalidateNonce(1);
        assertTrue(market.nonceUsed(client, 1));
        Messages.StorageDeal memory terms = _offer();
        bytes memory sig = _sign(clientKey, terms);
        vm.expectRevert(abi.encodeWithSelector(IStorageMarket.StorageMarketNonceUsed.selector, client, 1));
        vm.prank(host);
        market.acceptDeal(terms, sig);
        vm.expectRevert(abi.encodeWithSelector(IStorageMarket.StorageMarketNonceUsed.selector, client, 1));
        vm.prank(client);
        market.invalidateNonce(1);
    }

    // ---- acceptance

    function test_acceptDeal_pullsEscrowAndCollateral() public {
        uint256 clientBefore = token.balanceOf(client);
        uint256 hostBefore = token.balanceOf(host);
        Messages.StorageDeal memory terms = _offer();
        bytes memory sig = _sign(clientKey, terms);
        DealId expected = DealId.wrap(Messages.hash(terms));
        vm.expectEmit(true, true, true, true, address(market));
        emit IStorageMarket.DealAccepted(expected, client, host, root, SIZE, START, PERIODS, PERIODS * PRICE, COLLATERAL);
        vm.prank(host);
        DealId id = market.acceptDeal(terms, sig);
        assertEq(DealId.unwrap(id), DealId.unwrap(expected));
        assertEq(token.balanceOf(client), clientBefore - PERIODS * PRICE);
        assertEq(token.balanceOf(host), hostBefore - COLLATERAL);
        assertEq(token.balanceOf(address(market)), PERIODS * PRICE + COLLATERAL);
        Deal memory d = market.getDeal(id);
        assertEq(d.root, root);
        assertEq(d.client, client);
        assertEq(d.host, host);
        assertEq(d.size, SIZE);
        assertEq(d.depth, 3);
        assertEq(d.start, START);
        assertEq(d.periods, PERIODS);
        assertEq(d.periodLength, PERIOD);
        assertEq(d.challenges, 2);
        assertEq(uint8(d.status), uint8(DealStatus.Active));
        assertEq(market.escrowOf(id), PERIODS * PRICE);
        assertEq(market.getHost(host).used, SIZE);
        assertTrue(market.nonceUsed(client, 1));
    }

    function test_acceptDeal_replayReverts() public {
        Messages.StorageDeal memory terms = _offer();
        bytes memory sig = _sign(clientKey, terms);
        vm.prank(host);
        market.acceptDeal(terms, sig);
        vm.expectRevert(abi.encodeWithSelector(IStorageMarket.StorageMarketNonceUsed.selector, client, 1));
        vm.prank(host);
        market.acceptDeal(terms, sig);
    }

    function test_acceptDeal_revertsOnWrongChain() public {
        Messages.StorageDeal memory terms = _offer();
        terms.chainId = 199;
        _expectAcceptRevert(
            terms, abi.encodeWithSelector(IStorageMarket.StorageMarketWrongChain.selector, 199, block.chainid)
        );
    }

    function test_acceptDeal_revertsOnWrongMarket() public {
        Messages.StorageDeal memory terms = _offer();
        terms.market = address(0xBEEF);
        _expectAcceptRevert(
            terms,
            abi.encodeWithSelector(IStorageMarket.StorageMarketWrongMarket.selector, address(0xBEEF), address(market))
        );
    }

    function test_acceptDeal_revertsWhenCallerIsNotHost() public {
        Messages.StorageDeal memory terms = _offer();
        bytes memory sig = _sign(clientKey, terms);
        vm.expectRevert(abi.encodeWithSelector(IStorageMarket.StorageMarketNotHost.selector, reporter, host));
        vm.prank(reporter);
        market.acceptDeal(terms, sig);
    }

    function test_acceptDeal_revertsAfterDeadline() public {
        Messages.StorageDeal memory terms = _offer();
        terms.deadline = 49;
        _expectAcceptRevert(
            terms, abi.encodeWithSelector(IStorageMarket.StorageMarketDeadlinePassed.selector, 49, 50)
        );
    }

    function test_acceptDeal_revertsOnBadParties() public {
        Messages.StorageDeal memory terms = _offer();
        terms.client = host;
        _expectAcceptRevert(
            terms, abi.encodeWithSelector(IStorageMarket.StorageMarketInvalidParties.selector, host, host)
        );
        terms.client = address(0);
        _expectAcceptRevert(
            terms, abi.encodeWithSelector(IStorageMarket.StorageMarketInvalidParties.selector, address(0), host)
        );
    }

    function test_acceptDeal_revertsOnBadStart() public {
        Messages.StorageDeal memory terms = _offer();
        terms.start = 40; // in the past
        _expectAcceptRevert(terms, abi.encodeWithSelector(IStorageMarket.StorageMarketInvalidStart.selector, 40, 50, EPOCH));
        terms.start = 105; // not an epoch boundary
        _expectAcceptRevert(terms, abi.encodeWithSelector(IStorageMarket.StorageMarketInvalidStart.selector, 105, 50, EPOCH));
        terms.start = uint256(type(uint40).max) + 1 + 4; // beyond uint40, aligned
        terms.start -= terms.start % EPOCH;
        _expectAcceptRevert(
            terms, abi.encodeWithSelector(IStorageMarket.StorageMarketInvalidStart.selector, terms.start, 50, EPOCH)
        );
    }

    function test_acceptDeal_revertsOnBadPeriodLength() public {
        Messages.StorageDeal memory terms = _offer();
        terms.periodLength = 0;
        _expectAcceptRevert(terms, abi.encodeWithSelector(IStorageMarket.StorageMarketInvalidPeriodLength.selector, 0, EPOCH));
        terms.periodLength = 15;
        _expectAcceptRevert(terms, abi.encodeWithSelector(IStorageMarket.StorageMarketInvalidPeriodLength.selector, 15, EPOCH));
        terms.periodLength = uint256(type(uint32).max) + 1 + 4;
        _expectAcceptRevert(
            terms, abi.encodeWithSelector(IStorageMarket.StorageMarketInvalidPeriodLength.selector, terms.periodLength, EPOCH)
        );
    }

    function test_acceptDeal_revertsOnBadPeriods() public {
        Messages.StorageDeal memory terms = _offer();
        terms.periods = 0;
        _expectAcceptRevert(terms, abi.encodeWithSelector(IStorageMarket.StorageMarketInvalidPeriods.selector, 0));
        terms.periods = uint256(type(uint32).max) + 1;
        _expectAcceptRevert(terms, abi.encodeWithSelector(IStorageMarket.StorageMarketInvalidPeriods.selector, terms.periods));
    }

    function test_acceptDeal_revertsOnBadSize() public {
        Messages.StorageDeal memory terms = _offer();
        terms.size = 0;
        _expectAcceptRevert(terms, abi.encodeWithSelector(IStorageMarket.StorageMarketInvalidSize.selector, 0));
        terms.size = (uint256(32) << 48) + 1;
        _expectAcceptRevert(terms, abi.encodeWithSelector(IStorageMarket.StorageMarketInvalidSize.selector, terms.size));
    }

    function test_acceptDeal_revertsOnBadChallenges() public {
        Messages.StorageDeal memory terms = _offer();
        terms.challengesPerPeriod = 0;
        _expectAcceptRevert(terms, abi.encodeWithSelector(IStorageMarket.StorageMarketInvalidChallenges.selector, 0, 16));
        terms.challengesPerPeriod = 17;
        _expectAcceptRevert(terms, abi.encodeWithSelector(IStorageMarket.StorageMarketInvalidChallenges.selector, 17, 16));
    }

    function test_acceptDeal_revertsOnHugeAmounts() public {
        Messages.StorageDeal memory terms = _offer();
        terms.pricePerPeriod = uint256(type(uint128).max) + 1;
        _expectAcceptRevert(
            terms,
            abi.encodeWithSelector(IStorageMarket.StorageMarketInvalidAmount.selector, terms.pricePerPeriod, COLLATERAL)
        );
        terms.pricePerPeriod = PRICE;
        terms.collateral = uint256(type(uint128).max) + 1;
        _expectAcceptRevert(
            terms, abi.encodeWithSelector(IStorageMarket.StorageMarketInvalidAmount.selector, PRICE, terms.collateral)
        );
    }

    function test_acceptDeal_revertsOnWrongSigner() public {
        Messages.StorageDeal memory terms = _offer();
        bytes memory sig = _sign(0xBAD, terms);
        vm.expectRevert(
            abi.encodeWithSelector(IStorageMarket.StorageMarketWrongSigner.selector, vm.addr(0xBAD), client)
        );
        vm.prank(host);
        market.acceptDeal(terms, sig);
    }

    function test_acceptDeal_revertsOnAlteredTerms() public {
        Messages.StorageDeal memory terms = _offer();
        bytes memory sig = _sign(clientKey, terms);
        terms.pricePerPeriod = PRICE / 2; // any edited field changes the digest, so the signer no longer matches
        vm.prank(host);
        vm.expectPartialRevert(IStorageMarket.StorageMarketWrongSigner.selector);
        market.acceptDeal(terms, sig);
    }

    function test_acceptDeal_revertsOnHighS() public {
        Messages.StorageDeal memory terms = _offer();
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(clientKey, Messages.hash(terms));
        uint256 n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141;
        bytes memory high = abi.encodePacked(r, bytes32(n - uint256(s)), v == 27 ? uint8(28) : uint8(27));
        vm.expectRevert(abi.encodeWithSelector(Messages.MessagesInvalidSignature.selector, high));
        vm.prank(host);
        market.acceptDeal(terms, high);
    }

    function test_acceptDeal_revertsForUnregisteredHost() public {
        address other = makeAddr("other");
        Messages.StorageDeal memory terms = _offer();
        terms.host = other;
        bytes memory sig = _sign(clientKey, terms);
        vm.expectRevert(abi.encodeWithSelector(IStorageMarket.StorageMarketHostNotRegistered.selector, other));
        vm.prank(other);
        market.acceptDeal(terms, sig);
    }

    function test_acceptDeal_revertsOverCapacity() public {
        vm.prank(host);
        market.setHost(HostTerms({capacity: 100, pricePerGiBPerPeriod: 0, collateralPerGiB: 0, endpoint: ""}));
        Messages.StorageDeal memory terms = _offer();
        _expectAcceptRevert(
            terms, abi.encodeWithSelector(IStorageMarket.StorageMarketCapacityExceeded.selector, host, SIZE, 100)
        );
    }

    function test_acceptDeal_revertsWithoutAllowance() public {
        vm.prank(client);
        token.approve(address(market), 0);
        Messages.StorageDeal memory terms = _offer();
        bytes memory sig = _sign(clientKey, terms);
        vm.expectRevert();
        vm.prank(host);
        market.acceptDeal(terms, sig);
    }

    // ---- renewal

    function _renewal(uint256 nonce) internal view returns (Messages.StorageDeal memory terms) {
        terms = _offer();
        terms.start = START + PERIODS * PERIOD;
        terms.periods = 3;
        terms.collateral = 2 ether;
        terms.nonce = nonce;
    }

    function test_renewDeal_addsPeriodsEscrowAndCollateral() public {
        DealId id = _acceptDefault();
        Messages.StorageDeal memory terms = _renewal(2);
        bytes memory sig = _sign(clientKey, terms);
        vm.expectEmit(true, true, false, true, address(market));
        emit IStorageMarket.DealRenewed(id, Messages.hash(terms), 3, 3 * PRICE, 2 ether);
        vm.prank(host);
        market.renewDeal(id, terms, sig);
        Deal memory d = market.getDeal(id);
        assertEq(d.periods, PERIODS + 3);
        assertEq(d.collateral, COLLATERAL + 2 ether);
        assertEq(market.escrowOf(id), (PERIODS + 3) * PRICE);
        assertEq(token.balanceOf(address(market)), (PERIODS + 3) * PRICE + COLLATERAL + 2 ether);
        // The renewal offer cannot be replayed.
        vm.expectRevert(abi.encodeWithSelector(IStorageMarket.StorageMarketNonceUsed.selector, client, 2));
        vm.prank(host);
        market.renewDeal(id, terms, sig);
    }

    function test_renewDeal_revertsOnMismatch() public {
        DealId id = _acceptDefault();
        Messages.StorageDeal memory terms = _renewal(2);
        terms.root = keccak256("other root");
        bytes memory sig = _sign(clientKey, terms);
        vm.expectRevert(abi.encodeWithSelector(IStorageMarket.StorageMarketRenewalMismatch.selector, id));
        vm.prank(host);
        market.renewDeal(id, terms, sig);
    }

    function test_renewDeal_revertsOnGap() public {
        DealId id = _acceptDefault();
        Messages.StorageDeal memory terms = _renewal(2);
        terms.start += EPOCH;
        bytes memory sig = _sign(clientKey, terms);
        vm.expectRevert(
            abi.encodeWithSelector(IStorageMarket.StorageMarketRenewalGap.selector, id, terms.start, START + PERIODS * PERIOD, 50)
        );
        vm.prank(host);
        market.renewDeal(id, terms, sig);
    }

    function test_renewDeal_revertsAfterTheDealEnded() public {
        DealId id = _acceptDefault();
        uint256 end = START + PERIODS * PERIOD;
        vm.roll(end);
        Messages.StorageDeal memory terms = _renewal(2);
        terms.deadline = end + 10;
        bytes memory sig = _sign(clientKey, terms);
        // checkShape rejects a start in the past first; at the end block itself the gap rule applies.
        vm.expectRevert(abi.encodeWithSelector(IStorageMarket.StorageMarketRenewalGap.selector, id, end, end, end));
        vm.prank(host);
        market.renewDeal(id, terms, sig);
    }

    function test_renewDeal_revertsWhenPeriodsOverflow() public {
        DealId id = _acceptDefault();
        Messages.StorageDeal memory terms = _renewal(2);
        terms.periods = type(uint32).max;
        terms.pricePerPeriod = PRICE;
        bytes memory sig = _sign(clientKey, terms);
        vm.expectRevert(
            abi.encodeWithSelector(IStorageMarket.StorageMarketInvalidPeriods.selector, uint256(type(uint32).max) + PERIODS)
        );
        vm.prank(host);
        market.renewDeal(id, terms, sig);
    }

    function test_renewDeal_revertsWhenCollateralOverflows() public {
        DealId id = _acceptDefault();
        Messages.StorageDeal memory terms = _renewal(2);
        terms.collateral = type(uint128).max;
        bytes memory sig = _sign(clientKey, terms);
        vm.expectRevert(
            abi.encodeWithSelector(
                IStorageMarket.StorageMarketInvalidAmount.selector, PRICE, uint256(type(uint128).max) + COLLATERAL
            )
        );
        vm.prank(host);
        market.renewDeal(id, terms, sig);
    }

    function test_renewDeal_revertsForUnknownDeal() public {
        DealId id = DealId.wrap(keccak256("nothing"));
        Messages.StorageDeal memory terms = _renewal(2);
        bytes memory sig = _sign(clientKey, terms);
        vm.expectRevert(abi.encodeWithSelector(IStorageMarket.StorageMarketUnknownDeal.selector, id));
        vm.prank(host);
        market.renewDeal(id, terms, sig);
    }

    function test_renewDeal_revertsWhenNotActive() public {
        DealId id = _acceptDefault();
        vm.prank(client);
        market.cancelDeal(id);
        Messages.StorageDeal memory terms = _renewal(2);
        bytes memory sig = _sign(clientKey, terms);
        vm.expectRevert(
            abi.encodeWithSelector(IStorageMarket.StorageMarketDealNotActive.selector, id, DealStatus.Cancelled)
        );
        vm.prank(host);
        market.renewDeal(id, terms, sig);
    }

    // ---- cancellation

    function test_cancelDeal_beforeStartReturnsEverything() public {
        DealId id = _acceptDefault();
        vm.expectEmit(true, false, false, true, address(market));
        emit IStorageMarket.DealCancelled(id, 0, PERIODS * PRICE);
        vm.prank(client);
        market.cancelDeal(id);
        assertEq(market.creditOf(client), PERIODS * PRICE);
        assertEq(market.creditOf(host), COLLATERAL);
        assertEq(market.getHost(host).used, 0);
        assertEq(market.escrowOf(id), 0);
        assertEq(uint8(market.getDeal(id).status), uint8(DealStatus.Cancelled));
    }

    function test_cancelDeal_afterStartKeepsCurrentPlusNotice() public {
        DealId id = _acceptDefault();
        vm.roll(START + PERIOD + 3); // in period 1: periods 0..2 stay due
        vm.expectEmit(true, false, false, true, address(market));
        emit IStorageMarket.DealCancelled(id, 3, 2 * PRICE);
        vm.prank(client);
        market.cancelDeal(id);
        assertEq(market.getDeal(id).periods, 3);
        assertEq(market.creditOf(client), 2 * PRICE);
        assertEq(market.escrowOf(id), 3 * PRICE);
    }

    function test_cancelDeal_revertsWhenNothingToDrop() public {
        DealId id = _acceptDefault();
        vm.roll(START + 3 * PERIOD + 1); // period 3 of 5: keep 5
        vm.expectRevert(abi.encodeWithSelector(IStorageMarket.StorageMarketNothingToCancel.selector, id, 5, 5));
        vm.prank(client);
        market.cancelDeal(id);
    }

    function test_cancelDeal_revertsForOthers() public {
        DealId id = _acceptDefault();
        vm.expectRevert(abi.encodeWithSelector(IStorageMarket.StorageMarketNotClient.selector, host, client));
        vm.prank(host);
        market.cancelDeal(id);
    }

    function test_cancelDeal_revertsForUnknownDeal() public {
        DealId id = DealId.wrap(bytes32(uint256(1)));
        vm.expectRevert(abi.encodeWithSelector(IStorageMarket.StorageMarketUnknownDeal.selector, id));
        market.cancelDeal(id);
    }

    function _expectAcceptRevert(Messages.StorageDeal memory terms, bytes memory err) internal {
        bytes memory sig = _sign(clientKey, terms);
        vm.expectRevert(err);
        vm.prank(terms.host);
        market.acceptDeal(terms, sig);
    }
}
