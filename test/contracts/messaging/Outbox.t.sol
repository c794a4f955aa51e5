// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {IOutbox} from "../../../contracts/messaging/IOutbox.sol";
import {Outbox} from "../../../contracts/messaging/Outbox.sol";
import {RefTree} from "./support/RefTree.sol";

contract OutboxTest is Test {
    Outbox internal outbox;
    address internal constant TARGET = address(0xbeef);

    function setUp() public {
        outbox = new Outbox();
    }

    function _leaf(uint256 dest, uint256 nonce, address sender, bytes memory payload) internal view returns (bytes32) {
        return keccak256(abi.encode(block.chainid, dest, nonce, sender, TARGET, payload));
    }

    function test_send_emitsEveryLeafFieldAndCountsPerDestination() public {
        bytes memory payload = hex"c0ffee";
        vm.expectEmit(address(outbox));
        emit IOutbox.MessageSent(199, 0, address(this), TARGET, payload, _leaf(199, 0, address(this), payload));
        assertEq(outbox.send(199, TARGET, payload), 0);
        assertEq(outbox.send(199, TARGET, payload), 1);
        assertEq(outbox.send(56, TARGET, payload), 0);
        assertEq(outbox.messageCount(199), 2);
        assertEq(outbox.messageCount(56), 1);
        assertEq(outbox.messageCount(1), 0);
    }

    function test_send_rootMatchesReferenceTreeOfLeaves() public {
        bytes32[] memory leaves = new bytes32[](5);
        for (uint256 i; i < 5; ++i) {
            bytes memory payload = abi.encode(i);
            vm.prank(address(uint160(0x1000 + i)));
            outbox.send(1, TARGET, payload);
            leaves[i] = _leaf(1, i, address(uint160(0x1000 + i)), payload);
        }
        assertEq(outbox.root(1), RefTree.root(leaves));
        assertEq(outbox.root(56), RefTree.root(new bytes32[](0)));
    }

    function test_leafOf_matchesEncoding() public view {
        assertEq(outbox.leafOf(block.chainid, 1, 7, address(this), TARGET, hex"01"), _leaf(1, 7, address(this), hex"01"));
    }

    function test_send_revertsOnOwnOrZeroChain() public {
        vm.expectRevert(abi.encodeWithSelector(IOutbox.OutboxInvalidDestination.selector, block.chainid));
        outbox.send(block.chainid, TARGET, "");
        vm.expectRevert(abi.encodeWithSelector(IOutbox.OutboxInvalidDestination.selector, 0));
        outbox.send(0, TARGET, "");
    }

    function test_send_revertsOnZeroTarget() public {
        vm.expectRevert(abi.encodeWithSelector(IOutbox.OutboxInvalidTarget.selector, address(0)));
        outbox.send(1, address(0), "");
    }

    function test_send_revertsOnOversizedPayload() public {
        uint256 max = outbox.MAX_PAYLOAD();
        outbox.send(1, TARGET, new bytes(max));
        vm.expectRevert(abi.encodeWithSelector(IOutbox.OutboxPayloadTooLarge.selector, max + 1, max));
        outbox.send(1, TARGET, new bytes(max + 1));
    }

    function test_send_revertsWhenStreamFull() public {
        // _streams is slot 0; stream(1).count is at keccak256(abi.encode(1, 0)).
        vm.store(address(outbox), keccak256(abi.encode(uint256(1), uint256(0))), bytes32(uint256(1) << 32));
        vm.expectRevert(abi.encodeWithSelector(IOutbox.OutboxStreamFull.selector, 1));
        outbox.send(1, TARGET, "");
    }

    function testFuzz_send_rootTracksReference(uint8 n, uint256 seed) public {
        uint256 count = bound(n, 1, 40);
        bytes32[] memory leaves = new bytes32[](count);
        for (uint256 i; i < count; ++i) {
            bytes memory payload = abi.encode(seed, i);
            outbox.send(56, TARGET, payload);
            leaves[i] = _leaf(56, i, address(this), payload);
        }
        assertEq(outbox.root(56), RefTree.root(leaves));
        assertEq(outbox.messageCount(56), count);
    }
}
