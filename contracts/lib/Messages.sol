// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";

/// @title Messages
/// @notice EIP-712 digests of every BTT Network signed message (DESIGN section 3) and signer
/// recovery. The domain is `{name: "BTT Network", version: "1"}` with no chainId and no
/// verifyingContract, so any chain computes any digest; each struct names the chain and contract
/// that verify it. The SDK module `messages` computes the same digests (checked by tests).
library Messages {
    /// @notice Validators of `sourceChainId` attest, for `destChainId`, to a block range and outbox root.
    struct Checkpoint {
        uint256 sourceChainId;
        uint256 destChainId;
        address destContract;
        uint256 epoch;
        uint256 startBlock;
        uint256 endBlock;
        bytes32 blockRoot;
        bytes32 messageRoot;
        uint256 messageCount;
    }

    /// @notice The set of `epoch` hands over to the set `newSetHash` for `newEpoch`.
    struct ValidatorSetRotation {
        uint256 destChainId;
        address destContract;
        uint256 epoch;
        uint256 newEpoch;
        bytes32 newSetHash;
        uint256 newTotalPower;
    }

    /// @notice A cumulative bandwidth payment out of a pooled deposit.
    struct Voucher {
        uint256 chainId;
        address pool;
        address payer;
        address payee;
        address token;
        uint256 cumulativeAmount;
        uint256 generation;
    }

    /// @notice A storage deal offered by `client` to `host` (DESIGN section 7).
    struct StorageDeal {
        uint256 chainId;
        address market;
        address client;
        address host;
        bytes32 root;
        uint256 size;
        uint256 start;
        uint256 periods;
        uint256 periodLength;
        uint256 pricePerPeriod;
        uint256 collateral;
        uint256 challengesPerPeriod;
        uint256 nonce;
        uint256 deadline;
    }

    /// @notice The signature is malformed, has a high s value, or recovers to no address.
    error MessagesInvalidSignature(bytes signature);

    bytes32 internal constant DOMAIN_TYPEHASH = keccak256("EIP712Domain(string name,string version)");
    bytes32 internal constant DOMAIN_SEPARATOR =
        keccak256(abi.encode(DOMAIN_TYPEHASH, keccak256("BTT Network"), keccak256("1")));

    bytes32 internal constant CHECKPOINT_TYPEHASH = keccak256(
        "Checkpoint(uint256 sourceChainId,uint256 destChainId,address destContract,uint256 epoch,uint256 startBlock,uint256 endBlock,bytes32 blockRoot,bytes32 messageRoot,uint256 messageCount)"
    );
    bytes32 internal constant ROTATION_TYPEHASH = keccak256(
        "ValidatorSetRotation(uint256 destChainId,address destContract,uint256 epoch,uint256 newEpoch,bytes32 newSetHash,uint256 newTotalPower)"
    );
    bytes32 internal constant VOUCHER_TYPEHASH = keccak256(
        "Voucher(uint256 chainId,address pool,address payer,address payee,address token,uint256 cumulativeAmount,uint256 generation)"
    );
    bytes32 internal constant STORAGE_DEAL_TYPEHASH = keccak256(
        "StorageDeal(uint256 chainId,address market,address client,address host,bytes32 root,uint256 size,uint256 start,uint256 periods,uint256 periodLength,uint256 pricePerPeriod,uint256 collateral,uint256 challengesPerPeriod,uint256 nonce,uint256 deadline)"
    );

    /// @notice EIP-712 digest of a checkpoint.
    function hash(Checkpoint memory c) internal pure returns (bytes32) {
        return _typed(keccak256(abi.encode(CHECKPOINT_TYPEHASH, c)));
    }

    /// @notice EIP-712 digest of a validator-set rotation.
    function hash(ValidatorSetRotation memory r) internal pure returns (bytes32) {
        return _typed(keccak256(abi.encode(ROTATION_TYPEHASH, r)));
    }

    /// @notice EIP-712 digest of a voucher.
    function hash(Voucher memory v) internal pure returns (bytes32) {
        return _typed(keccak256(abi.encode(VOUCHER_TYPEHASH, v)));
    }

    /// @notice EIP-712 digest of a storage deal.
    function hash(StorageDeal memory d) internal pure returns (bytes32) {
        return _typed(keccak256(abi.encode(STORAGE_DEAL_TYPEHASH, d)));
    }

    /// @notice Signer of `digest`; reverts with `MessagesInvalidSignature` on a malformed,
    /// high-s or unrecoverable signature (OpenZeppelin ECDSA rules).
    function recover(bytes32 digest, bytes memory signature) internal pure returns (address signer) {
        ECDSA.RecoverError err;
        (signer, err,) = ECDSA.tryRecover(digest, signature);
        if (err != ECDSA.RecoverError.NoError) revert MessagesInvalidSignature(signature);
    }

    /// @notice Signer of `digest`, or the zero address when the signature is invalid (for batches
    /// that skip bad entries instead of reverting).
    function tryRecover(bytes32 digest, bytes memory signature) internal pure returns (address signer) {
        ECDSA.RecoverError err;
        (signer, err,) = ECDSA.tryRecover(digest, signature);
        if (err != ECDSA.RecoverError.NoError) return address(0);
    }

    function _typed(bytes32 structHash) private pure returns (bytes32) {
        return MessageHashUtils.toTypedDataHash(DOMAIN_SEPARATOR, structHash);
    }
}
