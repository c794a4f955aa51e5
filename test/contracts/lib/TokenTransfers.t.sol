// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Test} from "forge-std/Test.sol";

import {TokenTransfers} from "../../../contracts/lib/TokenTransfers.sol";
import {TestToken} from "../../../contracts/test/TestToken.sol";
import {TronUsdtToken} from "../../../contracts/test/TronUsdtToken.sol";

/// @dev Answers `false` and moves nothing (a token that really failed).
contract FalseNoopToken is ERC20 {
    constructor() ERC20("Noop", "NOOP") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function transfer(address, uint256) public pure override returns (bool) {
        return false;
    }
}

/// @dev Answers `false`, moves the funds but keeps 1% (fee on transfer with TRON USDT's answer).
contract FalseFeeToken is ERC20 {
    constructor() ERC20("FalseFee", "FF") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function transfer(address to, uint256 value) public override returns (bool) {
        _transfer(msg.sender, address(0xfee), value / 100);
        _transfer(msg.sender, to, value - value / 100);
        return false;
    }
}

/// @dev Returns nothing from `transfer` (Ethereum's USDT style).
contract NoReturnToken {
    mapping(address => uint256) public balanceOf;

    function mint(address to, uint256 amount) external {
        balanceOf[to] += amount;
    }

    function transfer(address to, uint256 value) external {
        balanceOf[msg.sender] -= value;
        balanceOf[to] += value;
    }
}

contract TokenTransfersHarness {
    function send(IERC20 token, address to, uint256 amount) external {
        TokenTransfers.safeTransferExact(token, to, amount);
    }

    function sendWithOpenZeppelin(IERC20 token, address to, uint256 amount) external {
        SafeERC20.safeTransfer(token, to, amount);
    }
}

contract TokenTransfersTest is Test {
    TokenTransfersHarness internal harness = new TokenTransfersHarness();
    address internal bob = makeAddr("bob");

    function test_tronUsdt_falseButMovedIsAccepted() public {
        TronUsdtToken usdt = new TronUsdtToken();
        usdt.mint(address(harness), 100);
        // OpenZeppelin's safeTransfer refuses it: the reproduced lock.
        vm.expectRevert(abi.encodeWithSelector(SafeERC20.SafeERC20FailedOperation.selector, address(usdt)));
        harness.sendWithOpenZeppelin(usdt, bob, 40);
        harness.send(usdt, bob, 40);
        assertEq(usdt.balanceOf(bob), 40);
        assertEq(usdt.balanceOf(address(harness)), 60);
    }

    function test_standardAndNoReturnTokensAreAccepted() public {
        TestToken plain = new TestToken("T");
        plain.mint(address(harness), 10);
        harness.send(plain, bob, 10);
        assertEq(plain.balanceOf(bob), 10);
        NoReturnToken bare = new NoReturnToken();
        bare.mint(address(harness), 10);
        harness.send(IERC20(address(bare)), bob, 7);
        assertEq(bare.balanceOf(bob), 7);
    }

    function test_falseWithoutTransferIsRejected() public {
        FalseNoopToken noop = new FalseNoopToken();
        noop.mint(address(harness), 10);
        vm.expectRevert(
            abi.encodeWithSelector(TokenTransfers.TokenTransferUnproven.selector, address(noop), bob, 10, 0, 0)
        );
        harness.send(noop, bob, 10);
    }

    function test_falseWithFeeOnTransferIsRejected() public {
        FalseFeeToken fee = new FalseFeeToken();
        fee.mint(address(harness), 1_000);
        vm.expectRevert(
            abi.encodeWithSelector(TokenTransfers.TokenTransferUnproven.selector, address(fee), bob, 1_000, 1_000, 990)
        );
        harness.send(fee, bob, 1_000);
    }

    function test_revertsAndCodelessTokensAreRejected() public {
        TestToken plain = new TestToken("T");
        vm.expectRevert(abi.encodeWithSelector(TokenTransfers.TokenTransferReverted.selector, address(plain), bob, 1));
        harness.send(plain, bob, 1);
        // No code: balanceOf itself fails (nothing can be proven).
        vm.expectRevert();
        harness.send(IERC20(makeAddr("nothing")), bob, 1);
    }

    function testFuzz_tronUsdt_exactAmounts(uint96 minted, uint96 amount) public {
        vm.assume(amount <= minted);
        TronUsdtToken usdt = new TronUsdtToken();
        usdt.mint(address(harness), minted);
        harness.send(usdt, bob, amount);
        assertEq(usdt.balanceOf(bob), amount);
        assertEq(usdt.balanceOf(address(harness)), uint256(minted) - amount);
    }
}
