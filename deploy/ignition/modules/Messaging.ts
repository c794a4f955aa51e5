import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import type { stakingModule } from "./Staking.ts";

/**
 * Cross-chain messaging on a chain that is not the staking home: a ValidatorSet verifier holding
 * a genesis set (rotated later by signed `ValidatorSetRotation`s), the Inbox verifying checkpoints
 * against it, and the Outbox.
 *
 * Parameters (`Messaging.*`): `genesisEpoch`, `signers` (strictly ascending addresses) and
 * `powers` (same length): the set the staking home's ValidatorSet holds at that epoch
 * (deploy/genesis.ts reads it); `maxAge`: seconds a committed set stays usable here, in
 * [3600, 2592000] and at most the home StakeManager's `setMaxAge` (its unbonding delay is longer).
 */
export const Messaging = buildModule("Messaging", (m) => {
  const genesisEpoch = m.getParameter("genesisEpoch");
  const signers = m.getParameter("signers");
  const powers = m.getParameter("powers");
  const maxAge = m.getParameter("maxAge");
  const validatorSet = m.contract("ValidatorSet", [
    "0x0000000000000000000000000000000000000000",
    genesisEpoch,
    signers,
    powers,
    maxAge,
  ]);
  const inbox = m.contract("Inbox", [validatorSet]);
  const outbox = m.contract("Outbox");
  return { validatorSet, inbox, outbox };
});

/**
 * Messaging on the staking home: the Inbox verifies against the ValidatorSet synced from the
 * StakeManager. Same module id as `Messaging`, so the bridge modules and parameter files do not
 * depend on where staking lives; a deployment uses one or the other.
 */
export function messagingHomeModule(staking: ReturnType<typeof stakingModule>) {
  return buildModule("Messaging", (m) => {
    const { validatorSet } = m.useModule(staking);
    const inbox = m.contract("Inbox", [validatorSet]);
    const outbox = m.contract("Outbox");
    return { validatorSet, inbox, outbox };
  });
}

export type MessagingModule = typeof Messaging | ReturnType<typeof messagingHomeModule>;

export default Messaging;
