// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

import {Messages} from "../../../contracts/lib/Messages.sol";
import {IInbox} from "../../../contracts/messaging/IInbox.sol";
import {Inbox} from "../../../contracts/messaging/Inbox.sol";
import {MessageLib} from "../../../contracts/messaging/libraries/MessageLib.sol";
import {IValidatorSet} from "../../../contracts/staking/IValidatorSet.sol";
import {ValidatorSet} from "../../../contracts/staking/ValidatorSet.sol";
import {MessagingFixture} from "./support/MessagingFixture.sol";
import {RefTree} from "./support/RefTree.sol";
import {
    BombReceiver, ReentrantReceiver, RecordingReceiver, SideEffectReceiver, WrongAnswerReceiver
} from "./support/Receivers.sol";

contract InboxTest is MessagingFixture {
    uint256 internal constant SOURCE = 199;
    ValidatorSet internal verifier;
    Inbox internal inbox;
    RecordingReceiver internal receiver;
    MessageLib.Message[] internal messages;
    bytes32[] internal leaves;

    function setUp() public {
        _validators();
        (verifier, inbox) = _deployInbox();
        receiver = new RecordingReceiver();
        for (uint256 i; i < 5; ++i) _push(address(receiver), abi.encode("payload", i));
    }

    function _push(address target, bytes memory payload) internal {
        MessageLib.Message memory m = MessageLib.Message({
            sourceChainId: SOURCE,
            destChainId: block.chainid,
            nonce: messages.length,
            sender: address(0x5e4d),
            target: target,
            payload: payload
        });
        messages.push(m);
        leaves.push(_leafOf(m));
    }

    /// @dev Accepts a checkpoint over all current messages; returns its root.
    function _checkpointAll(uint256 startBlock, uint256 endBlock) internal returns (bytes32 root) {
        root = RefTree.root(leaves);
        Messages.Checkpoint memory c = _checkpoint(address(inbox), SOURCE, startBlock, endBlock, root, leaves.length);
        inbox.submitCheckpoint(c, _sign(c));
    }

    function _execute(uint256 i, bytes32 root) internal returns (bool) {
        return inbox.execute(messages[i], root, _prove(leaves, i));
    }

    // ---------------------------------------------------------------- submitCheckpoint

    function test_submitCheckpoint_storesRootAndEmits() public {
        bytes32 root = RefTree.root(leaves);
        Messages.Checkpoint memory c = _checkpoint(address(inbox), SOURCE, 10, 20, root, 5);
        vm.expectEmit(address(inbox));
        emit IInbox.CheckpointAccepted(SOURCE, 0, EPOCH, 10, 20, root, 5, Messages.hash(c));
        inbox.submitCheckpoint(c, _sign(c));
        IInbox.SourceState memory s = inbox.sourceState(SOURCE);
        assertEq(s.messageCount, 5);
        assertEq(s.nextStartBlock, 21);
        assertEq(s.checkpoints, 1);
        assertEq(s.lastRoot, root);
        assertEq(inbox.rootMessageCount(SOURCE, root), 5);
        assertEq(address(inbox.validatorSet()), address(verifier));
    }

    function test_submitCheckpoint_revertsOnReplay() public {
        Messages.Checkpoint memory c = _checkpoint(address(inbox), SOURCE, 10, 20, RefTree.root(leaves), 5);
        IValidatorSet.QuorumProof memory proof = _sign(c);
        inbox.submitCheckpoint(c, proof);
        vm.expectRevert(abi.encodeWithSelector(IInbox.InboxCheckpointNotContiguous.selector, SOURCE, 10, 21));
        inbox.submitCheckpoint(c, proof);
    }

    function test_submitCheckpoint_revertsOnGapOrOverlap() public {
        _checkpointAll(10, 20);
        Messages.Checkpoint memory c = _checkpoint(address(inbox), SOURCE, 22, 30, RefTree.root(leaves), 5);
        IValidatorSet.QuorumProof memory proof = _sign(c);
        vm.expectRevert(abi.encodeWithSelector(IInbox.InboxCheckpointNotContiguous.selector, SOURCE, 22, 21));
        inbox.submitCheckpoint(c, proof);
        c.startBlock = 20;
        proof = _sign(c);
        vm.expectRevert(abi.encodeWithSelector(IInbox.InboxCheckpointNotContiguous.selector, SOURCE, 20, 21));
        inbox.submitCheckpoint(c, proof);
    }

    function test_submitCheckpoint_revertsOnOwnChainAsSource() public {
        Messages.Checkpoint memory c = _checkpoint(address(inbox), block.chainid, 1, 2, bytes32(0), 0);
        IValidatorSet.QuorumProof memory proof = _sign(c);
        vm.expectRevert(abi.encodeWithSelector(IInbox.InboxInvalidSource.selector, block.chainid));
        inbox.submitCheckpoint(c, proof);
    }

    function test_submitCheckpoint_revertsOnInvertedRange() public {
        Messages.Checkpoint memory c = _checkpoint(address(inbox), SOURCE, 5, 4, bytes32(0), 0);
        IValidatorSet.QuorumProof memory proof = _sign(c);
        vm.expectRevert(abi.encodeWithSelector(IInbox.InboxInvalidBlockRange.selector, 5, 4));
        inbox.submitCheckpoint(c, proof);
        c = _checkpoint(address(inbox), SOURCE, 5, type(uint64).max, bytes32(0), 0);
        proof = _sign(c);
        vm.expectRevert(abi.encodeWithSelector(IInbox.InboxInvalidBlockRange.selector, 5, type(uint64).max));
        inbox.submitCheckpoint(c, proof);
    }

    function test_submitCheckpoint_revertsWhenCountDecreasesOrOverflows() public {
        _checkpointAll(10, 20);
        Messages.Checkpoint memory c = _checkpoint(address(inbox), SOURCE, 21, 30, keccak256("x"), 4);
        IValidatorSet.QuorumProof memory proof = _sign(c);
        vm.expectRevert(abi.encodeWithSelector(IInbox.InboxInvalidMessageCount.selector, SOURCE, 4, 5));
        inbox.submitCheckpoint(c, proof);
        c.messageCount = (1 << 32) + 1;
        proof = _sign(c);
        vm.expectRevert(abi.encodeWithSelector(IInbox.InboxInvalidMessageCount.selector, SOURCE, (1 << 32) + 1, 5));
        inbox.submitCheckpoint(c, proof);
    }

    function test_submitCheckpoint_acceptsSameCountWithNoNewMessages() public {
        bytes32 root = _checkpointAll(10, 20);
        Messages.Checkpoint memory c = _checkpoint(address(inbox), SOURCE, 21, 40, root, 5);
        inbox.submitCheckpoint(c, _sign(c));
        assertEq(inbox.sourceState(SOURCE).checkpoints, 2);
        assertEq(inbox.rootMessageCount(SOURCE, root), 5);
    }

    function test_submitCheckpoint_revertsForAnotherChain() public {
        Messages.Checkpoint memory c = _checkpoint(address(inbox), SOURCE, 1, 2, RefTree.root(leaves), 5);
        c.destChainId = 56;
        IValidatorSet.QuorumProof memory proof = _sign(c);
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetWrongChain.selector, 56, block.chainid));
        inbox.submitCheckpoint(c, proof);
    }

    function test_submitCheckpoint_revertsForAnotherContract() public {
        (, Inbox other) = _deployInbox();
        Messages.Checkpoint memory c = _checkpoint(address(other), SOURCE, 1, 2, RefTree.root(leaves), 5);
        IValidatorSet.QuorumProof memory proof = _sign(c);
        vm.expectRevert(
            abi.encodeWithSelector(IValidatorSet.ValidatorSetWrongContract.selector, address(other), address(inbox))
        );
        inbox.submitCheckpoint(c, proof);
    }

    function test_submitCheckpoint_revertsWithoutQuorumByPower() public {
        // Three of four members by count hold 3 of 13 units of power.
        uint256[] memory p = new uint256[](4);
        (p[0], p[1], p[2], p[3]) = (1, 1, 1, 10);
        powers = p;
        (, Inbox weighted) = _deployInbox();
        Messages.Checkpoint memory c = _checkpoint(address(weighted), SOURCE, 1, 2, RefTree.root(leaves), 5);
        IValidatorSet.QuorumProof memory proof = _sign(c);
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetNoQuorum.selector, 3, 13));
        weighted.submitCheckpoint(c, proof);
    }

    function test_submitCheckpoint_revertsWithOldSetAfterRotation() public {
        (uint256[] memory newKeys, address[] memory newSigners) = _keys(4, 77);
        Messages.ValidatorSetRotation memory r = Messages.ValidatorSetRotation({
            destChainId: block.chainid,
            destContract: address(verifier),
            epoch: EPOCH,
            newEpoch: EPOCH + 1,
            newSetHash: keccak256(abi.encode(newSigners, powers)),
            newTotalPower: 400
        });
        verifier.rotate(r, newSigners, powers, _proof(Messages.hash(r), keys, signers, powers, 0xf));
        // The old set signs for the old epoch: refused.
        Messages.Checkpoint memory c = _checkpoint(address(inbox), SOURCE, 1, 2, RefTree.root(leaves), 5);
        IValidatorSet.QuorumProof memory proof = _sign(c);
        vm.expectRevert(abi.encodeWithSelector(IValidatorSet.ValidatorSetWrongEpoch.selector, EPOCH, EPOCH + 1));
        inbox.submitCheckpoint(c, proof);
        // The old set signs for the new epoch: its set no longer matches.
        c.epoch = EPOCH + 1;
        proof = _sign(c);
        vm.expectPartialRevert(IValidatorSet.ValidatorSetHashMismatch.selector);
        inbox.submitCheckpoint(c, proof);
        // The new set is accepted.
        inbox.submitCheckpoint(c, _proof(Messages.hash(c), newKeys, newSigners, powers, 0xe));
    }

    // ---------------------------------------------------------------- execute

    function test_execute_deliversOnceAndEmits() public {
        bytes32 root = _checkpointAll(1, 10);
        vm.expectEmit(address(inbox));
        emit IInbox.MessageExecuted(SOURCE, 3, leaves[3]);
        assertTrue(_execute(3, root));
        assertEq(receiver.deliveries(), 1);
        assertEq(receiver.lastSource(), SOURCE);
        assertEq(receiver.lastNonce(), 3);
        assertEq(receiver.lastSender(), address(0x5e4d));
        assertEq(receiver.lastPayload(), abi.encode("payload", 3));
        assertTrue(inbox.isExecuted(SOURCE, 3));
        assertFalse(inbox.isExecuted(SOURCE, 2));
        bytes32[] memory proof = _prove(leaves, 3);
        vm.expectRevert(abi.encodeWithSelector(IInbox.InboxAlreadyExecuted.selector, SOURCE, 3));
        inbox.execute(messages[3], root, proof);
    }

    function test_execute_withFullDepthProof() public {
        bytes32 root = _checkpointAll(1, 10);
        assertTrue(inbox.execute(messages[4], root, RefTree.proof(leaves, 4, 32)));
    }

    function test_execute_olderRootStaysValid() public {
        bytes32 oldRoot = _checkpointAll(1, 10);
        bytes32[] memory oldLeaves = leaves;
        _push(address(receiver), "later");
        _checkpointAll(11, 20);
        assertTrue(inbox.execute(messages[0], oldRoot, RefTree.proof(oldLeaves, 0, RefTree.heightFor(5))));
        assertEq(inbox.rootMessageCount(SOURCE, oldRoot), 5);
    }

    function test_execute_revertsForAnotherChain() public {
        bytes32 root = _checkpointAll(1, 10);
        MessageLib.Message memory m = messages[0];
        m.destChainId = 56;
        bytes32[] memory proof = _prove(leaves, 0);
        vm.expectRevert(abi.encodeWithSelector(IInbox.InboxWrongChain.selector, 56, block.chainid));
        inbox.execute(m, root, proof);
    }

    function test_execute_revertsOnUnknownRoot() public {
        _checkpointAll(1, 10);
        bytes32[] memory proof = _prove(leaves, 0);
        vm.expectRevert(abi.encodeWithSelector(IInbox.InboxUnknownRoot.selector, SOURCE, keccak256("wrong")));
        inbox.execute(messages[0], keccak256("wrong"), proof);
    }

    function test_execute_revertsOnRootOfAnotherSource() public {
        bytes32 root = _checkpointAll(1, 10);
        MessageLib.Message memory m = messages[0];
        m.sourceChainId = 56;
        bytes32[] memory proof = _prove(leaves, 0);
        vm.expectRevert(abi.encodeWithSelector(IInbox.InboxUnknownRoot.selector, 56, root));
        inbox.execute(m, root, proof);
    }

    function test_execute_revertsOnNonceBeyondCount() public {
        bytes32 root = _checkpointAll(1, 10);
        MessageLib.Message memory m = messages[0];
        m.nonce = 5;
        bytes32[] memory proof = _prove(leaves, 0);
        vm.expectRevert(abi.encodeWithSelector(IInbox.InboxNonceNotCovered.selector, SOURCE, 5, 5));
        inbox.execute(m, root, proof);
    }

    function test_execute_revertsOnBadProofOrTamperedMessage() public {
        bytes32 root = _checkpointAll(1, 10);
        bytes32[] memory proof = _prove(leaves, 1);
        vm.expectRevert(abi.encodeWithSelector(IInbox.InboxInvalidProof.selector, SOURCE, 2, root));
        inbox.execute(messages[2], root, proof);
        MessageLib.Message memory m = messages[1];
        m.payload = "forged";
        vm.expectRevert(abi.encodeWithSelector(IInbox.InboxInvalidProof.selector, SOURCE, 1, root));
        inbox.execute(m, root, proof);
        m = messages[1];
        m.nonce = 3; // the leaf of nonce 1 proven at index 3
        vm.expectRevert(abi.encodeWithSelector(IInbox.InboxInvalidProof.selector, SOURCE, 3, root));
        inbox.execute(m, root, proof);
    }

    function test_execute_failureIsRecordedAndRetryable() public {
        bytes32 root = _checkpointAll(1, 10);
        receiver.setRefuse(true);
        vm.expectEmit(address(inbox));
        emit IInbox.MessageFailed(
            SOURCE, 0, leaves[0], abi.encodeWithSelector(RecordingReceiver.RecordingReceiverRefused.selector, 0)
        );
        assertFalse(_execute(0, root));
        assertFalse(inbox.isExecuted(SOURCE, 0));
        assertTrue(inbox.hasFailed(SOURCE, 0));
        receiver.setRefuse(false);
        assertTrue(_execute(0, root));
        assertTrue(inbox.isExecuted(SOURCE, 0));
        assertEq(receiver.deliveries(), 1);
    }

    function test_execute_targetWithoutCodeOrWrongAnswerFails() public {
        _push(address(0xdead), "to an account");
        _push(address(new WrongAnswerReceiver()), "to a fallback");
        bytes32 root = _checkpointAll(1, 10);
        vm.expectEmit(address(inbox));
        emit IInbox.MessageFailed(SOURCE, 5, leaves[5], "");
        assertFalse(_execute(5, root));
        assertFalse(_execute(6, root));
        assertFalse(inbox.isExecuted(SOURCE, 5));
        assertFalse(inbox.isExecuted(SOURCE, 6));
    }

    /// Issue 14 item 8: a receiver that changes state and then answers wrongly keeps nothing, so
    /// retries do not repeat its side effects; once it answers rightly they happen exactly once.
    function test_execute_wrongAnswerRollsBackSideEffects() public {
        SideEffectReceiver target = new SideEffectReceiver();
        _push(address(target), "effects");
        bytes32 root = _checkpointAll(1, 10);
        assertFalse(_execute(5, root));
        assertFalse(_execute(5, root));
        assertEq(target.effects(), 0, "failed deliveries keep no side effects");
        assertTrue(inbox.hasFailed(SOURCE, 5));
        target.fix();
        assertTrue(_execute(5, root));
        assertEq(target.effects(), 1, "delivered once");
    }

    function test_deliverToReceiver_onlyTheInboxItself() public {
        vm.expectRevert(abi.encodeWithSelector(IInbox.InboxOnlySelf.selector, address(this)));
        inbox.deliverToReceiver(address(receiver), SOURCE, 0, address(0x5e4d), "skip the proof");
        assertEq(receiver.deliveries(), 0);
    }

    function test_execute_truncatesHugeRevertData() public {
        _push(address(new BombReceiver()), "bomb");
        bytes32 root = _checkpointAll(1, 10);
        vm.expectEmit(address(inbox));
        emit IInbox.MessageFailed(SOURCE, 5, leaves[5], new bytes(256));
        assertFalse(_execute(5, root));
    }

    function test_execute_reentryFails() public {
        ReentrantReceiver attacker = new ReentrantReceiver();
        _push(address(attacker), "reenter");
        bytes32 root = _checkpointAll(1, 10);
        attacker.arm(inbox, messages[0], root, _prove(leaves, 0));
        vm.expectEmit(address(inbox));
        emit IInbox.MessageFailed(
            SOURCE, 5, leaves[5], abi.encodeWithSelector(ReentrancyGuard.ReentrancyGuardReentrantCall.selector)
        );
        assertFalse(_execute(5, root));
        assertFalse(inbox.isExecuted(SOURCE, 0));
        assertEq(receiver.deliveries(), 0);
    }

    /// Any message of any stream size executes exactly once, with the shortest proof.
    function testFuzz_execute_onceForAnyStream(uint256 n, uint256 index) public {
        n = bound(n, 1, 40);
        index = bound(index, 0, n - 1);
        while (messages.length < n) _push(address(receiver), abi.encode(messages.length));
        while (messages.length > n) {
            messages.pop();
            leaves.pop();
        }
        bytes32 root = _checkpointAll(1, 10);
        assertTrue(_execute(index, root));
        bytes32[] memory proof = _prove(leaves, index);
        vm.expectRevert(abi.encodeWithSelector(IInbox.InboxAlreadyExecuted.selector, SOURCE, index));
        inbox.execute(messages[index], root, proof);
    }
}
