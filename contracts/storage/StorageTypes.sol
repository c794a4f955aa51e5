// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Identifier of a storage deal: the EIP-712 digest of the client-signed `Messages.StorageDeal`
/// it was created from. Unique because the client's nonce is consumed on acceptance, and known to
/// client and host before the deal exists on chain.
type DealId is bytes32;

/// @notice Life cycle of a deal. `None` means no deal has this id.
enum DealStatus {
    None,
    Active,
    Completed,
    Terminated,
    Cancelled
}

/// @notice Why a proof in a batch was skipped (the batch goes on).
enum ProofFailure {
    None,
    /// No deal has this id.
    UnknownDeal,
    /// The deal is completed, terminated or cancelled.
    NotActive,
    /// The block is not inside the proof window of that period (a stale or a future period).
    OutsideWindow,
    /// The period is already settled (proven or reported missed).
    AlreadySettled,
    /// The seed of that period's epoch could not be recorded (a proof records it, timely or late,
    /// so this only guards against a zero block hash).
    NoSeed,
    /// The proof data does not hold challengesPerPeriod x (1 + depth) words.
    Malformed,
    /// A challenged segment and its siblings do not lead to the deal's root.
    BadProof,
    /// Too many unreported missed periods precede this one (report them first).
    Backlog,
    /// Settling the missed periods before this one terminated the deal.
    Terminated
}

/// @notice On-chain state of a deal, packed into five slots; the proof path reads slots 0-2 only.
/// Period p covers blocks [start + p * periodLength, start + (p + 1) * periodLength).
struct Deal {
    // slot 0
    bytes32 root;
    // slot 1
    address host;
    uint40 start;
    uint32 periodLength;
    uint8 challenges;
    /// Consecutive missed periods (reset by a proven period).
    uint8 misses;
    DealStatus status;
    // slot 2
    uint56 size;
    uint8 depth;
    uint32 periods;
    /// Periods below `cursor` are settled (proven, missed, or void).
    uint32 cursor;
    uint128 pricePerPeriod;
    // slot 3
    uint128 collateral;
    // slot 4
    address client;
}

/// @notice A host's registry entry. Slot 0 is never zero for a registered host (capacity > 0), so
/// crediting earnings costs a non-zero to non-zero write.
struct Host {
    // slot 0
    uint128 earned;
    uint64 used;
    uint64 capacity;
    // slot 1
    uint128 pricePerGiBPerPeriod;
    uint128 collateralPerGiB;
    // slot 2+
    string endpoint;
}

/// @notice Terms a host advertises (informational except `capacity`, which bounds accepted bytes).
struct HostTerms {
    uint64 capacity;
    uint128 pricePerGiBPerPeriod;
    uint128 collateralPerGiB;
    string endpoint;
}

/// @notice The proof of one period of one deal. `data` holds, for each challenge j in order, the
/// challenged segment followed by its `depth` siblings (bottom-up).
struct PeriodProof {
    DealId id;
    uint256 period;
    bytes32[] data;
}
