// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

import {ChildBridge} from "../../../contracts/bridge/ChildBridge.sol";
import {IBridge} from "../../../contracts/bridge/IBridge.sol";
import {RootBridge} from "../../../contracts/bridge/RootBridge.sol";
import {GovernanceReceiver} from "../../../contracts/governance/GovernanceReceiver.sol";
import {IGovernanceReceiver} from "../../../contracts/governance/IGovernanceReceiver.sol";
import {Messages} from "../../../contracts/lib/Messages.sol";
import {IInbox} from "../../../contracts/messaging/IInbox.sol";
import {IOutbox} from "../../../contracts/messaging/IOutbox.sol";
import {Inbox} from "../../../contracts/messaging/Inbox.sol";
import {Outbox} from "../../../contracts/messaging/Outbox.sol";
import {MessageLib} from "../../../contracts/messaging/libraries/MessageLib.sol";
import {IValidatorSet} from "../../../contracts/staking/IValidatorSet.sol";
import {ValidatorSet} from "../../../contracts/staking/ValidatorSet.sol";
import {RefTree} from "../messaging/support/RefTree.sol";
import {GovernanceFixture} from "./support/GovernanceFixture.sol";

/// One proposal carried from the home (TRON) to BTTC through the real Outbox, a checkpoint signed
/// by the validator set and the real Inbox; the attacker's side: forged senders, other source
/// chains, direct calls, replays, and a guardian trying everything but a bounded pause.
contract GovernanceReceiverTest is GovernanceFixture {
    uint256 internal constant ETH = 1;
    Outbox internal homeOutbox;
    ValidatorSet internal bttcSet;
    Inbox internal bttcInbox;
    GovernanceReceiver internal bttcReceiver;
    ChildBridge internal childBridge;
    Inbox internal ethInbox;
    GovernanceReceiver internal ethReceiver;
    RootBridge internal rootBridge;
    uint256 internal remoteTime;

    function setUp() public {
        _deployGovernance();
        _population();
        homeOutbox = new Outbox();
        // BTTC: the ChildBridge owned by the receiver.
        vm.chainId(BTTC);
        (bttcSet, bttcInbox) = _deployInbox();
        bttcReceiver = new GovernanceReceiver(address(bttcInbox), HOME, address(timelock), guardian, MAX_PAUSE);
        childBridge = new ChildBridge(new Outbox(), address(bttcInbox), address(this), 0, 1 ether);
        _handOver(address(childBridge), bttcReceiver);
        // Ethereum: a RootBridge owned by its receiver.
        vm.chainId(ETH);
        (, ethInbox) = _deployInbox();
        ethReceiver = new GovernanceReceiver(address(ethInbox), HOME, address(timelock), guardian, MAX_PAUSE);
        rootBridge = new RootBridge(new Outbox(), address(ethInbox), BTTC, address(childBridge), address(this), 0, 1 ether);
        _handOver(address(rootBridge), ethReceiver);
        vm.chainId(HOME);
        remoteTime = block.timestamp + 1 hours;
    }

    function _handOver(address target, GovernanceReceiver receiver) internal {
        Ownable(target).transferOwnership(address(receiver));
        address[] memory targets = new address[](1);
        targets[0] = target;
        receiver.acceptOwnerships(targets);
        assertEq(Ownable(target).owner(), address(receiver));
    }

    function _calls(address target, bytes memory data) internal pure returns (IGovernanceReceiver.Call[] memory c) {
        c = new IGovernanceReceiver.Call[](1);
        c[0] = IGovernanceReceiver.Call(target, 0, data);
    }

    function _feePayload(uint256 fee) internal view returns (bytes memory) {
        return abi.encode(_calls(address(childBridge), abi.encodeCall(IBridge.setFee, (fee))));
    }

    /// @dev A proposal whose action sends `payload` to the BTTC receiver through the home Outbox.
    function _crossChain(bytes memory payload, string memory description) internal view returns (Proposal memory) {
        return _one(
            address(homeOutbox),
            abi.encodeCall(IOutbox.send, (BTTC, address(bttcReceiver), payload)),
            description
        );
    }

    function _message(uint256 source, uint256 dest, uint256 nonce, address sender, address target, bytes memory payload)
        internal
        pure
        returns (MessageLib.Message memory)
    {
        return MessageLib.Message(source, dest, nonce, sender, target, payload);
    }

    /// @dev On `inbox`'s chain: accepts a checkpoint of `ms` from `source`; returns its root.
    function _checkpointOf(Inbox inbox, uint256 source, MessageLib.Message[] memory ms, uint256 startBlock)
        internal
        returns (bytes32 root)
    {
        bytes32[] memory leaves = _leavesOf(ms);
        root = RefTree.root(leaves);
        Messages.Checkpoint memory c = _checkpoint(address(inbox), source, startBlock, startBlock + 10, root, ms.length);
        inbox.submitCheckpoint(c, _sign(c));
    }

    /// @dev Switches to `chainId`, an hour after setUp on its clock: the remote sets in this test
    /// are not rotated, and a live network rotates them while the home waits out the timelock.
    function _onChain(uint256 chainId) internal {
        vm.chainId(chainId);
        vm.warp(remoteTime);
    }

    function _single(MessageLib.Message memory m) internal pure returns (MessageLib.Message[] memory ms) {
        ms = new MessageLib.Message[](1);
        ms[0] = m;
    }

    // ---------------------------------------------------------------- cross-chain actions

    function test_crossChain_executesExactlyOnceOnItsDestination() public {
        bytes memory payload = _feePayload(0.25 ether);
        _pass(_crossChain(payload, "BTTC fee 0.25"));
        MessageLib.Message memory m = _message(HOME, BTTC, 0, address(timelock), address(bttcReceiver), payload);
        // The Outbox holds exactly the message the timelock sent.
        assertEq(homeOutbox.root(BTTC), RefTree.root(_leavesOf(_single(m))));

        _onChain(BTTC);
        bytes32 root = _checkpointOf(bttcInbox, HOME, _single(m), 1);
        vm.expectEmit(address(bttcReceiver));
        emit IGovernanceReceiver.GovernanceExecuted(HOME, 0, 1);
        assertTrue(bttcInbox.execute(m, root, _prove(_leavesOf(_single(m)), 0)));
        assertEq(childBridge.fee(), 0.25 ether);
        // Once.
        bytes32[] memory proof = _prove(_leavesOf(_single(m)), 0);
        vm.expectRevert(abi.encodeWithSelector(IInbox.InboxAlreadyExecuted.selector, HOME, 0));
        bttcInbox.execute(m, root, proof);

        // Nowhere else: Ethereum's Inbox refuses a message for BTTC.
        _onChain(ETH);
        bytes32 ethRoot = _checkpointOf(ethInbox, HOME, _single(m), 1);
        vm.expectRevert(abi.encodeWithSelector(IInbox.InboxWrongChain.selector, BTTC, ETH));
        ethInbox.execute(m, ethRoot, proof);
    }

    function test_crossChain_failingActionStaysRetryable() public {
        // Above the bridge's maxFee: the action reverts on BTTC, the message is kept for a retry.
        bytes memory payload = _feePayload(2 ether);
        _pass(_crossChain(payload, "BTTC fee 2"));
        MessageLib.Message memory m = _message(HOME, BTTC, 0, address(timelock), address(bttcReceiver), payload);
        _onChain(BTTC);
        bytes32 root = _checkpointOf(bttcInbox, HOME, _single(m), 1);
        assertFalse(bttcInbox.execute(m, root, _prove(_leavesOf(_single(m)), 0)));
        assertTrue(bttcInbox.hasFailed(HOME, 0));
        assertFalse(bttcInbox.isExecuted(HOME, 0));
        assertEq(childBridge.fee(), 0);
    }

    /// @dev Ethereum and BNB Chain are reached through BTTC (messaging runs root <-> BTTC): their
    /// receiver obeys BTTC's receiver, and a proposal's BTTC leg sends the Ethereum leg on.
    function test_crossChain_twoHopsThroughBttcReachEthereumOnce() public {
        _onChain(BTTC);
        Outbox bttcOutbox = new Outbox();
        _onChain(ETH);
        GovernanceReceiver viaBttc =
            new GovernanceReceiver(address(ethInbox), BTTC, address(bttcReceiver), guardian, MAX_PAUSE);
        RootBridge ethBridge =
            new RootBridge(new Outbox(), address(ethInbox), BTTC, address(childBridge), address(this), 0, 1 ether);
        _handOver(address(ethBridge), viaBttc);
        vm.chainId(HOME);

        bytes memory ethPayload = abi.encode(_calls(address(ethBridge), abi.encodeCall(IBridge.setFee, (0.3 ether))));
        bytes memory bttcPayload = abi.encode(
            _calls(address(bttcOutbox), abi.encodeCall(IOutbox.send, (ETH, address(viaBttc), ethPayload)))
        );
        _pass(_crossChain(bttcPayload, "Ethereum fee 0.3, through BTTC"));

        // Hop 1 on BTTC: the receiver sends the Ethereum leg through BTTC's Outbox.
        MessageLib.Message memory m1 = _message(HOME, BTTC, 0, address(timelock), address(bttcReceiver), bttcPayload);
        _onChain(BTTC);
        bytes32 root1 = _checkpointOf(bttcInbox, HOME, _single(m1), 1);
        assertTrue(bttcInbox.execute(m1, root1, _prove(_leavesOf(_single(m1)), 0)));
        MessageLib.Message memory m2 = _message(BTTC, ETH, 0, address(bttcReceiver), address(viaBttc), ethPayload);
        assertEq(bttcOutbox.root(ETH), RefTree.root(_leavesOf(_single(m2))));

        // Hop 2 on Ethereum: executed once; the same leg from anyone else is refused.
        _onChain(ETH);
        bytes32 root2 = _checkpointOf(ethInbox, BTTC, _single(m2), 1);
        bytes32[] memory proof = _prove(_leavesOf(_single(m2)), 0);
        assertTrue(ethInbox.execute(m2, root2, proof));
        assertEq(ethBridge.fee(), 0.3 ether);
        vm.expectRevert(abi.encodeWithSelector(IInbox.InboxAlreadyExecuted.selector, BTTC, 0));
        ethInbox.execute(m2, root2, proof);
        vm.prank(attacker);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernanceReceiver.GovernanceReceiverUnauthorized.selector, attacker, BTTC, address(bttcReceiver)
            )
        );
        bytes memory forged = abi.encode(_calls(address(ethBridge), abi.encodeCall(IBridge.setFee, (1))));
        viaBttc.onMessage(BTTC, 1, address(bttcReceiver), forged);
        assertEq(ethBridge.fee(), 0.3 ether);
    }

    // ---------------------------------------------------------------- forged governance

    function test_forged_messageFromAnotherSenderIsRefused() public {
        // The attacker sends the same action through the same Outbox: its sender is the attacker.
        bytes memory payload = _feePayload(0.9 ether);
        vm.prank(attacker);
        homeOutbox.send(BTTC, address(bttcReceiver), payload);
        MessageLib.Message memory m = _message(HOME, BTTC, 0, attacker, address(bttcReceiver), payload);
        _onChain(BTTC);
        bytes32 root = _checkpointOf(bttcInbox, HOME, _single(m), 1);
        vm.expectEmit(address(bttcInbox));
        emit IInbox.MessageFailed(
            HOME,
            0,
            _leafOf(m),
            abi.encodeWithSelector(
                IGovernanceReceiver.GovernanceReceiverUnauthorized.selector, address(bttcInbox), HOME, attacker
            )
        );
        assertFalse(bttcInbox.execute(m, root, _prove(_leavesOf(_single(m)), 0)));
        assertEq(childBridge.fee(), 0);
    }

    function test_forged_timelockAddressOnAnotherChainIsRefused() public {
        // Same sender address, but from Ethereum (say, a contract deployed at the timelock's address there).
        bytes memory payload = _feePayload(0.9 ether);
        MessageLib.Message memory m = _message(ETH, BTTC, 0, address(timelock), address(bttcReceiver), payload);
        _onChain(BTTC);
        bytes32 root = _checkpointOf(bttcInbox, ETH, _single(m), 1);
        assertFalse(bttcInbox.execute(m, root, _prove(_leavesOf(_single(m)), 0)));
        assertEq(childBridge.fee(), 0);
    }

    function test_forged_directCallsAreRefusedOnEveryChain() public {
        bytes memory payload = _feePayload(0.9 ether);
        GovernanceReceiver[3] memory receivers = [homeReceiver, bttcReceiver, ethReceiver];
        uint256[3] memory chains = [HOME, BTTC, ETH];
        for (uint256 i; i < 3; ++i) {
            vm.chainId(chains[i]);
            GovernanceReceiver r = receivers[i];
            // Posing as the Inbox's caller with the timelock as sender.
            vm.prank(attacker);
            vm.expectRevert(
                abi.encodeWithSelector(
                    IGovernanceReceiver.GovernanceReceiverUnauthorized.selector, attacker, HOME, address(timelock)
                )
            );
            r.onMessage(HOME, 0, address(timelock), payload);
            // The home path.
            vm.prank(attacker);
            vm.expectRevert(
                abi.encodeWithSelector(
                    IGovernanceReceiver.GovernanceReceiverUnauthorized.selector, attacker, chains[i], attacker
                )
            );
            r.execute(_calls(address(childBridge), abi.encodeCall(IBridge.setFee, (1))));
        }
        // The timelock's home path works only on the home.
        vm.chainId(BTTC);
        vm.prank(address(timelock));
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernanceReceiver.GovernanceReceiverUnauthorized.selector, address(timelock), BTTC, address(timelock)
            )
        );
        bttcReceiver.execute(_calls(address(childBridge), abi.encodeCall(IBridge.setFee, (1))));
        assertEq(childBridge.fee(), 0);
    }

    // ---------------------------------------------------------------- guardian

    function _guard() internal {
        vm.chainId(ETH);
        vm.prank(address(ethReceiver)); // a governance action
        ethReceiver.setGuarded(address(rootBridge), true);
    }

    function test_guardian_pausesForAtMostItsBoundThenItEnds() public {
        _guard();
        vm.prank(guardian);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernanceReceiver.GovernanceReceiverPauseOutOfRange.selector, MAX_PAUSE + 1, MAX_PAUSE
            )
        );
        ethReceiver.guardianPause(address(rootBridge), MAX_PAUSE + 1);
        vm.prank(guardian);
        ethReceiver.guardianPause(address(rootBridge), MAX_PAUSE);
        assertTrue(rootBridge.paused());
        uint256 until = block.timestamp + MAX_PAUSE;
        // Not ended early, by anyone.
        vm.warp(until - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernanceReceiver.GovernanceReceiverPauseNotOver.selector, address(rootBridge), until
            )
        );
        ethReceiver.endGuardianPause(address(rootBridge));
        // Not renewed while it runs nor right after: one pause, then as long a rest.
        vm.prank(guardian);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernanceReceiver.GovernanceReceiverPauseCoolingDown.selector, address(rootBridge), until + MAX_PAUSE
            )
        );
        ethReceiver.guardianPause(address(rootBridge), 1);
        vm.warp(until);
        vm.prank(attacker);
        ethReceiver.endGuardianPause(address(rootBridge));
        assertFalse(rootBridge.paused());
        vm.warp(until + MAX_PAUSE);
        vm.prank(guardian);
        ethReceiver.guardianPause(address(rootBridge), 1 hours);
        assertTrue(rootBridge.paused());
    }

    function test_guardian_canDoNothingElse() public {
        _guard();
        vm.prank(guardian);
        ethReceiver.guardianPause(address(rootBridge), 1 hours);
        bytes memory notOwner = abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian);
        vm.startPrank(guardian);
        // Cannot unpause, map tokens, move funds, change parameters or take ownership on the bridge.
        vm.expectRevert(notOwner);
        rootBridge.unpause();
        vm.expectRevert(notOwner);
        rootBridge.mapToken(address(0xdead), false, "X", "X", 18);
        vm.expectRevert(notOwner);
        rootBridge.claimFees(payable(guardian));
        vm.expectRevert(notOwner);
        rootBridge.setFee(1);
        vm.expectRevert(notOwner);
        rootBridge.transferOwnership(guardian);
        // Cannot use the receiver's governance paths or settings.
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernanceReceiver.GovernanceReceiverUnauthorized.selector, guardian, ETH, guardian
            )
        );
        ethReceiver.execute(_calls(address(rootBridge), abi.encodeCall(Pausable.paused, ())));
        bytes memory onlySelf =
            abi.encodeWithSelector(IGovernanceReceiver.GovernanceReceiverOnlySelf.selector, guardian);
        vm.expectRevert(onlySelf);
        ethReceiver.setGuardian(guardian);
        vm.expectRevert(onlySelf);
        ethReceiver.setGuarded(address(childBridge), true);
        vm.expectRevert(onlySelf);
        ethReceiver.clearGuardianPause(address(rootBridge));
        // Cannot pause what governance did not give it.
        vm.expectRevert(
            abi.encodeWithSelector(IGovernanceReceiver.GovernanceReceiverNotGuarded.selector, address(childBridge))
        );
        ethReceiver.guardianPause(address(childBridge), 1 hours);
        vm.stopPrank();
        // Nobody but the guardian pauses.
        vm.prank(attacker);
        vm.expectRevert(
            abi.encodeWithSelector(IGovernanceReceiver.GovernanceReceiverOnlyGuardian.selector, attacker)
        );
        ethReceiver.guardianPause(address(rootBridge), 1 hours);
    }

    function test_guardian_governanceKeepsAPauseOrUnpausesEarly() public {
        _guard();
        vm.prank(guardian);
        ethReceiver.guardianPause(address(rootBridge), 1 hours);
        // Governance takes the pause over: it outlives the guardian's bound.
        vm.prank(address(ethReceiver));
        ethReceiver.clearGuardianPause(address(rootBridge));
        vm.warp(block.timestamp + 2 hours);
        vm.expectRevert(
            abi.encodeWithSelector(IGovernanceReceiver.GovernanceReceiverPauseNotOver.selector, address(rootBridge), 0)
        );
        ethReceiver.endGuardianPause(address(rootBridge));
        assertTrue(rootBridge.paused());
    }

    function test_constructor_maxPauseRange() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernanceReceiver.GovernanceReceiverMaxPauseOutOfRange.selector, 1 hours - 1, 1 hours, 14 days
            )
        );
        new GovernanceReceiver(address(ethInbox), HOME, address(timelock), guardian, 1 hours - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernanceReceiver.GovernanceReceiverMaxPauseOutOfRange.selector, 14 days + 1, 1 hours, 14 days
            )
        );
        new GovernanceReceiver(address(ethInbox), HOME, address(timelock), guardian, 14 days + 1);
    }
}
