// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IInbox} from "../../../../contracts/messaging/IInbox.sol";
import {IMessageReceiver} from "../../../../contracts/messaging/IMessageReceiver.sol";
import {MessageLib} from "../../../../contracts/messaging/libraries/MessageLib.sol";

/// @notice Records deliveries; can be told to revert.
contract RecordingReceiver is IMessageReceiver {
    error RecordingReceiverRefused(uint256 nonce);

    bool public refuse;
    uint256 public deliveries;
    uint256 public lastSource;
    uint256 public lastNonce;
    address public lastSender;
    bytes public lastPayload;

    function setRefuse(bool value) external {
        refuse = value;
    }

    function onMessage(uint256 sourceChainId, uint256 nonce, address sender, bytes calldata payload)
        external
        returns (bytes4)
    {
        if (refuse) revert RecordingReceiverRefused(nonce);
        ++deliveries;
        (lastSource, lastNonce, lastSender, lastPayload) = (sourceChainId, nonce, sender, payload);
        return IMessageReceiver.onMessage.selector;
    }
}

/// @notice Answers with something other than the selector (a permissive fallback, say).
contract WrongAnswerReceiver {
    fallback(bytes calldata) external returns (bytes memory) {
        return abi.encode(bytes4(0xdeadbeef));
    }
}

/// @notice Reverts with 10 KB of data.
contract BombReceiver {
    fallback() external {
        assembly {
            // Untouched memory far above the free pointer reads as zeros.
            revert(0x10000, 10000)
        }
    }
}

/// @notice Tries to execute a stored message again from inside its own delivery.
contract ReentrantReceiver is IMessageReceiver {
    IInbox public inbox;
    MessageLib.Message internal _message;
    bytes32 internal _root;
    bytes32[] internal _proof;

    function arm(IInbox inbox_, MessageLib.Message calldata message, bytes32 root, bytes32[] calldata proof) external {
        inbox = inbox_;
        _message = message;
        _root = root;
        _proof = proof;
    }

    function onMessage(uint256, uint256, address, bytes calldata) external returns (bytes4) {
        inbox.execute(_message, _root, _proof);
        return IMessageReceiver.onMessage.selector;
    }
}

/// @notice Changes its state, then answers wrongly until fixed: its side effects must not be
/// kept by a failed delivery (each retry would repeat them).
contract SideEffectReceiver {
    bool public answerRightly;
    uint256 public effects;

    function fix() external {
        answerRightly = true;
    }

    function onMessage(uint256, uint256, address, bytes calldata) external returns (bytes4) {
        ++effects;
        return answerRightly ? IMessageReceiver.onMessage.selector : bytes4(0xdeadbeef);
    }
}
