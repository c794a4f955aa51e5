// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Messages} from "../../../../contracts/lib/Messages.sol";
import {Inbox} from "../../../../contracts/messaging/Inbox.sol";
import {MessageLib} from "../../../../contracts/messaging/libraries/MessageLib.sol";
import {IValidatorSet, IValidatorSetSource} from "../../../../contracts/staking/IValidatorSet.sol";
import {ValidatorSet} from "../../../../contracts/staking/ValidatorSet.sol";
import {ValidatorKeys} from "../../staking/support/ValidatorKeys.sol";
import {RefTree} from "./RefTree.sol";

/// @notice A validator set of four (powers 100 each, epoch 1) and helpers that sign checkpoints
/// and prove messages the way relayers do.
abstract contract MessagingFixture is ValidatorKeys {
    uint256 internal constant EPOCH = 1;
    uint256[] internal keys;
    address[] internal signers;
    uint256[] internal powers;

    function _validators() internal {
        (keys, signers) = _keys(4, 42);
        powers = _equalPowers(4, 100);
    }

    function _deployInbox() internal returns (ValidatorSet verifier, Inbox inbox) {
        verifier = new ValidatorSet(IValidatorSetSource(address(0)), EPOCH, signers, powers, 1 days);
        inbox = new Inbox(verifier);
    }

    function _checkpoint(
        address inbox,
        uint256 source,
        uint256 startBlock,
        uint256 endBlock,
        bytes32 root,
        uint256 count
    ) internal view returns (Messages.Checkpoint memory) {
        return Messages.Checkpoint({
            sourceChainId: source,
            destChainId: block.chainid,
            destContract: inbox,
            epoch: EPOCH,
            startBlock: startBlock,
            endBlock: endBlock,
            blockRoot: keccak256(abi.encode("blocks", startBlock, endBlock)),
            messageRoot: root,
            messageCount: count
        });
    }

    /// @dev Quorum proof by the fixture's set (bitmap 0x7: 300 of 400).
    function _sign(Messages.Checkpoint memory c) internal view returns (IValidatorSet.QuorumProof memory) {
        return _proof(Messages.hash(c), keys, signers, powers, 0x7);
    }

    function _leafOf(MessageLib.Message memory m) internal pure returns (bytes32) {
        return keccak256(abi.encode(m.sourceChainId, m.destChainId, m.nonce, m.sender, m.target, m.payload));
    }

    function _leavesOf(MessageLib.Message[] memory ms) internal pure returns (bytes32[] memory leaves) {
        leaves = new bytes32[](ms.length);
        for (uint256 i; i < ms.length; ++i) leaves[i] = _leafOf(ms[i]);
    }

    /// @dev Shortest proof of message `index` in a stream holding `leaves`.
    function _prove(bytes32[] memory leaves, uint256 index) internal pure returns (bytes32[] memory) {
        return RefTree.proof(leaves, index, RefTree.heightFor(leaves.length));
    }
}
