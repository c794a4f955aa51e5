// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {Messages} from "../../../../contracts/lib/Messages.sol";
import {IStakeManager} from "../../../../contracts/staking/IStakeManager.sol";
import {StakeManager} from "../../../../contracts/staking/StakeManager.sol";
import {BTTToken} from "../../../../contracts/token/BTTToken.sol";
import {ValidatorKeys} from "./ValidatorKeys.sol";

/// @notice One StakeManager with BTT, governance and helpers shared by the staking tests.
abstract contract StakingFixture is ValidatorKeys {
    BTTToken internal token;
    StakeManager internal sm;
    address internal gov = makeAddr("gov");

    function _defaults() internal pure returns (IStakeManager.Params memory) {
        return IStakeManager.Params({
            epochLength: 600,
            maxValidators: 4,
            unbondingEpochs: 3,
            jailEpochs: 2,
            slashBps: 1_000,
            bountyBps: 1_000,
            minSelfStake: 1_000e18,
            rewardPerEpoch: 100e18,
            setMaxAge: 1 hours
        });
    }

    function _deploy() internal {
        token = new BTTToken(address(this));
        sm = new StakeManager(IERC20(address(token)), gov, _defaults());
    }

    function _fund(address who, uint256 amount) internal {
        token.mint(who, amount);
        vm.prank(who);
        token.approve(address(sm), type(uint256).max);
    }

    function _stake(address v, address signer, uint256 amount, uint16 commissionBps) internal {
        _fund(v, amount);
        vm.prank(v);
        sm.stake(signer, amount, commissionBps);
    }

    function _delegate(address delegator, address v, uint256 amount) internal returns (uint256 shares) {
        _fund(delegator, amount);
        vm.prank(delegator);
        shares = sm.delegate(v, amount);
    }

    function _fundRewards(uint256 amount) internal {
        _fund(address(this), amount);
        sm.fundRewards(amount);
    }

    function _advance() internal {
        vm.roll(sm.epochStartBlock() + _defaults().epochLength);
        sm.advanceEpoch();
    }

    function _checkpoint(bytes32 root) internal pure returns (Messages.Checkpoint memory) {
        return Messages.Checkpoint({
            sourceChainId: 199,
            destChainId: 1,
            destContract: address(0xC0FFEE),
            epoch: 0,
            startBlock: 1_001,
            endBlock: 2_000,
            blockRoot: root,
            messageRoot: keccak256("messages"),
            messageCount: 4
        });
    }

    /// @dev 65-byte r || s || v signature of a checkpoint.
    function _sign(uint256 key, Messages.Checkpoint memory c) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, Messages.hash(c));
        return abi.encodePacked(r, s, v);
    }

    function _balanceCovers() internal view returns (bool) {
        (uint256 staked, uint256 unbonding, uint256 pool, uint256 owed) = sm.totals();
        return token.balanceOf(address(sm)) >= staked + unbonding + pool + owed;
    }
}
