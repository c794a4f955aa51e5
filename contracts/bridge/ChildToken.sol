// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title ChildToken
/// @notice The BTTC representation of one (rootChainId, rootToken), e.g. USDT_t, USDT_e, USDT_b:
/// minted by ChildBridge on deposits, burnt by it on withdrawals. Its supply is exactly what is
/// locked for it on its root chain minus the withdrawals not yet exited there.
contract ChildToken is ERC20 {
    /// @notice Only ChildBridge mints and burns.
    error ChildTokenOnlyBridge(address caller);

    // Public immutables are ABI names: camelCase like every other getter.
    // solhint-disable immutable-vars-naming
    /// @notice The ChildBridge that deployed this token.
    address public immutable bridge;
    /// @notice Chain id of the root chain the token comes from.
    uint256 public immutable rootChainId;
    /// @notice The token on that root chain.
    address public immutable rootToken;
    uint8 private immutable _decimals;
    // solhint-enable immutable-vars-naming

    constructor(string memory name_, string memory symbol_, uint8 decimals_, uint256 rootChainId_, address rootToken_)
        ERC20(name_, symbol_)
    {
        bridge = msg.sender;
        rootChainId = rootChainId_;
        rootToken = rootToken_;
        _decimals = decimals_;
    }

    /// @inheritdoc ERC20
    function decimals() public view override returns (uint8) {
        return _decimals;
    }

    /// @notice Mints `amount` to `to`. Bridge only.
    function mint(address to, uint256 amount) external {
        if (msg.sender != bridge) revert ChildTokenOnlyBridge(msg.sender);
        _mint(to, amount);
    }

    /// @notice Burns `amount` from `from` (no allowance: the bridge acts for the holder who called it).
    /// Bridge only.
    function burn(address from, uint256 amount) external {
        if (msg.sender != bridge) revert ChildTokenOnlyBridge(msg.sender);
        _burn(from, amount);
    }
}
