// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {BridgeMessages} from "../../contracts/bridge/libraries/BridgeMessages.sol";
import {RootBridge} from "../../contracts/bridge/RootBridge.sol";
import {IMessageReceiver} from "../../contracts/messaging/IMessageReceiver.sol";
import {Outbox} from "../../contracts/messaging/Outbox.sol";
import {TronUsdtToken} from "../../contracts/test/TronUsdtToken.sol";

/// TRON's USDT returns false from `transfer` although the transfer happened (issue 14, item 10):
/// a withdrawal of it back to TRON must release the tokens instead of reverting for ever.
contract RootBridgeTronUsdtTest is Test {
    uint256 internal constant CHILD = 199;
    address internal constant CHILD_BRIDGE = address(0xc41d);
    Outbox internal outbox;
    RootBridge internal bridge;
    TronUsdtToken internal usdt;
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    function setUp() public {
        outbox = new Outbox();
        bridge = new RootBridge(outbox, address(this), CHILD, CHILD_BRIDGE, address(this), 0, 0);
        usdt = new TronUsdtToken();
        bridge.mapToken(address(usdt), false, "Tether USD (TRON)", "USDT_t", 6);
        usdt.mint(alice, 1_000e6);
        vm.prank(alice);
        usdt.approve(address(bridge), type(uint256).max);
    }

    function test_tronUsdt_depositThenWithdrawalReleases() public {
        vm.prank(alice);
        bridge.deposit(address(usdt), bob, 400e6);
        bytes memory payload = BridgeMessages.encodeTransfer(
            BridgeMessages.WITHDRAW, BridgeMessages.Transfer(address(usdt), bob, bob, 150e6)
        );
        assertEq(bridge.onMessage(CHILD, 1, CHILD_BRIDGE, payload), IMessageReceiver.onMessage.selector);
        assertEq(usdt.balanceOf(bob), 150e6);
        assertEq(usdt.balanceOf(address(bridge)), 250e6);
        assertEq(bridge.locked(address(usdt)), 250e6);
    }
}
