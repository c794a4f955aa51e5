// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ContentProof} from "../../lib/ContentProof.sol";
import {Messages} from "../../lib/Messages.sol";
import {IStorageMarket} from "../IStorageMarket.sol";
import {DealId} from "../StorageTypes.sol";

/// @title OfferLib
/// @notice Validation of client-signed `StorageDeal` offers (new deals and renewals) and the nonce bitmap.
library OfferLib {
    /// @notice Most challenges per period (bounds proof size and gas).
    uint256 internal constant MAX_CHALLENGES = 16;

    /// @notice Checks the fields shared by new deals and renewals, consumes the nonce and returns the
    /// offer's digest (the deal id of a new deal). Reverts with the market's custom errors.
    function consume(
        Messages.StorageDeal calldata terms,
        bytes calldata signature,
        uint256 epochLength,
        mapping(address => mapping(uint256 => uint256)) storage nonces
    ) internal returns (DealId id) {
        if (terms.chainId != block.chainid) revert IStorageMarket.StorageMarketWrongChain(terms.chainId, block.chainid);
        if (terms.market != address(this)) revert IStorageMarket.StorageMarketWrongMarket(terms.market, address(this));
        if (msg.sender != terms.host) revert IStorageMarket.StorageMarketNotHost(msg.sender, terms.host);
        if (block.number > terms.deadline) {
            revert IStorageMarket.StorageMarketDeadlinePassed(terms.deadline, block.number);
        }
        if (terms.client == address(0) || terms.client == terms.host) {
            revert IStorageMarket.StorageMarketInvalidParties(terms.client, terms.host);
        }
        checkShape(terms, epochLength);
        bytes32 digest = Messages.hash(terms);
        address signer = Messages.recover(digest, signature);
        if (signer != terms.client) revert IStorageMarket.StorageMarketWrongSigner(signer, terms.client);
        use(nonces, terms.client, terms.nonce);
        return DealId.wrap(digest);
    }

    /// @notice Range checks of the deal's shape (start, period length, periods, size, challenges, amounts).
    function checkShape(Messages.StorageDeal calldata terms, uint256 epochLength) internal view {
        if (terms.start < block.number || terms.start % epochLength != 0 || terms.start > type(uint40).max) {
            revert IStorageMarket.StorageMarketInvalidStart(terms.start, block.number, epochLength);
        }
        if (
            terms.periodLength == 0 || terms.periodLength % epochLength != 0
                || terms.periodLength > type(uint32).max
        ) revert IStorageMarket.StorageMarketInvalidPeriodLength(terms.periodLength, epochLength);
        if (terms.periods == 0 || terms.periods > type(uint32).max) {
            revert IStorageMarket.StorageMarketInvalidPeriods(terms.periods);
        }
        if (terms.size == 0 || terms.size > ContentProof.SEGMENT_SIZE << ContentProof.MAX_DEPTH) {
            revert IStorageMarket.StorageMarketInvalidSize(terms.size);
        }
        if (terms.challengesPerPeriod == 0 || terms.challengesPerPeriod > MAX_CHALLENGES) {
            revert IStorageMarket.StorageMarketInvalidChallenges(terms.challengesPerPeriod, MAX_CHALLENGES);
        }
        if (terms.pricePerPeriod > type(uint128).max || terms.collateral > type(uint128).max) {
            revert IStorageMarket.StorageMarketInvalidAmount(terms.pricePerPeriod, terms.collateral);
        }
    }

    /// @notice Whether `client` used `nonce`.
    function isUsed(mapping(address => mapping(uint256 => uint256)) storage nonces, address client, uint256 nonce)
        internal
        view
        returns (bool)
    {
        return nonces[client][nonce >> 8] & (uint256(1) << (nonce & 0xff)) != 0;
    }

    /// @notice Marks `nonce` of `client` used; reverts `StorageMarketNonceUsed` if it already was.
    function use(mapping(address => mapping(uint256 => uint256)) storage nonces, address client, uint256 nonce)
        internal
    {
        uint256 bit = uint256(1) << (nonce & 0xff);
        uint256 word = nonces[client][nonce >> 8];
        if (word & bit != 0) revert IStorageMarket.StorageMarketNonceUsed(client, nonce);
        nonces[client][nonce >> 8] = word | bit;
    }
}
