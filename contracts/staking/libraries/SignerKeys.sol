// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IStakeManager} from "../IStakeManager.sol";
import {StakeState} from "../StakeState.sol";
import {KeyTerm} from "../StakingTypes.sol";

/// @title SignerKeys
/// @notice Signer keys, their terms, and which double-sign evidence may still slash (DESIGN
/// section 4, "Slashing is bounded").
/// - A key is bound to one validator for ever (it can never serve another one), but it is
///   slashable only for checkpoints of the epochs it was that validator's key: from the epoch it
///   was bound in to the epoch it was replaced in (or the validator exited in).
/// - Evidence must be younger than the unbonding delay: after that, the stake that stood behind
///   the signature may have been withdrawn, and a leaked old key must not reach today's pool.
/// - One slash per jail term: evidence against a jailed validator is refused, and a slash covers
///   every offence signed for epochs up to the one it happened in.
library SignerKeys {
    uint64 internal constant OPEN = type(uint64).max;

    /// @notice Binds `signer` to `validator` from the current epoch on; a key of this validator
    /// that was retired is taken back into service with its original start.
    function bind(StakeState storage s, address validator, address signer) internal {
        if (signer == address(0)) revert IStakeManager.StakeManagerInvalidSigner(signer);
        address owner = s.validatorOfSigner[signer];
        KeyTerm storage term = s.keyTerms[signer];
        if (owner == address(0)) {
            s.validatorOfSigner[signer] = validator;
            term.from = s.epoch;
        } else if (owner != validator) {
            revert IStakeManager.StakeManagerSignerTaken(signer, owner);
        }
        term.until = OPEN;
    }

    /// @notice Ends the term of `signer` with the current epoch.
    function retire(StakeState storage s, address signer) internal {
        s.keyTerms[signer].until = s.epoch;
    }

    /// @notice Reverts unless a double sign by `signer` over checkpoints of `epochA` and `epochB`
    /// may still slash `validator`.
    function checkEvidence(StakeState storage s, address validator, address signer, uint256 epochA, uint256 epochB)
        internal
        view
    {
        IStakeManager.Validator storage val = s.validators[validator];
        if (val.jailed) revert IStakeManager.StakeManagerValidatorJailed(validator, val.jailedUntil);
        KeyTerm memory term = s.keyTerms[signer];
        _checkEpoch(s, validator, signer, term, epochA);
        _checkEpoch(s, validator, signer, term, epochB);
    }

    function _checkEpoch(StakeState storage s, address validator, address signer, KeyTerm memory term, uint256 epoch)
        private
        view
    {
        uint256 current = s.epoch;
        if (epoch < term.from || epoch > term.until || epoch > current) {
            revert IStakeManager.StakeManagerKeyNotActive(signer, epoch, term.from, term.until, current);
        }
        uint256 expiredAt = epoch + s.params.unbondingEpochs;
        if (current >= expiredAt) revert IStakeManager.StakeManagerEvidenceExpired(epoch, expiredAt, current);
        uint256 punishedBefore = s.punishedBefore[validator];
        if (epoch < punishedBefore) revert IStakeManager.StakeManagerOffenceAlreadyPunished(validator, epoch, punishedBefore);
    }
}
