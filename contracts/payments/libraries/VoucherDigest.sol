// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Messages} from "../../lib/Messages.sol";

/// @title VoucherDigest
/// @notice The EIP-712 digest of a `Messages.Voucher`, equal to `Messages.hash(voucher)` (checked
/// by a fuzz test) but computed in scratch memory: a batch claim hashes hundreds of vouchers, and
/// building a memory struct plus an `abi.encode` copy per voucher grows memory on every iteration.
library VoucherDigest {
    /// @notice `keccak256("\x19\x01" || DOMAIN_SEPARATOR || keccak256(abi.encode(VOUCHER_TYPEHASH, fields...)))`.
    function hash(
        uint256 chainId,
        address pool,
        address payer,
        address payee,
        address token,
        uint256 cumulativeAmount,
        uint256 generation
    ) internal pure returns (bytes32 digest) {
        bytes32 typeHash = Messages.VOUCHER_TYPEHASH;
        bytes32 domainSeparator = Messages.DOMAIN_SEPARATOR;
        assembly ("memory-safe") {
            // Uses the 256 bytes past the free memory pointer as scratch space without claiming them.
            let m := mload(0x40)
            let addressMask := 0xffffffffffffffffffffffffffffffffffffffff
            mstore(m, typeHash)
            mstore(add(m, 0x20), chainId)
            // Addresses are masked to 160 bits, as abi.encode would leave them.
            mstore(add(m, 0x40), and(pool, addressMask))
            mstore(add(m, 0x60), and(payer, addressMask))
            mstore(add(m, 0x80), and(payee, addressMask))
            mstore(add(m, 0xa0), and(token, addressMask))
            mstore(add(m, 0xc0), cumulativeAmount)
            mstore(add(m, 0xe0), generation)
            let structHash := keccak256(m, 0x100)
            // 0x1901 in the first two bytes, then the domain separator and the struct hash: 66 bytes.
            mstore(m, shl(240, 0x1901))
            mstore(add(m, 0x02), domainSeparator)
            mstore(add(m, 0x22), structHash)
            digest := keccak256(m, 0x42)
        }
    }
}
