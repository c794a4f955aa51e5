// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Messages} from "../../lib/Messages.sol";
import {IStakeManager} from "../IStakeManager.sol";

/// @title DoubleSign
/// @notice The double-sign rule of DESIGN section 4: two checkpoints for the same
/// (sourceChainId, destChainId, destContract, startBlock, endBlock) that differ in blockRoot,
/// messageRoot or messageCount, validly signed by the same key. `epoch` is not part of the rule.
library DoubleSign {
    /// @notice Checks the evidence; returns the equivocating signer and the evidence id (one per
    /// signer and block range, so the same equivocation is punished once).
    function check(
        Messages.Checkpoint calldata a,
        bytes calldata signatureA,
        Messages.Checkpoint calldata b,
        bytes calldata signatureB
    ) internal pure returns (address signer, bytes32 evidenceId) {
        if (!conflicting(a, b)) revert IStakeManager.StakeManagerNotDoubleSign();
        signer = Messages.recover(Messages.hash(a), signatureA);
        address other = Messages.recover(Messages.hash(b), signatureB);
        if (signer != other) revert IStakeManager.StakeManagerSignersDiffer(signer, other);
        evidenceId = keccak256(abi.encode(signer, a.sourceChainId, a.destChainId, a.destContract, a.startBlock, a.endBlock));
    }

    /// @notice Same destination and block range, different content.
    function conflicting(Messages.Checkpoint calldata a, Messages.Checkpoint calldata b) internal pure returns (bool) {
        bool sameRange = a.sourceChainId == b.sourceChainId && a.destChainId == b.destChainId
            && a.destContract == b.destContract && a.startBlock == b.startBlock && a.endBlock == b.endBlock;
        bool differs =
            a.blockRoot != b.blockRoot || a.messageRoot != b.messageRoot || a.messageCount != b.messageCount;
        return sameRange && differs;
    }
}
