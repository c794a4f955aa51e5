import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { Messaging, type MessagingModule } from "./Messaging.ts";

/**
 * RootBridge on a root chain, naming the ChildBridge on BTTC and BTTC's chain id (the child is
 * deployed first; the deploy script fills `childBridge` from the child's manifest when the
 * parameter file leaves it out). The ChildBridge learns this bridge through `setRootBridge`
 * (deploy/wire.ts).
 *
 * Parameters (`RootBridge.*`): `childChainId`, `childBridge`, `owner` (default: the deployer),
 * `fee` (flat fee in wei, default 0), `maxFee` (the highest fee governance may ever set, fixed at
 * deployment, in this chain's native wei; default 0: no fee can be set).
 */
export function rootBridgeModule(messaging: MessagingModule) {
  return buildModule("RootBridge", (m) => {
    const { inbox, outbox } = m.useModule(messaging);
    const childChainId = m.getParameter("childChainId");
    const childBridge = m.getParameter("childBridge");
    const owner = m.getParameter("owner", m.getAccount(0));
    const fee = m.getParameter("fee", 0n);
    const maxFee = m.getParameter("maxFee", 0n);
    const rootBridge = m.contract("RootBridge", [outbox, inbox, childChainId, childBridge, owner, fee, maxFee]);
    return { rootBridge };
  });
}

export default rootBridgeModule(Messaging);
