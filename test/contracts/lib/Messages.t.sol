// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {Messages} from "../../../contracts/lib/Messages.sol";
import {MessagesHarness} from "../../../contracts/test/MessagesHarness.sol";

contract MessagesTest is Test {
    uint256 private constant N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141;
    MessagesHarness private harness;

    function setUp() public {
        harness = new MessagesHarness();
    }

    function test_domainSeparator_isChainIndependent() public {
        bytes32 expected = keccak256(
            abi.encode(keccak256("EIP712Domain(string name,string version)"), keccak256("BTT Network"), keccak256("1"))
        );
        assertEq(harness.domainSeparator(), expected);
        vm.chainId(728126428);
        assertEq(harness.domainSeparator(), expected);
    }

    function testFuzz_recover_returnsSigner(uint256 key, bytes32 digest) public view {
        key = bound(key, 1, N - 1);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        assertEq(harness.recover(digest, abi.encodePacked(r, s, v)), vm.addr(key));
    }

    function testFuzz_recover_rejectsHighS(uint256 key, bytes32 digest) public {
        key = bound(key, 1, N - 1);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        bytes memory high = abi.encodePacked(r, bytes32(N - uint256(s)), v == 27 ? uint8(28) : uint8(27));
        vm.expectRevert(abi.encodeWithSelector(Messages.MessagesInvalidSignature.selector, high));
        harness.recover(digest, high);
        assertEq(harness.tryRecover(digest, high), address(0));
    }

    function test_recover_rejectsWrongLength() public {
        bytes memory sig = new bytes(64);
        vm.expectRevert(abi.encodeWithSelector(Messages.MessagesInvalidSignature.selector, sig));
        harness.recover(bytes32(uint256(1)), sig);
    }

    function testFuzz_voucherDigest_bindsEveryField(uint256 amount, uint256 generation) public view {
        Messages.Voucher memory v = Messages.Voucher({
            chainId: 199,
            pool: address(0x9001),
            payer: address(0xa),
            payee: address(0xb),
            token: address(0),
            cumulativeAmount: amount,
            generation: generation
        });
        bytes32 base = harness.hashVoucher(v);
        unchecked {
            v.cumulativeAmount = amount + 1;
        }
        assertTrue(harness.hashVoucher(v) != base);
        v.cumulativeAmount = amount;
        v.payee = address(0xc);
        assertTrue(harness.hashVoucher(v) != base);
    }
}
