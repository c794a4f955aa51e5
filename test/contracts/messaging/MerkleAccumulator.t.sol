// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {MerkleAccumulator} from "../../../contracts/messaging/libraries/MerkleAccumulator.sol";
import {RefTree} from "./support/RefTree.sol";

contract AccumulatorHarness {
    using MerkleAccumulator for MerkleAccumulator.Tree;

    MerkleAccumulator.Tree internal tree;

    function append(bytes32 leaf) external returns (uint256) {
        return tree.append(leaf);
    }

    function root() external view returns (bytes32) {
        return tree.root();
    }

    function count() external view returns (uint256) {
        return tree.count;
    }

    function computeRoot(bytes32 leaf, uint256 index, bytes32[] calldata proof) external pure returns (bytes32) {
        return MerkleAccumulator.computeRoot(leaf, index, proof);
    }
}

contract MerkleAccumulatorTest is Test {
    AccumulatorHarness internal acc;

    function setUp() public {
        acc = new AccumulatorHarness();
    }

    function _leaves(uint256 n, uint256 seed) internal pure returns (bytes32[] memory leaves) {
        leaves = new bytes32[](n);
        for (uint256 i; i < n; ++i) leaves[i] = keccak256(abi.encode(seed, i));
    }

    function test_emptyRootIsTheEmptySubtreeOfHeight32() public view {
        bytes32 zero;
        for (uint256 h; h < 32; ++h) zero = keccak256(abi.encodePacked(zero, zero));
        assertEq(acc.root(), zero);
        assertEq(acc.root(), RefTree.root(new bytes32[](0)));
    }

    function test_appendReturnsIndexAndCounts() public {
        assertEq(acc.append(bytes32(uint256(1))), 0);
        assertEq(acc.append(bytes32(uint256(2))), 1);
        assertEq(acc.count(), 2);
    }

    function test_appendRevertsWhenFull() public {
        // Slot 0 of the harness is tree.count.
        vm.store(address(acc), bytes32(0), bytes32(MerkleAccumulator.MAX_LEAVES));
        vm.expectRevert(MerkleAccumulator.MerkleAccumulatorFull.selector);
        acc.append(bytes32(uint256(1)));
    }

    function test_computeRootRejectsIndexBeyondProofHeight() public view {
        bytes32[] memory proof = new bytes32[](2);
        assertEq(acc.computeRoot(bytes32(uint256(1)), 4, proof), bytes32(0));
        assertEq(acc.computeRoot(bytes32(uint256(1)), 1, new bytes32[](0)), bytes32(0));
        assertEq(acc.computeRoot(bytes32(uint256(1)), 0, new bytes32[](33)), bytes32(0));
    }

    /// The frontier's root equals the reference tree's after every append.
    function testFuzz_rootMatchesReference(uint256 n, uint256 seed) public {
        n = bound(n, 0, 70);
        bytes32[] memory leaves = _leaves(n, seed);
        for (uint256 i; i < n; ++i) acc.append(leaves[i]);
        assertEq(acc.root(), RefTree.root(leaves));
    }

    /// Every leaf verifies with the shortest proof and with the full depth-32 proof; a wrong
    /// leaf, index or sibling does not.
    function testFuzz_proofsVerify(uint256 n, uint256 index, uint256 seed) public {
        n = bound(n, 1, 40);
        index = bound(index, 0, n - 1);
        bytes32[] memory leaves = _leaves(n, seed);
        for (uint256 i; i < n; ++i) acc.append(leaves[i]);
        bytes32 root = acc.root();
        bytes32[] memory shortest = RefTree.proof(leaves, index, RefTree.heightFor(n));
        bytes32[] memory full = RefTree.proof(leaves, index, 32);
        assertEq(acc.computeRoot(leaves[index], index, shortest), root);
        assertEq(acc.computeRoot(leaves[index], index, full), root);
        assertTrue(acc.computeRoot(keccak256("other"), index, shortest) != root);
        if (n > 1) {
            uint256 other = (index + 1) % n;
            assertTrue(acc.computeRoot(leaves[index], other, shortest) != root);
            shortest[0] = ~shortest[0];
            assertTrue(acc.computeRoot(leaves[index], index, shortest) != root);
        }
    }
}
