// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {BridgeMessages} from "../../../contracts/bridge/libraries/BridgeMessages.sol";
import {ChildBridge} from "../../../contracts/bridge/ChildBridge.sol";
import {ChildToken} from "../../../contracts/bridge/ChildToken.sol";
import {RootBridge} from "../../../contracts/bridge/RootBridge.sol";
import {Messages} from "../../../contracts/lib/Messages.sol";
import {Inbox} from "../../../contracts/messaging/Inbox.sol";
import {MessageLib} from "../../../contracts/messaging/libraries/MessageLib.sol";
import {Outbox} from "../../../contracts/messaging/Outbox.sol";
import {MessagingFixture} from "../messaging/support/MessagingFixture.sol";
import {RefTree} from "../messaging/support/RefTree.sol";
import {TestToken} from "../../../contracts/test/TestToken.sol";

/// @notice Two chains in one EVM: the handler switches `block.chainid` between Ethereum (1) and
/// BTTC (199) and relays messages exactly as relayers do (signed checkpoint, then one Merkle
/// proof per message). Deposits and withdrawals of a mapped ERC-20 and of BTT (native on BTTC)
/// move in random order, with relays at random times.
contract BridgeHandler is MessagingFixture {
    uint256 internal constant ROOT = 1;
    uint256 internal constant CHILD = 199;

    Outbox public rootOutbox;
    Inbox public rootInbox;
    RootBridge public rootBridge;
    Outbox public childOutbox;
    Inbox public childInbox;
    ChildBridge public childBridge;
    TestToken public usdt;
    TestToken public btt;
    ChildToken public usdtChild;

    /// @dev Per stream: every message sent, how many were relayed, next checkpoint block.
    struct Stream {
        MessageLib.Message[] messages;
        bytes32[] leaves;
        uint256 relayed;
        uint256 nextBlock;
    }

    Stream internal _toChild;
    Stream internal _toRoot;
    mapping(address rootToken => uint256) public depositsInFlight;
    mapping(address rootToken => uint256) public exitsInFlight;
    uint256 public replays;
    /// @dev Fast exits: the executor of every message (the transactions' origin), two fillers,
    /// what each filler paid out and must get back, one exact fill per WITHDRAW index.
    address public executor = makeAddr("executor");
    address[2] public fillers = [makeAddr("filler0"), makeAddr("filler1")];
    mapping(address filler => mapping(address rootToken => uint256)) public fillerFunded;
    mapping(address filler => mapping(address rootToken => uint256)) public fillerPaid;
    mapping(address filler => mapping(address rootToken => uint256)) public fillerOwed;
    mapping(address rootToken => uint256) public deliveryEarnedOnRoot;
    mapping(uint256 index => address) public exactFiller;
    uint256 public fills;
    uint256 public failedFills;
    /// @dev Successful actions (to check the fuzzer does reach them).
    uint256 public relayedMessages;
    address[] internal _actors;

    constructor() {
        _validators();
        vm.chainId(CHILD);
        (, childInbox) = _deployInbox();
        childOutbox = new Outbox();
        childBridge = new ChildBridge(childOutbox, address(childInbox), address(this), 0, 1 ether);
        vm.deal(address(this), 1e30);
        childBridge.fundVault{value: 1e30}();
        vm.chainId(ROOT);
        (, rootInbox) = _deployInbox();
        rootOutbox = new Outbox();
        rootBridge = new RootBridge(rootOutbox, address(rootInbox), CHILD, address(childBridge), address(this), 0, 1 ether);
        usdt = new TestToken("USDT");
        btt = new TestToken("BTT");
        _send(_toChild, rootBridge.mapToken(address(usdt), false, "Tether USD (Ethereum)", "USDT_e", 6),
            BridgeMessages.encodeMapping(BridgeMessages.Mapping(address(usdt), false, "Tether USD (Ethereum)", "USDT_e", 6)));
        _send(_toChild, rootBridge.mapToken(address(btt), true, "", "", 18),
            BridgeMessages.encodeMapping(BridgeMessages.Mapping(address(btt), true, "", "", 18)));
        vm.chainId(CHILD);
        childBridge.setRootBridge(ROOT, address(rootBridge));
        relayToChild();
        usdtChild = ChildToken(childBridge.childTokenOf(ROOT, address(usdt)));
        for (uint256 i; i < 3; ++i) _actors.push(makeAddr(string(abi.encode("actor", i))));
    }

    receive() external payable {}

    function _send(Stream storage s, uint256 nonce, bytes memory payload) internal {
        bool toChild = block.chainid == ROOT;
        MessageLib.Message memory m = MessageLib.Message({
            sourceChainId: toChild ? ROOT : CHILD,
            destChainId: toChild ? CHILD : ROOT,
            nonce: nonce,
            sender: toChild ? address(rootBridge) : address(childBridge),
            target: toChild ? address(childBridge) : address(rootBridge),
            payload: payload
        });
        assertEq(nonce, s.messages.length);
        s.messages.push(m);
        s.leaves.push(_leafOf(m));
    }

    function _relay(Stream storage s, Inbox inbox, uint256 source) internal {
        uint256 n = s.leaves.length;
        if (s.relayed == n) return;
        bytes32 root = RefTree.root(s.leaves);
        Messages.Checkpoint memory c = _checkpoint(address(inbox), source, s.nextBlock, s.nextBlock, root, n);
        inbox.submitCheckpoint(c, _sign(c));
        s.nextBlock++;
        for (uint256 i = s.relayed; i < n; ++i) {
            vm.prank(executor, executor);
            assertTrue(inbox.execute(s.messages[i], root, _prove(s.leaves, i)));
            if (i >= 2 || source == CHILD) {
                BridgeMessages.Transfer memory t = this.decode(s.messages[i].payload);
                if (source == ROOT) {
                    depositsInFlight[t.rootToken] -= t.amount;
                } else {
                    exitsInFlight[t.rootToken] -= t.amount;
                    BridgeMessages.Fees memory f = this.fees(s.messages[i].payload);
                    deliveryEarnedOnRoot[t.rootToken] += f.delivery;
                    address filler = exactFiller[i];
                    if (filler != address(0)) fillerOwed[filler][t.rootToken] += t.amount - f.delivery;
                }
            }
        }
        relayedMessages += n - s.relayed;
        s.relayed = n;
        // Replaying any delivered message must fail.
        (bool ok,) = address(inbox).call(
            abi.encodeCall(Inbox.execute, (s.messages[n - 1], root, _prove(s.leaves, n - 1)))
        );
        if (ok) ++replays;
    }

    function decode(bytes calldata payload) external pure returns (BridgeMessages.Transfer memory) {
        return BridgeMessages.decodeTransfer(payload);
    }

    function fees(bytes calldata payload) external pure returns (BridgeMessages.Fees memory) {
        return BridgeMessages.feesOf(payload);
    }

    // ---------------------------------------------------------------- actions

    function deposit(uint256 actorSeed, bool native, uint256 amount) external {
        address actor = _actors[actorSeed % _actors.length];
        TestToken token = native ? btt : usdt;
        amount = bound(amount, 1, 1e24);
        vm.chainId(ROOT);
        token.mint(actor, amount);
        vm.startPrank(actor);
        token.approve(address(rootBridge), amount);
        uint256 deliveryFee = amount % 3 == 0 ? amount / 4 : 0;
        uint256 nonce = rootBridge.depositWithFee(address(token), actor, amount, deliveryFee);
        vm.stopPrank();
        _send(_toChild, nonce, BridgeMessages.encodeTransfer(
            BridgeMessages.DEPOSIT,
            BridgeMessages.Transfer(address(token), actor, actor, amount),
            BridgeMessages.Fees(0, deliveryFee)
        ));
        depositsInFlight[address(token)] += amount;
    }

    function withdraw(uint256 actorSeed, bool native, uint256 amount) external {
        _withdraw(actorSeed, native, amount, 0, 0);
    }

    /// A withdrawal with a fast-exit fee and a delivery fee (each up to a third of the amount).
    function withdrawFast(uint256 actorSeed, bool native, uint256 amount, uint256 fastSeed, uint256 deliverySeed)
        external
        returns (uint256 index)
    {
        return _withdraw(actorSeed, native, amount, fastSeed, deliverySeed);
    }

    function _withdraw(uint256 actorSeed, bool native, uint256 amount, uint256 fastSeed, uint256 deliverySeed)
        internal
        returns (uint256 index)
    {
        address actor = _actors[actorSeed % _actors.length];
        vm.chainId(CHILD);
        uint256 available = native ? childBridge.nativeBridged(ROOT) : usdtChild.balanceOf(actor);
        if (native && actor.balance < available) available = actor.balance;
        if (available == 0) return type(uint256).max;
        amount = bound(amount, 1, available);
        BridgeMessages.Fees memory f = BridgeMessages.Fees(fastSeed % (amount / 3 + 1), deliverySeed % (amount / 3 + 1));
        vm.prank(actor);
        uint256 nonce = native
            ? childBridge.withdrawNativeWithFees{value: amount}(ROOT, actor, f.fast, f.delivery)
            : childBridge.withdrawWithFees(address(usdtChild), ROOT, actor, amount, f.fast, f.delivery);
        address rootToken = native ? address(btt) : address(usdt);
        index = _toRoot.messages.length;
        _send(_toRoot, nonce, BridgeMessages.encodeTransfer(
            BridgeMessages.WITHDRAW, BridgeMessages.Transfer(rootToken, actor, actor, amount), f));
        exitsInFlight[rootToken] += amount;
    }

    /// A filler fronts a withdrawal not relayed yet, exactly (`mistake % 5 == 0`) or with one
    /// field wrong (amount, recipient, token, nonce). A fill that reverts must cost nothing.
    function fill(uint256 fillerSeed, uint256 indexSeed, uint256 mistake) external returns (bool filled) {
        Stream storage s = _toRoot;
        if (s.relayed == s.messages.length) return false;
        uint256 i = s.relayed + indexSeed % (s.messages.length - s.relayed);
        address filler = fillers[fillerSeed % 2];
        BridgeMessages.Transfer memory t = this.decode(s.messages[i].payload);
        BridgeMessages.Fees memory f = this.fees(s.messages[i].payload);
        uint256 nonce = s.messages[i].nonce;
        mistake %= 5;
        if (mistake == 1) t.amount += 1;
        if (mistake == 2) t.to = t.to == _actors[0] ? _actors[1] : _actors[0];
        if (mistake == 3) t.rootToken = t.rootToken == address(usdt) ? address(btt) : address(usdt);
        if (mistake == 4) nonce += 1000;
        vm.chainId(ROOT);
        TestToken token = TestToken(t.rootToken);
        uint256 pay = t.amount - f.fast - f.delivery;
        token.mint(filler, pay);
        fillerFunded[filler][t.rootToken] += pay;
        vm.startPrank(filler);
        token.approve(address(rootBridge), pay);
        try rootBridge.fill(nonce, t.rootToken, t.to, t.amount, f.fast, f.delivery) {
            filled = true;
        } catch {
            filled = false;
        }
        vm.stopPrank();
        if (!filled) {
            ++failedFills;
            return false;
        }
        ++fills;
        fillerPaid[filler][t.rootToken] += pay;
        if (mistake == 0) {
            assertEq(exactFiller[i], address(0));
            exactFiller[i] = filler;
        }
    }

    function relayToChild() public {
        vm.chainId(CHILD);
        _relay(_toChild, childInbox, ROOT);
    }

    function relayToRoot() public {
        vm.chainId(ROOT);
        _relay(_toRoot, rootInbox, CHILD);
    }
}

contract BridgeInvariantTest is Test {
    BridgeHandler internal handler;

    function setUp() public {
        handler = new BridgeHandler();
        bytes4[] memory selectors = new bytes4[](6);
        selectors[0] = BridgeHandler.deposit.selector;
        selectors[1] = BridgeHandler.withdraw.selector;
        selectors[2] = BridgeHandler.relayToChild.selector;
        selectors[3] = BridgeHandler.relayToRoot.selector;
        selectors[4] = BridgeHandler.withdrawFast.selector;
        selectors[5] = BridgeHandler.fill.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    /// Locked on the root == supply on the child + deposits and exits in flight (ERC-20 mapping).
    function invariant_lockedEqualsChildSupplyPlusInFlight() public view {
        address usdt = address(handler.usdt());
        assertEq(
            handler.rootBridge().locked(usdt),
            handler.usdtChild().totalSupply() + handler.depositsInFlight(usdt) + handler.exitsInFlight(usdt)
        );
    }

    /// The same for BTT, whose child "supply" is what the vault released for this root chain.
    function invariant_lockedBttEqualsReleasedPlusInFlight() public view {
        address btt = address(handler.btt());
        assertEq(
            handler.rootBridge().locked(btt),
            handler.childBridge().nativeBridged(1) + handler.depositsInFlight(btt) + handler.exitsInFlight(btt)
        );
    }

    /// The root bridge holds exactly what it accounts as locked.
    function invariant_balancesMatchLocked() public view {
        RootBridge bridge = handler.rootBridge();
        assertEq(handler.usdt().balanceOf(address(bridge)), bridge.locked(address(handler.usdt())));
        assertEq(handler.btt().balanceOf(address(bridge)), bridge.locked(address(handler.btt())));
    }

    /// Fillers: what each holds is what it was given, minus what it paid recipients, plus the
    /// repayments of the exact fills whose messages executed (each counted once, at execution).
    /// Wrong or losing fills leave only the filler poorer; the executor holds the delivery fees.
    function invariant_fillersPaidAndRepaidExactly() public view {
        address[2] memory tokens = [address(handler.usdt()), address(handler.btt())];
        for (uint256 k; k < 2; ++k) {
            for (uint256 j; j < 2; ++j) {
                address filler = handler.fillers(j);
                assertEq(
                    TestToken(tokens[k]).balanceOf(filler),
                    handler.fillerFunded(filler, tokens[k]) - handler.fillerPaid(filler, tokens[k])
                        + handler.fillerOwed(filler, tokens[k])
                );
            }
            assertEq(TestToken(tokens[k]).balanceOf(handler.executor()), handler.deliveryEarnedOnRoot(tokens[k]));
        }
    }

    /// A fixed story through the handler: both tokens, both directions, exact balances.
    function test_story() public {
        handler.deposit(0, false, 1000);
        handler.deposit(1, true, 5 ether);
        handler.relayToChild();
        address actor0 = makeAddr(string(abi.encode("actor", uint256(0))));
        address actor1 = makeAddr(string(abi.encode("actor", uint256(1))));
        assertEq(handler.usdtChild().balanceOf(actor0), 1000);
        assertEq(actor1.balance, 5 ether);
        handler.withdraw(0, false, 400);
        handler.withdraw(1, true, 2 ether);
        assertEq(handler.exitsInFlight(address(handler.usdt())), 400);
        handler.relayToRoot();
        assertEq(handler.usdt().balanceOf(actor0), 400);
        assertEq(handler.btt().balanceOf(actor1), 2 ether);
        assertEq(handler.rootBridge().locked(address(handler.usdt())), 600);
        assertEq(handler.childBridge().nativeBridged(1), 3 ether);
        assertEq(handler.relayedMessages(), 6);
        invariant_lockedEqualsChildSupplyPlusInFlight();
        invariant_lockedBttEqualsReleasedPlusInFlight();
    }

    /// No delivered message ever executes twice.
    function invariant_noReplay() public view {
        assertEq(handler.replays(), 0);
    }
}
