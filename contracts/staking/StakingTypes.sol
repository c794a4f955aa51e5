// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Life cycle of a validator. `None` means the address never staked; an `Exited`
/// validator sold all its own shares and may stake again.
enum ValidatorStatus {
    None,
    Active,
    Exited
}

/// @notice The epochs in which a signer key was its validator's key: `from` is the epoch it was
/// bound in, `until` the epoch it was replaced in (or the validator exited in), `type(uint64).max`
/// while it is still the validator's key. A key is slashable only for checkpoints of these epochs.
struct KeyTerm {
    uint64 from;
    uint64 until;
}
